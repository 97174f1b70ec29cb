/**
 * The partition of a region and the STS host the SDK calls there, without loading the SDK: input
 * checks need both, and a `credential_process` answered from the cache must not pay for the SDK
 * (about 1 MB of JavaScript) to check its region. The table is the SDK's (`partition` of
 * `@aws-sdk/core/client`, and the STS client's endpoint rules with neither FIPS nor dual-stack);
 * `__tests__/engine/regions.test.ts` holds it to the installed SDK, region by region, so an SDK
 * update that changes a partition fails that test.
 */

interface Partition {
  name: string
  dnsSuffix: string
  /** The suffix of dual-stack (IPv4 and IPv6) hosts. Every partition has FIPS and dual-stack hosts. */
  dualStackDnsSuffix: string
  /** Regions of the partition, present and future, as the SDK recognises them. */
  regionRegex: RegExp
  /** Names the SDK lists for the partition that its pattern does not cover. */
  named: string[]
}

/** In the SDK's order: a region is looked up by name first, then by the first pattern it fits. */
const PARTITIONS: Partition[] = [
  {
    name: 'aws',
    dnsSuffix: 'amazonaws.com',
    dualStackDnsSuffix: 'api.aws',
    regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    named: ['aws-global']
  },
  {
    name: 'aws-cn',
    dnsSuffix: 'amazonaws.com.cn',
    dualStackDnsSuffix: 'api.amazonwebservices.com.cn',
    regionRegex: /^cn-\w+-\d+$/,
    named: ['aws-cn-global']
  },
  {
    name: 'aws-eusc',
    dnsSuffix: 'amazonaws.eu',
    dualStackDnsSuffix: 'api.amazonwebservices.eu',
    regionRegex: /^eusc-(de)-\w+-\d+$/,
    named: []
  },
  {
    name: 'aws-iso',
    dnsSuffix: 'c2s.ic.gov',
    dualStackDnsSuffix: 'api.aws.ic.gov',
    regionRegex: /^us-iso-\w+-\d+$/,
    named: ['aws-iso-global']
  },
  {
    name: 'aws-iso-b',
    dnsSuffix: 'sc2s.sgov.gov',
    dualStackDnsSuffix: 'api.aws.scloud',
    regionRegex: /^us-isob-\w+-\d+$/,
    named: ['aws-iso-b-global']
  },
  {
    name: 'aws-iso-e',
    dnsSuffix: 'cloud.adc-e.uk',
    dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk',
    regionRegex: /^eu-isoe-\w+-\d+$/,
    named: ['aws-iso-e-global']
  },
  {
    name: 'aws-iso-f',
    dnsSuffix: 'csp.hci.ic.gov',
    dualStackDnsSuffix: 'api.aws.hci.ic.gov',
    regionRegex: /^us-isof-\w+-\d+$/,
    named: ['aws-iso-f-global']
  },
  {
    name: 'aws-us-gov',
    dnsSuffix: 'amazonaws.com',
    dualStackDnsSuffix: 'api.aws',
    regionRegex: /^us-gov-\w+-\d+$/,
    named: ['aws-us-gov-global']
  }
]

/** Any other region is taken to be in `aws`, as the SDK does. */
function partitionOf(region: string): Partition {
  return (
    PARTITIONS.find(p => p.named.includes(region)) ??
    PARTITIONS.find(p => p.regionRegex.test(region)) ??
    PARTITIONS[0]
  )
}

/** The partition of a region: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b... */
export function partitionOfRegion(region: string): string {
  return partitionOf(region).name
}

/**
 * The STS endpoint the SDK calls for this region when none is configured: regional, in the
 * partition's DNS suffix (sts.us-iso-east-1.c2s.ic.gov), the legacy global host for `aws-global`;
 * with `fips`, `sts-fips.` (in aws-us-gov the regional host, FIPS already); with `dualStack`, the
 * partition's dual-stack suffix. Undefined for a region that is no host label (the region's own
 * check reports it).
 */
export function regionalStsEndpoint(
  region: string,
  variant: { fips?: boolean; dualStack?: boolean } = {}
): string | undefined {
  if (!/^[a-z0-9-]+$/.test(region)) return undefined
  const { fips = false, dualStack = false } = variant
  const partition = partitionOf(region)
  const suffix = dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix
  if (fips && (dualStack || partition.name !== 'aws-us-gov')) {
    return `https://sts-fips.${region}.${suffix}`
  }
  if (region === 'aws-global' && !fips && !dualStack) return 'https://sts.amazonaws.com'
  return `https://sts.${region}.${suffix}`
}

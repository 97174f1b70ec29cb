/**
 * src/engine/regions.ts answers without the SDK; these tests hold it to the installed SDK's own
 * answers: `partition` of @aws-sdk/core/client, and the STS client's endpoint rules.
 */
import { describe, expect, it } from '@jest/globals'
import { STSClient } from '@aws-sdk/client-sts'
import { partition } from '@aws-sdk/core/client'
import { partitionOfRegion, regionalStsEndpoint } from '../../src/engine/regions.js'

/** What the SDK's STS client calls for this region, or undefined where it makes no host. */
function sdkStsEndpoint(region: string, fips = false, dualStack = false): string | undefined {
  let client: STSClient | undefined
  try {
    client = new STSClient({ region })
    const params = {
      Region: region,
      UseFIPS: fips,
      UseDualStack: dualStack,
      UseGlobalEndpoint: false
    }
    return client.config.endpointProvider(params).url.origin
  } catch {
    return undefined
  } finally {
    client?.destroy()
  }
}

const sdkPartition = (region: string) => (partition(region) as { name: string }).name

/** Every partition's regions of today, a future one that fits its pattern, and its named ones. */
const REGIONS = [
  ...['us-east-1', 'eu-central-1', 'ap-southeast-7', 'mx-central-1', 'il-central-1'],
  ...['sa-east-9', 'af-north-4', 'aws-global'],
  ...['cn-north-1', 'cn-northwest-1', 'cn-south-3', 'aws-cn-global'],
  ...['eusc-de-east-1', 'eusc-de-west-9'],
  ...['us-iso-east-1', 'us-iso-west-1', 'us-iso-north-5', 'aws-iso-global'],
  ...['us-isob-east-1', 'us-isob-west-4', 'aws-iso-b-global'],
  ...['eu-isoe-west-1', 'eu-isoe-north-2', 'aws-iso-e-global'],
  ...['us-isof-south-1', 'us-isof-east-1', 'us-isof-west-8', 'aws-iso-f-global'],
  ...['us-gov-west-1', 'us-gov-east-1', 'us-gov-north-3', 'aws-us-gov-global'],
  // Fitting no pattern: the SDK takes them to be in aws.
  ...['mars-central-1', 'eusc-fr-east-1', 'us-iso-east', 'local', 'us-east-1-x', 'us--1', '-east-1']
]

describe('the partition of a region and its STS host, as the installed SDK has them', () => {
  it.each(REGIONS)('%s', region => {
    expect({ partition: partitionOfRegion(region), host: regionalStsEndpoint(region) }).toEqual({
      partition: sdkPartition(region),
      host: sdkStsEndpoint(region)
    })
    for (const [fips, dualStack] of [
      [true, false],
      [false, true],
      [true, true]
    ]) {
      expect({ fips, dualStack, host: regionalStsEndpoint(region, { fips, dualStack }) }).toEqual({
        fips,
        dualStack,
        host: sdkStsEndpoint(region, fips, dualStack)
      })
    }
  })

  it.each([
    ['eu-central-1', 'https://sts.eu-central-1.amazonaws.com', 'aws'],
    ['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn', 'aws-cn'],
    ['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com', 'aws-us-gov'],
    ['us-iso-east-1', 'https://sts.us-iso-east-1.c2s.ic.gov', 'aws-iso'],
    ['us-isob-east-1', 'https://sts.us-isob-east-1.sc2s.sgov.gov', 'aws-iso-b'],
    ['aws-global', 'https://sts.amazonaws.com', 'aws']
  ])('%s: %s, partition %s', (region, host, partitionName) => {
    expect(regionalStsEndpoint(region)).toBe(host)
    expect(partitionOfRegion(region)).toBe(partitionName)
  })

  it.each([
    ['eu-central-1', { fips: true }, 'https://sts-fips.eu-central-1.amazonaws.com'],
    ['eu-central-1', { dualStack: true }, 'https://sts.eu-central-1.api.aws'],
    ['us-gov-west-1', { fips: true }, 'https://sts.us-gov-west-1.amazonaws.com'],
    ['us-gov-west-1', { fips: true, dualStack: true }, 'https://sts-fips.us-gov-west-1.api.aws']
  ])('%s with %j: %s', (region, variant, host) => {
    expect(regionalStsEndpoint(region, variant)).toBe(host)
  })

  it.each(['', 'us east 1', 'US-EAST-1', 'eu_west_1'])(
    'makes no host of %j (the region’s own check reports it)',
    region => {
      expect(regionalStsEndpoint(region)).toBeUndefined()
    }
  )
})

// A later step of a job, as a user's script would be: the AWS SDK for JavaScript v3 with its default
// credential chain (nothing configured in code), calling GetCallerIdentity `calls` times, `gapMs`
// apart, in one process, so the client's own credential cache must renew through the chain.
// Usage: node sdk-default-chain.mjs STS_URL CALLS GAP_MS; prints one JSON line of the ARNs.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

const [url, calls = '1', gapMs = '0'] = process.argv.slice(2)
const client = new STSClient({ endpoint: url })
const arns = []
for (let i = 0; i < Number(calls); i++) {
  if (i > 0) await new Promise(resolve => setTimeout(resolve, Number(gapMs)))
  arns.push((await client.send(new GetCallerIdentityCommand({}))).Arn)
}
console.log(JSON.stringify({ arns }))

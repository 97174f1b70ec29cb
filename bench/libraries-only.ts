/**
 * A lower bound for any action built on the prescribed libraries: @actions/core masks the secret,
 * otplib makes the code, @aws-sdk/client-sts makes the floor's AssumeRole, and nothing else runs.
 * Built by `npm run bench` into .bench/ with the same ncc options as dist/; never part of dist/.
 */
import * as core from '@actions/core'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { generate } from 'otplib'

const env = process.env as Record<string, string>
core.setSecret(env.FLOOR_SECRET_ACCESS_KEY)
const client = new STSClient({
  region: 'us-east-1',
  endpoint: env.FLOOR_ENDPOINT,
  credentials: {
    accessKeyId: env.FLOOR_ACCESS_KEY_ID,
    secretAccessKey: env.FLOOR_SECRET_ACCESS_KEY
  }
})
await client.send(
  new AssumeRoleCommand({
    RoleArn: env.FLOOR_ROLE_ARN,
    RoleSessionName: 'libraries-only',
    DurationSeconds: 900,
    SerialNumber: env.FLOOR_SERIAL,
    TokenCode: await generate({ secret: env.FLOOR_SEED })
  })
)

/**
 * A lower bound for any action built on @aws-sdk/client-sts: the floor's AssumeRole, made with the
 * SDK and nothing else (no @actions/core, no otplib), bundled by ncc like the action. `npm run
 * bench` builds it into .bench/; it is never part of dist/.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { totp } from './totp.js'

const env = process.env as Record<string, string>
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
    RoleSessionName: 'sdk-only',
    DurationSeconds: 900,
    SerialNumber: env.FLOOR_SERIAL,
    TokenCode: totp(env.FLOOR_SEED, Date.now())
  })
)

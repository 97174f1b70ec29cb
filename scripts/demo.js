// @ts-check
/**
 * `npm run demo`: the committed action, run as GitHub's runner would run it, against the local STS
 * emulator. No AWS account, no network: a user, its virtual MFA device and a role that requires MFA
 * exist only in this process.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { randomBytes } from 'node:crypto'
import { mfaTrustPolicy, startEmulator } from '../__tests__/support/emulator/sts-emulator.js'
import { maskedLog, runJob } from '../__tests__/support/runner.js'

const ACCOUNT = '123456789012'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const seed = [...randomBytes(64)].map(byte => BASE32[byte % 32]).join('')
const user = {
  name: 'ci',
  accountId: ACCOUNT,
  accessKeyId: 'AKIADEMO' + randomBytes(6).toString('hex').toUpperCase(),
  secretAccessKey: randomBytes(30).toString('base64'),
  mfaDevices: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy`, seed }]
}
const role = {
  arn: `arn:aws:iam::${ACCOUNT}:role/deploy`,
  trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/ci`),
  maxSessionDuration: 3600
}

const emulator = await startEmulator({ users: [user], roles: [role] })
try {
  const inputs = {
    'aws-region': 'eu-central-1',
    'role-to-assume': role.arn,
    'mfa-serial': user.mfaDevices[0].serial,
    'mfa-seed': seed,
    'aws-access-key-id': user.accessKeyId,
    'aws-secret-access-key': user.secretAccessKey,
    'sts-endpoint': emulator.url
  }
  /** @type {Record<string, string>} */
  const shownAs = {
    'mfa-seed': '${{ secrets.AWS_MFA_SEED }}',
    'aws-access-key-id': '${{ secrets.AWS_ACCESS_KEY_ID }}',
    'aws-secret-access-key': '${{ secrets.AWS_SECRET_ACCESS_KEY }}'
  }

  heading('aws-assume-role-mfa demo: the action against a local STS emulator')
  console.log(`STS emulator   ${emulator.url} (SigV4, MFA checks, real STS XML)`)
  console.log(`IAM user       arn:aws:iam::${ACCOUNT}:user/ci, with one virtual MFA device`)
  console.log(`Role           ${role.arn}, trust policy requires MFA`)

  heading('The workflow step')
  console.log('- uses: ./  # aws-assume-role-mfa\n  with:')
  for (const [name, value] of Object.entries(inputs))
    console.log(`    ${name}: ${shownAs[name] ?? value}`)

  // The runner runs the action on Node 24; under an older Node here, the AWS SDK would add a
  // warning about Node versions to the log that GitHub never shows.
  const { main, post } = await runJob(inputs, { env: { NODE_NO_WARNINGS: '1' } })
  // GitHub interleaves stderr into the log, masked too.
  const log = maskedLog(main.stdout + main.stderr)
  const hide = (/** @type {string} */ text) =>
    maskedLog(`${main.stdout}\n${text}`).split('\n').pop()

  heading(
    `Step log, as GitHub shows it (exit code ${main.exitCode}, ${Math.round(main.durationMs)} ms)`
  )
  console.log(indent(log.trim() || '(empty)'))
  if (main.exitCode !== 0) throw new Error('the action failed: see the step log above')

  heading('Exported for later steps (GITHUB_ENV)')
  for (const [name, value] of Object.entries(main.env)) console.log(`  ${name}=${hide(value)}`)
  heading('Step outputs (GITHUB_OUTPUT)')
  for (const [name, value] of Object.entries(main.outputs)) console.log(`  ${name}=${hide(value)}`)
  heading('Job summary (GITHUB_STEP_SUMMARY)')
  console.log(indent(main.summary.trim()))

  heading('A later step uses the exported credentials: sts get-caller-identity')
  const client = new STSClient({
    region: main.env.AWS_REGION,
    endpoint: emulator.url,
    credentials: {
      accessKeyId: main.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: main.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: main.env.AWS_SESSION_TOKEN
    }
  })
  const identity = await client.send(new GetCallerIdentityCommand({}))
  console.log(`  Arn: ${identity.Arn}\n  Account: ${identity.Account}`)

  heading('Post step')
  console.log(
    `  exit code ${post.exitCode}, ${post.stdout.trim() ? 'output:\n' + post.stdout : 'silent'}`
  )
} finally {
  await emulator.close()
}

/** @param {string} title */
function heading(title) {
  console.log(`\n== ${title}`)
}

/** @param {string} text */
function indent(text) {
  return text.replace(/^/gm, '  ')
}

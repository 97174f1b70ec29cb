import { resourcePathOf } from '../engine/arn.js'
import type { Settings } from '../settings/settings.js'
import type { RoleCredentials } from '../engine/credentials.js'

/** The job summary in Markdown: who the job now is, and until when. No secret. */
export function summaryMarkdown(
  credentials: RoleCredentials,
  settings: Settings,
  nowMs: number,
  mfa: { proof: 'code' | 'shared-session'; sharedUntil?: Date; renewedUntil?: Date } = {
    proof: 'code'
  }
): string {
  const minutes = Math.round((credentials.expiration.getTime() - nowMs) / 60_000)
  // The runner masks registered secrets in the summary too; hiding the account id here, in the
  // ARNs as well, keeps the summary right even where a runner would not.
  const hide = (text: string) =>
    settings.maskAccountId ? text.split(credentials.accountId).join('***') : text
  const device = resourcePathOf(settings.mfaSerial)
  const rows = [
    settings.roleArn
      ? ['Role', hide(settings.roleArns.join(', '))]
      : ['User (MFA session)', hide(credentials.arn)],
    ['Session name', settings.sessionName],
    ['Account', hide(credentials.accountId)],
    ['Expires', `${credentials.expiration.toISOString()} (in ${minutes} minutes)`],
    mfa.proof === 'shared-session'
      ? ['MFA', 'the shared MFA session of this run (no one-time code)']
      : ['MFA device', device],
    ...(mfa.sharedUntil
      ? [['Shared MFA session', `output mfa-session, until ${mfa.sharedUntil.toISOString()}`]]
      : []),
    ...(mfa.renewedUntil
      ? [['Renewed', `by the credentials endpoint until ${mfa.renewedUntil.toISOString()}`]]
      : [])
  ]
  const cell = (text: string) => `\`${text.replace(/`/g, "'")}\``
  return [
    settings.roleArn ? '### AWS role assumed with MFA' : '### AWS MFA session of the user',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
    ''
  ].join('\n')
}

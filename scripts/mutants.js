// npm run mutants: hand-made mutants of src/action and src/engine, each a change a careless edit
// could make where users would be hurt (masking, undo, checks, bounds). Each mutant is applied to
// its file, the unit suites that concern it run (never the end-to-end ones: they need dist/ and
// the cores), and the file is put back, whatever happens. A mutant no suite notices survives:
// docs/development.md lists the survivors, each killed by a test since or justified.
// Arguments: mutant numbers to run only those (e.g. `node scripts/mutants.js 3 17`).
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const ACTION = '__tests__/action'
const suites = {
  export: [`${ACTION}/export.test.ts`],
  deliver: [`${ACTION}/deliver.test.ts`],
  main: [`${ACTION}/main.test.ts`, `${ACTION}/main-options.test.ts`],
  post: [`${ACTION}/post.test.ts`],
  state: [`${ACTION}/state.test.ts`, `${ACTION}/post.test.ts`],
  profile: [`${ACTION}/profile.test.ts`],
  endpoint: [`${ACTION}/endpoint.test.ts`],
  summary: [`${ACTION}/summary.test.ts`],
  mfa: ['__tests__/engine/mfa.test.ts', '__tests__/engine/mfa-devices.test.ts'],
  totp: ['__tests__/engine/totp.test.ts', '__tests__/engine/mfa.test.ts'],
  session: ['__tests__/engine/mfa-session.test.ts'],
  shared: ['__tests__/engine/shared-session.test.ts'],
  sts: ['__tests__/engine/sts.test.ts', '__tests__/engine/bounded-http.test.ts'],
  untrusted: ['__tests__/engine/untrusted.test.ts'],
  errors: ['__tests__/engine/errors.test.ts'],
  existing: ['__tests__/engine/existing-session.test.ts'],
  endpointShape: ['__tests__/engine/credentials-endpoint.test.ts'],
  small: [
    '__tests__/engine/allowed-accounts.test.ts',
    '__tests__/engine/deadline.test.ts',
    '__tests__/engine/printable.test.ts'
  ]
}

/**
 * Each mutant: the file, the exact text it changes (found exactly once, or the script stops: a
 * mutant that no longer applies is stale), what it becomes, the suites that should notice, and
 * for an equivalent mutant (no behaviour of the program changes) why: it may survive.
 */
/** @type {Array<[string, string, string, string[], string?]>} */
const MUTANTS = [
  // src/action: masking
  ['src/action/export.ts', '  mask(credentials.secretAccessKey)\n', '', suites.export],
  ['src/action/export.ts', '  mask(credentials.sessionToken)\n', '', suites.export],
  [
    'src/action/export.ts',
    'if (settings.maskAccountId) mask(credentials.accountId)',
    'if (false) mask(credentials.accountId)',
    suites.export
  ],
  [
    'src/action/main.ts',
    'for (const role of roles) maskCredentials(role, settings, mask)',
    'maskCredentials(roles[0], settings, mask)',
    suites.main
  ],
  [
    'src/action/main.ts',
    'if (settings.maskAccountId) core.setSecret(found.accountId)',
    '',
    suites.main,
    "readSettings masks role-to-assume's account already, the only account a kept session can be in"
  ],
  [
    'src/action/summary.ts',
    "settings.maskAccountId ? text.split(credentials.accountId).join('***') : text",
    'text',
    suites.summary
  ],
  [
    'src/action/endpoint.ts',
    "hideAccounts ? line.replace(/\\b\\d{12}\\b/g, '***') : line",
    'line',
    suites.endpoint
  ],
  [
    'src/action/endpoint.ts',
    ".replace(/\\b(?:AKIA|ASIA)[A-Z0-9]{12,}\\b/g, '***')",
    '',
    suites.endpoint
  ],
  [
    'src/action/post.ts',
    'stopEndpoint(endpoint, endpoint.hideAccounts)',
    'stopEndpoint(endpoint, false)',
    suites.post
  ],
  [
    'src/action/deliver.ts',
    'hideAccounts: settings.maskAccountId',
    'hideAccounts: false',
    suites.deliver
  ],
  // src/action: what is exported, and where
  [
    'src/action/export.ts',
    '...(keysToEnvironment ? sessionVariables(credentials) : [])',
    '...sessionVariables(credentials)',
    suites.export
  ],
  ['src/action/export.ts', 'if (settings.outputCredentials) {', 'if (true) {', suites.export],
  [
    'src/action/export.ts',
    "  for (const name of set) core.exportVariable(name, '')\n",
    '',
    suites.export
  ],
  [
    'src/action/export.ts',
    '    delete env[name]\n    core.exportVariable',
    '    core.exportVariable',
    suites.export
  ],
  [
    'src/action/deliver.ts',
    '!endpoint && settings.outputEnvCredentials',
    'settings.outputEnvCredentials',
    suites.deliver
  ],
  // src/action: undo
  [
    'src/action/deliver.ts',
    '      // Profiles written before this one go too: nothing is half done when the step fails.\n      restoreFiles(before)\n',
    '',
    suites.deliver
  ],
  [
    'src/action/deliver.ts',
    'return () => restoreFiles(before)',
    'return () => undefined',
    suites.deliver
  ],
  [
    'src/action/deliver.ts',
    'return () => stopEndpoint(started, false)',
    'return () => undefined',
    suites.deliver
  ],
  [
    'src/action/deliver.ts',
    '      await undo()\n      throw error',
    '      throw error',
    suites.deliver
  ],
  ['src/action/deliver.ts', 'undos.splice(0).reverse()', 'undos.splice(0)', suites.deliver],
  [
    'src/action/deliver.ts',
    '  profiles,\n  environment,',
    '  environment,\n  profiles,',
    [...suites.deliver, ...suites.main]
  ],
  [
    'src/action/profile.ts',
    '    // One file written and not the other would leave a half profile: put both back.\n    restoreFiles(snapshot)\n',
    '',
    suites.profile
  ],
  ['src/action/post.ts', 'if (snapshot) restoreSavedSnapshots(snapshot)', '', suites.post],
  // src/action: checks before acting
  [
    'src/action/main.ts',
    'for (const role of roles) checkAllowedAccount(role.accountId, settings.allowedAccountIds)',
    '',
    suites.main
  ],
  [
    'src/action/main.ts',
    '  checkAllowedAccount(found.accountId, settings.allowedAccountIds)\n',
    '',
    suites.main,
    "readSettings refuses a role outside allowed-account-ids, and a kept session is the role's"
  ],
  [
    'src/action/preflight.ts',
    '    checkProfileWritable(profileFiles(), snapshotFolder())\n',
    '',
    suites.main
  ],
  [
    'src/action/preflight.ts',
    'if (settings.refreshCredentials) checkEndpointWins(settings)',
    '',
    suites.main
  ],
  [
    'src/action/profile.ts',
    'if (taken && !overwrite) throw new ProfileExistsError(profile, path)',
    '',
    suites.profile
  ],
  [
    'src/action/profile.ts',
    '  if (!existsSync(folder)) return resolve(path)\n  checkPrivateFolder(folder)\n',
    '  if (!existsSync(folder)) return resolve(path)\n',
    suites.profile
  ],
  [
    'src/action/endpoint.ts',
    "if (/['\\r\\n]/.test(word) || word === '') {",
    'if (false) {',
    suites.endpoint
  ],
  ['src/action/endpoint.ts', 'if (answeringPid === state.pid) {', 'if (true) {', suites.endpoint],
  ['src/action/state.ts', "    typeof hideAccounts !== 'boolean'", '    false', suites.state],
  ['src/action/state.ts', '    !basename(dir).startsWith(FOLDER_PREFIX) ||\n', '', suites.state],
  ['src/action/state.ts', '    (pid as number) <= 0 ||\n', '', suites.state],
  [
    'src/action/state.ts',
    "!isAbsolute(path) || basename(path) !== 'profile-files.json'",
    'false',
    suites.state
  ],
  // src/engine: masking
  [
    'src/engine/mfa.ts',
    '    const code = await oneTimeCode(totp, now)\n    options.mask(code)\n',
    '    const code = await oneTimeCode(totp, now)\n',
    suites.mfa
  ],
  ['src/engine/mfa.ts', '  options.mask(code)\n  try {', '  try {', suites.mfa],
  [
    'src/engine/assume-role.ts',
    '    getSessionToken(client, code, serial, durationSeconds, io.clock.now())\n  )\n  for (const secret of [session.accessKeyId, session.secretAccessKey, session.sessionToken]) {\n    io.mask(secret)\n  }',
    '    getSessionToken(client, code, serial, durationSeconds, io.clock.now())\n  )',
    suites.session
  ],
  [
    'src/engine/shared-session.ts',
    'if (!masked.some(value => value && sealed.includes(value))) return sealed',
    'return sealed',
    suites.shared
  ],
  // src/engine: bounds
  [
    'src/engine/mfa.ts',
    '++roundsRefused > options.retryWindows',
    '++roundsRefused > options.retryWindows + 1',
    suites.mfa
  ],
  [
    'src/engine/mfa.ts',
    'if (!isCodeRefused(error)) throw new MfaAttemptsFailed(error, refused)',
    '',
    suites.mfa
  ],
  [
    'src/engine/totp.ts',
    'export const MIN_REMAINING_SECONDS = 5',
    'export const MIN_REMAINING_SECONDS = 0',
    suites.totp
  ],
  [
    'src/engine/totp.ts',
    'if (step > usedStep && stepEndMs',
    'if (step >= usedStep && stepEndMs',
    suites.totp
  ],
  [
    'src/engine/assume-role.ts',
    'if (left < MIN_SHARED_SESSION_MS) {',
    'if (left < 0) {',
    suites.session
  ],
  [
    'src/engine/assume-role.ts',
    "if (!extra.left || request.mfa.source.kind !== 'seed') {",
    "if (request.mfa.source.kind !== 'seed') {",
    suites.session
  ],
  [
    'src/engine/assume-role.ts',
    'ageSeconds >= MFA_AGE_SUSPECT_SECONDS',
    'ageSeconds >= 0',
    suites.session
  ],
  [
    'src/engine/assume-role.ts',
    'if (durationSeconds <= ROLE_CHAINING_MAX_SECONDS || request.sts.baseCredentials) return',
    'return',
    suites.session
  ],
  [
    'src/engine/bounded-http.ts',
    'export const MAX_ANSWER_BYTES = 64 * 1024',
    'export const MAX_ANSWER_BYTES = 64 * 1024 * 1024',
    suites.sts
  ],
  [
    'src/engine/bounded-http.ts',
    "    if (Number(body.headers['content-length']) > MAX_ANSWER_BYTES) throw tooLarge()\n",
    '',
    suites.sts
  ],
  [
    'src/engine/sts.ts',
    '    if (isCodeRefused(errorInfo.error)) throw errorInfo.error\n',
    '',
    suites.sts
  ],
  [
    'src/engine/deadline.ts',
    'if (seconds <= 0) return { clear: () => {} }',
    'if (seconds <= 1) return { clear: () => {} }',
    suites.small
  ],
  [
    'src/engine/existing-session.ts',
    '!(expiration.getTime() - nowMs > MIN_REMAINING_MS)',
    '!(expiration.getTime() - nowMs > 0)',
    suites.existing
  ],
  [
    'src/engine/existing-session.ts',
    '    session.roleName !== resourceNameOf(request.roleArn)\n',
    '    false\n',
    suites.existing
  ],
  // src/engine: checks on what comes from the network
  [
    'src/engine/assume-role.ts',
    '    checkCredentials(role, {',
    '    if (false) checkCredentials(role, {',
    ['__tests__/engine/bounded-http.test.ts', ...suites.session]
  ],
  [
    'src/engine/untrusted.ts',
    '} else if (expires > latest) {',
    '} else if (false) {',
    suites.untrusted
  ],
  [
    'src/engine/untrusted.ts',
    '    session.sessionName !== sessionName\n',
    '    false\n',
    suites.untrusted
  ],
  [
    'src/engine/untrusted.ts',
    "  else if (accountId !== accountIdOf(arn)) problems.push('the account is not the ARN’s')",
    '',
    suites.untrusted
  ],
  [
    'src/engine/allowed-accounts.ts',
    'allowed.length > 0 && !allowed.includes(accountId)',
    'allowed.length > 1 && !allowed.includes(accountId)',
    suites.small
  ],
  [
    'src/engine/sts-errors.ts',
    '`${printable(code)}: ${printable(message, 1000)}`',
    '`${code}: ${message}`',
    suites.errors
  ],
  [
    'src/engine/credentials-endpoint.ts',
    'handoff.token.length < 43 ||',
    'handoff.token.length < 1 ||',
    suites.endpointShape
  ]
]

const check = process.argv.includes('--check')
const only = process.argv
  .slice(2)
  .filter(arg => arg !== '--check')
  .map(Number)
const originals = new Map()

/** Puts back every file a mutant touched: on each mutant's end, and on any way out. */
function restoreAll() {
  for (const [file, text] of originals) writeFileSync(file, text)
}
process.on('exit', restoreAll)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    restoreAll()
    process.exit(130)
  })
}

const results = []
for (const [i, [file, from, to, tests, equivalent]] of MUTANTS.entries()) {
  const number = i + 1
  if (only.length > 0 && !only.includes(number)) continue
  const original = originals.get(file) ?? readFileSync(file, 'utf8')
  originals.set(file, original)
  const count = original.split(from).length - 1
  if (count !== 1) {
    restoreAll()
    console.error(`mutant ${number} (${file}) is stale: its text is found ${count} times`)
    process.exit(2)
  }
  if (check) continue
  writeFileSync(file, original.replace(from, to))
  const started = Date.now()
  const run = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--bail', '--silent', ...tests],
    { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } }
  )
  writeFileSync(file, original)
  const outcome =
    run.status !== 0
      ? run.signal
        ? `killed (${run.signal})`
        : 'killed'
      : equivalent
        ? 'equivalent'
        : 'SURVIVED'
  const failed = /^\s*● (?!Console)(.+)$/m.exec(`${run.stdout}${run.stderr}`)?.[1]
  const change = `${JSON.stringify(from.trim().slice(0, 70))} → ${JSON.stringify(to.trim().slice(0, 50))}`
  results.push({ number, file, outcome, change, failed })
  const why = failed
    ? `\n     by: ${failed}`
    : outcome === 'equivalent'
      ? `\n     as: ${equivalent}`
      : ''
  console.log(
    `${String(number).padStart(2)} ${outcome.padEnd(8)} ${file}: ${change}${why}` +
      ` (${Math.round((Date.now() - started) / 1000)} s)`
  )
}
if (check) {
  console.log(`${MUTANTS.length} mutants, each found once.`)
  process.exit(0)
}
const survivors = results.filter(r => r.outcome === 'SURVIVED')
const equivalents = results.filter(r => r.outcome === 'equivalent')
const killed = results.length - survivors.length - equivalents.length
console.log(
  `\n${results.length} mutants: ${killed} killed, ${equivalents.length} equivalent (survived, ` +
    `justified)${equivalents.length ? `: ${equivalents.map(r => r.number).join(', ')}` : ''}, ` +
    `${survivors.length} survived${survivors.length ? `: ${survivors.map(r => r.number).join(', ')}` : ''}`
)
process.exitCode = survivors.length > 0 ? 1 : 0

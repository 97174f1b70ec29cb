// @ts-check
/**
 * Clients of the credentials endpoint that nobody here wrote, for the end-to-end tests of
 * refresh-credentials: the AWS CLI v1 (botocore, `aws` on PATH, pip/pyenv), Debian's AWS CLI v2
 * (/usr/bin/aws), and a small program of ours on the AWS SDK for Go v2 (./go-client/main.go, built
 * offline in GOPATH mode from Debian's golang-github-aws-aws-sdk-go-v2-dev and cached in the
 * system's temporary folder by the hash of its source). Each is picked explicitly, by its
 * `--version`, never by which `aws` comes first on PATH.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

const GO_SOURCE = join(import.meta.dirname, 'go-client', 'main.go')
/** Debian's Go sources: the SDK, smithy-go and jmespath, as golang-*-dev packages install them. */
const GOPATH = '/usr/share/gocode'
const AWS_CLI_V2 = '/usr/bin/aws'

/**
 * @typedef {object} Clients
 * @property {string | undefined} awsCliV1 path of an AWS CLI v1 (`aws-cli/1.…`)
 * @property {string | undefined} awsCliV2 /usr/bin/aws when it is `aws-cli/2.…`
 * @property {string | undefined} goClient the built Go client
 * @property {string[]} missing why each missing client is missing
 */

/** @param {string} command */
function version(command) {
  try {
    return execFileSync(command, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000
    }).trim()
  } catch {
    return ''
  }
}

/** @returns {Clients} */
export function findClients() {
  /** @type {string[]} */
  const missing = []
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map(dir => join(dir, 'aws'))
    .filter(path => existsSync(path))
  const awsCliV1 = onPath.find(path => version(path).startsWith('aws-cli/1.'))
  if (!awsCliV1)
    missing.push('AWS CLI v1: no `aws` on PATH answers aws-cli/1.x (pip install awscli)')
  const awsCliV2 = version(AWS_CLI_V2).startsWith('aws-cli/2.') ? AWS_CLI_V2 : undefined
  if (!awsCliV2)
    missing.push(`AWS CLI v2: ${AWS_CLI_V2} is not aws-cli/2.x (apt-get install awscli)`)
  let goClient
  try {
    goClient = buildGoClient()
  } catch (error) {
    missing.push(`AWS SDK for Go v2: ${/** @type {Error} */ (error).message}`)
  }
  return { awsCliV1, awsCliV2, goClient, missing }
}

/**
 * The Go client, built once per version of its source: offline (GOPROXY=off, GOPATH mode with
 * GO111MODULE=off, so nothing is downloaded), into a temporary name first, so that test files
 * that build it at the same time never run a half-written binary.
 */
export function buildGoClient() {
  const source = readFileSync(GO_SOURCE)
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16)
  const dir = join(tmpdir(), 'aws-assume-role-mfa-go-client')
  const binary = join(dir, `go-client-${hash}`)
  if (existsSync(binary)) return binary
  if (!existsSync(join(GOPATH, 'src/github.com/aws/aws-sdk-go-v2/config'))) {
    throw new Error(
      `${GOPATH} has no aws-sdk-go-v2 (apt-get install golang-github-aws-aws-sdk-go-v2-dev)`
    )
  }
  mkdirSync(dir, { recursive: true })
  const partial = `${binary}.${process.pid}.tmp`
  try {
    execFileSync('go', ['build', '-o', partial, GO_SOURCE], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? dir,
        GO111MODULE: 'off',
        GOPATH,
        GOPROXY: 'off',
        GOFLAGS: '',
        GOCACHE: join(dir, 'cache'),
        CGO_ENABLED: '0'
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000
    })
  } catch (error) {
    const e = /** @type {Error & { stderr?: Buffer }} */ (error)
    throw new Error(
      `go build failed: ${String(e.stderr ?? e.message)
        .trim()
        .slice(0, 500)}`
    )
  }
  renameSync(partial, binary)
  return binary
}

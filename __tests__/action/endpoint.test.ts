import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from '@jest/globals'
import {
  commandLine,
  serverEntry,
  stopEndpoint,
  summarizeLog,
  summarizeLogFile
} from '../../src/action/endpoint.js'

// A full collection on demand: the flag, then `gc` from a context made after it.
v8.setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const LOG = [
  '2026-12-02T10:00:00.000Z listening 127.0.0.1:4242, 1 role(s)',
  '2026-12-02T10:00:01.000Z served arn:aws:iam::123456789012:role/deploy until 2026-12-02T11:00:00.000Z',
  '2026-12-02T10:00:02.000Z refused 401 GET without a token',
  '2026-12-02T10:00:02.500Z probed 401 GET without a token',
  '2026-12-02T10:40:00.000Z renewal-failed arn:aws:iam::123456789012:role/deploy: TimeoutError: ASIAEXAMPLEEXAMPLE01 timed out',
  '2026-12-02T10:41:00.000Z renewed arn:aws:iam::123456789012:role/deploy until 2026-12-02T11:41:00.000Z',
  '2026-12-02T10:41:00.000Z served arn:aws:iam::123456789012:role/deploy until 2026-12-02T11:41:00.000Z',
  '2026-12-02T11:00:00.000Z stopped by SIGTERM',
  ''
].join('\n')

describe('summarizeLogFile', () => {
  it('reads a huge log as a stream, in bounded memory, and takes the server’s counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoint-test-'))
    const path = join(dir, 'server.log')
    const out = createWriteStream(path)
    const write = (text: string) =>
      new Promise<void>(resolve => (out.write(text) ? resolve() : out.once('drain', resolve)))
    const junk = `2026-12-02T10:00:02.000Z refused 401 GET without a token\n`.repeat(10_000)
    for (let i = 0; i < 100; i++) await write(junk) // 58 MB
    await write('x'.repeat(8 * 1024 * 1024) + '\n') // one 8 MB line
    await write('2026-12-02T10:00:03.000Z counts served=7 refused=9999 renewed=2 failed=1\n')
    await write('2026-12-02T10:00:04.000Z stopped by SIGTERM\n')
    await new Promise(resolve => out.end(resolve))
    // The live memory, garbage collected first, sampled while the summary runs: what it holds,
    // not what the collector has yet to free (RSS, which once grew by 200 MB under a loaded run).
    const live = () => {
      gc()
      const { heapUsed, external } = process.memoryUsage()
      return heapUsed + external
    }
    const before = live()
    let peak = before
    let samples = 0
    // At most 25 samples: each is a full collection, which a loaded machine makes slow.
    const sample = () => {
      if (++samples >= 25) clearInterval(sampler)
      peak = Math.max(peak, live())
    }
    const sampler = setInterval(sample, 20)
    const { line } = await summarizeLogFile(path).finally(() => clearInterval(sampler))
    // It gave the event loop a turn as it read (a read in one piece would not), and never held
    // the 66 MB, or its lines, at once.
    expect(samples).toBeGreaterThanOrEqual(3)
    expect(peak - before).toBeLessThan(16 * 1024 * 1024)
    expect(line).toBe(
      'Credentials endpoint: 7 answers, 2 renewals, 1 failed renewals, 9999 refused requests; it ended: by SIGTERM.'
    )
  })

  it('warns about aws:MultiFactorAuthAge, with the session’s age, when a renewal was refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoint-test-'))
    const path = join(dir, 'server.log')
    writeFileSync(
      path,
      '2026-12-02T10:40:00.000Z renewal-failed arn:aws:iam::123456789012:role/deploy: STS refused ' +
        'the renewal: AccessDenied (User: x is not authorized to perform: sts:AssumeRole on ' +
        'resource: y). mfa-session-age=2400s: the MFA session is 2400 s old; …\n'
    )
    const { warnings } = await summarizeLogFile(path)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^STS refused to renew arn:aws:iam::123456789012:role\/deploy from the MFA session \(AccessDenied\) when the session was 2400 s old\..*aws:MultiFactorAuthAge/
    )
  })

  it('escapes what the log holds: no control character reaches the post step’s log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoint-test-'))
    const path = join(dir, 'server.log')
    writeFileSync(
      path,
      '2026-12-02T10:40:00.000Z renewal-failed a: b\r\u001b[2K it ended: forged\n'
    )
    const { line } = await summarizeLogFile(path)
    expect(line).not.toContain('\r')
    expect(line).not.toContain('\u001b')
    expect(line).toContain('\\u000d\\u001b')
  })
})

describe('commandLine', () => {
  it('leaves plain words unquoted and single-quotes the rest, which botocore, sh and Go read alike', () => {
    expect(commandLine(['/usr/bin/node', '/a/dist/server/index.js', 'http://127.0.0.1:1/x'])).toBe(
      '/usr/bin/node /a/dist/server/index.js http://127.0.0.1:1/x'
    )
    expect(commandLine(['/opt/my node/node', 'a'])).toBe("'/opt/my node/node' a")
  })

  it('refuses a word that cannot be quoted the same for every SDK', () => {
    expect(() => commandLine(["/tmp/it's"])).toThrow(/contains a quote or a line break/)
    expect(() => commandLine(['/tmp/a\nb'])).toThrow(/contains a quote or a line break/)
  })
})

describe('summarizeLog', () => {
  it('counts what the server did, says how it ended and its last failure, key ids hidden', () => {
    expect(summarizeLog(LOG)).toBe(
      'Credentials endpoint: 2 answers, 1 renewals, 1 failed renewals, 1 refused requests; it ' +
        'ended: by SIGTERM; last failure: arn:aws:iam::123456789012:role/deploy: TimeoutError: *** ' +
        'timed out.'
    )
  })

  it('hides account ids with mask-aws-account-id', () => {
    expect(summarizeLog(LOG, true)).not.toContain('123456789012')
  })

  it('says so when the log is empty', () => {
    expect(summarizeLog('')).toBe(
      'Credentials endpoint: 0 answers, 0 renewals, 0 failed renewals, 0 refused requests.'
    )
  })
})

describe('stopEndpoint', () => {
  it('leaves a pid alone when its port does not answer as the server, and removes the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoint-test-'))
    writeFileSync(join(dir, 'server.log'), LOG)
    // A port that something else holds: no answer with the server's pid header.
    const other = createServer(socket => socket.destroy())
    await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve))
    const port = (other.address() as { port: number }).port
    try {
      const lines = await stopEndpoint({ pid: process.pid, port, dir }, false)
      expect(lines[0]).toMatch(/^Credentials endpoint: 2 answers/)
      expect(lines[1]).toMatch(
        /does not answer on port \d+ with its token's proof; pid \d+ was left alone/
      )
    } finally {
      other.close()
    }
  })

  it('never signals a process for a listener that names its pid without the token’s proof', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoint-test-'))
    writeFileSync(join(dir, 'token'), 't'.repeat(43))
    const victim = spawn('sleep', ['30'], { stdio: 'ignore' })
    // Anyone on the old port may copy the header of the old probe; a proof needs the token.
    const impostor = createHttpServer((_req, res) => {
      res.writeHead(200, { 'x-credentials-server-pid': String(victim.pid), 'x-probe-proof': 'ab' })
      res.end('{}')
    })
    await new Promise<void>(resolve => impostor.listen(0, '127.0.0.1', resolve))
    const port = (impostor.address() as { port: number }).port
    try {
      const lines = await stopEndpoint({ pid: victim.pid as number, port, dir }, false)
      expect(lines[1]).toMatch(/was left alone/)
      expect(victim.exitCode).toBeNull()
      expect(victim.signalCode).toBeNull()
      expect(existsSync(dir)).toBe(false)
    } finally {
      impostor.close()
      victim.kill()
    }
  })

  it('finds the server bundle next to the action’s', () => {
    expect(serverEntry('/runner/_actions/o/r/v1/dist/index.js')).toBe(
      '/runner/_actions/o/r/v1/dist/server/index.js'
    )
  })
})

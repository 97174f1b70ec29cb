import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { serverEntry, stopEndpoint, summarizeLog } from '../../src/action/endpoint.js'

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
      expect(lines[1]).toMatch(/no longer answers on port \d+; pid \d+ was left alone/)
    } finally {
      other.close()
    }
  })

  it('finds the server bundle next to the action’s', () => {
    expect(serverEntry('/runner/_actions/o/r/v1/dist/index.js')).toBe(
      '/runner/_actions/o/r/v1/dist/server/index.js'
    )
  })
})

/**
 * The bounds on every STS answer (bounded-http.ts), and the checks on its credentials, through the
 * engine's own entry points against tiny loopback servers that answer as STS must not.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from '@jest/globals'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { startHostile } from '../support/hostile.js'
import { obtainCredentials } from '../../src/engine/assume-role.js'
import { UntrustedAnswer } from '../../src/engine/untrusted.js'
import { createStsClient } from '../../src/engine/sts.js'
import { obtainRequest } from '../../src/settings/engine-requests.js'
import { makeSettings } from '../helpers/fixtures.js'

const closers: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

/** A server that runs `answer` for every request, on 127.0.0.1. */
async function serve(answer: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(answer)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  closers.push(
    () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(resolve)
      })
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function callerIdentity(url: string) {
  const client = createStsClient({
    region: 'eu-central-1',
    stsEndpoint: url,
    baseCredentials: { accessKeyId: 'AKIABOUNDEDTEST00001', secretAccessKey: 'secret' },
    retryMaxAttempts: 1
  })
  return client.send(new GetCallerIdentityCommand({})).finally(() => client.destroy())
}

describe('the answer’s size (64 KiB at most)', () => {
  it('refuses an answer that declares more, at once, without waiting for it', async () => {
    const url = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(10_000_000) })
      res.write('<GetCallerIdentityResponse>') // and then nothing more: it would take the deadline
    })
    const started = Date.now()
    await expect(callerIdentity(url)).rejects.toThrow(/larger than 64 KiB/)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('cuts off an answer that grows past it without saying its size', async () => {
    const url = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' }) // chunked
      res.end(`<GetCallerIdentityResponse>${'x'.repeat(100 * 1024)}`)
    })
    await expect(callerIdentity(url)).rejects.toThrow(/larger than 64 KiB/)
  })
})

describe('the credentials of an answer', () => {
  it('are checked before obtainCredentials returns them', async () => {
    const server = await startHostile({
      behaviour: 'answer',
      answer: { arn: 'arn:aws:sts::999999999999:assumed-role/deploy/GitHubActions-4242-1' }
    })
    closers.push(() => server.close())
    const request = obtainRequest(
      makeSettings({ stsEndpoint: server.url, mfa: { kind: 'code', code: '914273' } })
    )
    const io = {
      clock: { now: Date.now, sleep: async () => {} },
      mask: () => {},
      notice: () => {},
      info: () => {}
    }
    const error = await obtainCredentials(request, io).catch(err => err)
    expect(error).toBeInstanceOf(UntrustedAnswer)
  })
})

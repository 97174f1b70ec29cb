/**
 * The step runner that `init` (and `rotate`) run their steps through: one journal, a rollback of
 * exactly what was made, reconcile only after an ambiguous failure, and the stop signals. init's
 * own suites drive it against the emulator; these pin the runner's rules on their own.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { InputError } from '../../src/engine/errors.js'
import {
  Interrupted,
  isAmbiguous,
  notUndoneLines,
  readBeforeSteps,
  StepRunner,
  type Step
} from '../../src/cli/steps.js'

const said: string[] = []
const exits: number[] = []
const io = { info: (m: string) => said.push(m), exit: (code: number) => exits.push(code) }
let runner: StepRunner | undefined

afterEach(() => {
  runner?.stop()
  said.length = 0
  exits.length = 0
})

/** A step that makes `name`, recording its undo in `log`; `fail` makes the undo throw. */
function making(name: string, log: string[], fail = false): Step<string> {
  return {
    name: `Create${name}`,
    create: async () => name,
    undo: made => ({
      what: `the ${made}`,
      commands: [`delete ${made}`],
      run: async () => {
        if (fail) throw new Error(`cannot remove ${made}`)
        log.push(made)
      }
    })
  }
}

const awsError = (status: number | undefined) =>
  Object.assign(new Error('boom'), { name: 'Boom', $metadata: { httpStatusCode: status } })

describe('StepRunner', () => {
  test('rolls back newest first, and returns what it could not remove, in that order', async () => {
    runner = new StepRunner(io)
    const removed: string[] = []
    await runner.run(making('a', removed))
    await runner.run(making('b', removed, true))
    await runner.run(making('c', removed))
    const left = await runner.rollBack()
    expect(removed).toEqual(['c', 'a'])
    expect(left.map(u => u.what)).toEqual(['the b'])
  })

  test('reconciles only an ambiguous failure (5xx, no answer), never a 4xx', async () => {
    expect([500, 503, undefined].map(s => isAmbiguous(awsError(s)))).toEqual([true, true, true])
    expect(isAmbiguous(awsError(409))).toBe(false)
    // Our own refusals and a local file's errors are no lost answer; a reset connection is.
    expect(isAmbiguous(new InputError(['taken']))).toBe(false)
    const fileError = Object.assign(new Error('EEXIST'), { code: 'EEXIST', syscall: 'open' })
    expect(isAmbiguous(fileError)).toBe(false)
    const reset = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      syscall: 'read'
    })
    expect(isAmbiguous(reset)).toBe(true)
    runner = new StepRunner(io)
    let looked = 0
    const step = (status: number | undefined): Step<string> => ({
      name: 'CreateX',
      create: async () => {
        throw awsError(status)
      },
      reconcile: async () => {
        looked++
        return 'x'
      }
    })
    await expect(runner.run(step(409))).rejects.toThrow('boom')
    expect(looked).toBe(0)
    await expect(runner.run(step(500))).resolves.toBe('x')
    expect(looked).toBe(1)
    expect(said).toContain('CreateX had taken effect: going on.')
  })

  test('a stop signal ends the run at the next step; a second one during the rollback lists what is left and exits', async () => {
    runner = new StepRunner(io)
    runner.start()
    const removed: string[] = []
    await runner.run(making('a', removed))
    await runner.run(making('b', removed))
    process.emit('SIGHUP', 'SIGHUP')
    await expect(runner.run(making('c', removed))).rejects.toBeInstanceOf(Interrupted)
    // The second signal arrives while the newest undo runs.
    runner.journal[1].run = async () => {
      process.emit('SIGHUP', 'SIGHUP')
    }
    await runner.rollBack()
    expect(exits).toEqual([129])
    const listing = said.find(m => m.startsWith('SIGHUP: stopped at once'))
    expect(listing).toBe(
      'SIGHUP: stopped at once. Left, to remove by hand in this order:\n' +
        '  the b: delete b\n' +
        '  the a: delete a'
    )
  })
})

describe('notUndoneLines', () => {
  const undo = (what: string, ...commands: string[]) => ({ what, commands, run: async () => {} })

  test('says nothing when the rollback undid everything', () => {
    expect(notUndoneLines([])).toEqual([])
  })

  test('lists what is left and each of its commands, in the order given, under the heading', () => {
    const left = [undo('the user u', 'detach u', 'delete u'), undo('the device d', 'delete d')]
    expect(notUndoneLines(left)).toEqual([
      'Could not undo; remove by hand, in this order:',
      '  the user u: detach u',
      '  the user u: delete u',
      '  the device d: delete d'
    ])
    expect(notUndoneLines(left.slice(1), 'Could not undo; by hand, in this order:')).toEqual([
      'Could not undo; by hand, in this order:',
      '  the device d: delete d'
    ])
  })
})

describe('readBeforeSteps', () => {
  test("gives the read's answer", async () => {
    await expect(
      readBeforeSteps('read the user u', async () => 'arn', 'Nothing was created.')
    ).resolves.toBe('arn')
  })

  test('says what could not be read, why, and then what follows; the cause kept', async () => {
    const cause = Object.assign(new Error('denied'), { name: 'AccessDenied' })
    const failed = readBeforeSteps(
      'read the user u',
      () => Promise.reject(cause),
      'Nothing was created. init needs more.'
    )
    await expect(failed).rejects.toThrow(
      'Cannot read the user u (AccessDenied: denied). Nothing was created. init needs more.'
    )
    await expect(failed).rejects.toMatchObject({ cause })
  })
})

// The order jest starts the suites in. It knows how long each took only from its cache, which a
// fresh clone (CI) has none of; it then starts the largest files first, and the suites that mostly
// wait (real 30-second TOTP windows, 10-second deadlines) start last and leave the run waiting on
// them alone. These go first, so that their waits overlap the other suites' work.
import Sequencer from '@jest/test-sequencer'

const WAITING_FIRST = [
  '__tests__/e2e/init.test.ts',
  '__tests__/e2e/windows.test.ts',
  '__tests__/e2e/hostile-stall.test.ts',
  '__tests__/e2e/parallel-one-device.test.ts',
  '__tests__/e2e/cli-files.test.ts',
  '__tests__/e2e/refresh-field.test.ts'
]

class WaitingFirst extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  async sort(tests) {
    /** @param {import('@jest/test-result').Test} test */
    const rank = test => {
      const index = WAITING_FIRST.findIndex(path => test.path.endsWith(path))
      return index === -1 ? WAITING_FIRST.length : index
    }
    const sorted = await super.sort(tests)
    return [...sorted].sort((a, b) => rank(a) - rank(b))
  }
}

export default WaitingFirst

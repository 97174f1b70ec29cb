// @ts-check
import { appendFileSync } from 'node:fs'
import { snapshot } from './snapshot.js'

const before = snapshot()
appendFileSync(process.env.GITHUB_STATE ?? '', `before=${JSON.stringify(before)}\n`)
console.log(`Recorded, for the post step: ${JSON.stringify(before)}`)

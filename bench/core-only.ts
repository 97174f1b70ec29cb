/**
 * A lower bound for any action built on @actions/core: the floor's AssumeRole (bench/floor.js) after
 * loading @actions/core and masking one value with it. Built by `npm run bench` into .bench/.
 */
import * as core from '@actions/core'

core.setSecret(process.env.FLOOR_SECRET_ACCESS_KEY ?? '')
await import('./floor.js')

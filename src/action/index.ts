import * as core from '@actions/core'

/**
 * One bundle serves both `main` and `post` (action.yml): the main step leaves a flag in the
 * action's state, which the runner hands to the post step. Each loads only the module it needs.
 */
if (core.getState('isPost')) {
  const { post } = await import('./post.js')
  await post()
} else {
  core.saveState('isPost', 'true')
  const { run } = await import('./main.js')
  await run()
}

import { isPost, markPost } from './state.js'

/**
 * One bundle serves both `main` and `post` (action.yml): the main step leaves a flag in the
 * action's state, which the runner hands to the post step. Each loads only the module it needs.
 */
if (isPost()) {
  const { post } = await import('./post.js')
  await post()
} else {
  markPost()
  const { run } = await import('./main.js')
  await run()
}

/**
 * The keys of the action's state: what the main step leaves for the post step (the runner hands
 * it over as STATE_<key>). One place, so that main and post cannot disagree on a name.
 */
export const State = {
  /** Set by the main step: the same bundle then runs as the post step. */
  IsPost: 'isPost',
  /** The path of the owner-only snapshot of the profile files that aws-profile changed. */
  ProfileSnapshot: 'profileSnapshot',
  /** refresh-credentials: the credentials server's pid, port and folder (never its token). */
  Endpoint: 'credentialsEndpoint'
} as const

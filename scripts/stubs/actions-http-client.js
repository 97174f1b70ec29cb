// @ts-check
/**
 * What the action's bundle holds in place of @actions/http-client (tsconfig.json `paths`, which
 * ncc follows when it bundles). @actions/core imports that package at the top of its entry module
 * for one thing only, the OIDC client behind core.getIDToken(), and with it undici: 0.9 MB that
 * every run of the action used to load, for about 90 ms of CPU and 7 MiB. This action never asks
 * for an OIDC token (it authenticates with keys and an MFA code), so nothing constructs these;
 * should a later change call core.getIDToken(), it fails here, loudly, rather than without a word.
 * Only the bundle is affected: tests run against the real package.
 */
const REASON =
  '@actions/http-client is not bundled with aws-assume-role-mfa (scripts/stubs/actions-http-client.js): ' +
  'the action makes no OIDC request.'

export class HttpClient {
  constructor() {
    throw new Error(REASON)
  }
}

export class BearerCredentialHandler {
  constructor() {
    throw new Error(REASON)
  }
}

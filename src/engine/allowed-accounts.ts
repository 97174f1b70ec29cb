import { ActionError } from './errors.js'

/**
 * allowed-account-ids, checked on the account STS answered with (the input's own syntax is
 * checked with the other inputs): an empty list allows any account.
 */
export function checkAllowedAccount(accountId: string, allowed: string[]): void {
  if (allowed.length > 0 && !allowed.includes(accountId)) {
    throw new ActionError(
      `The role's account ${accountId} is not in allowed-account-ids (${allowed.join(', ')}): ` +
        'nothing was exported. Check role-to-assume (and sts-endpoint), or add the account to ' +
        'allowed-account-ids.'
    )
  }
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { ScureBase32Plugin } from 'otplib'
import type { SessionCredentials } from './credentials.js'

/*
 * The shared MFA session (share-mfa-session → output mfa-session → input mfa-session): a
 * GetSessionToken session sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the MFA
 * device's seed, so that any job holding the mfa-seed secret can open it and nobody else can. The
 * repository and the run id are its associated data: a blob from another run or repository does
 * not open. Re-runs of failed jobs keep the run id, so they open it while the session lasts.
 *
 *   v1.<base64url(salt 16 | iv 12 | ciphertext | tag 16)>
 */

/** Where a shared session may be opened: the workflow run that made it, in its repository. */
export interface RunBinding {
  repository: string
  runId: string
}

/** Why a shared session cannot be used; the caller falls back to a one-time code, or explains. */
export class UnusableSession extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'UnusableSession'
  }
}

const VERSION = 'v1'
const INFO = 'aws-assume-role-mfa shared MFA session v1'
const SALT_BYTES = 16
const IV_BYTES = 12
const TAG_BYTES = 16
const base32 = new ScureBase32Plugin()

/** The key of this blob: the seed's bytes, a fresh salt per blob (RFC 5869 §3.1). */
function keyFor(seed: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', base32.decode(seed), salt, INFO, 32))
}

function associatedData({ repository, runId }: RunBinding): Buffer {
  return Buffer.from(`${VERSION}\n${repository}\n${runId}`)
}

/**
 * Seals the session for the jobs of this run. GitHub drops a job output that contains a value
 * registered with ::add-mask:: (../shared/AWS-MFA-FACTS.md): `masked` lists those values, and a
 * blob that happens to contain one is sealed again with a fresh salt and iv.
 */
export function sealSession(
  session: SessionCredentials,
  seed: string,
  binding: RunBinding,
  masked: readonly string[] = []
): string {
  const plaintext = JSON.stringify({
    accessKeyId: session.accessKeyId,
    secretAccessKey: session.secretAccessKey,
    sessionToken: session.sessionToken,
    expiration: session.expiration.toISOString(),
    ...(session.issuedAt && { issuedAt: session.issuedAt.toISOString() })
  })
  for (let attempt = 0; attempt < 10; attempt++) {
    const salt = randomBytes(SALT_BYTES)
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', keyFor(seed, salt), iv, {
      authTagLength: TAG_BYTES
    })
    cipher.setAAD(associatedData(binding))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    const sealed = `${VERSION}.${Buffer.concat([salt, iv, body, cipher.getAuthTag()]).toString('base64url')}`
    if (!masked.some(value => value && sealed.includes(value))) return sealed
  }
  throw new Error('Could not seal the MFA session without a masked value in it.')
}

/** Opens a sealed session of this run, or says why it cannot be used. */
export function openSession(sealed: string, seed: string, binding: RunBinding): SessionCredentials {
  const dot = sealed.indexOf('.')
  const version = sealed.slice(0, dot)
  if (dot < 0 || !/^v\d+$/.test(version)) {
    throw new UnusableSession(
      'it is not an MFA session made by share-mfa-session (pass the output as it is, with ' +
        '${{ needs.<job>.outputs.mfa-session }})'
    )
  }
  if (version !== VERSION) {
    throw new UnusableSession(
      `it was made by another version of the action (format ${version}; this one reads ` +
        `${VERSION}): use the same version in every job of the workflow`
    )
  }
  const bytes = Buffer.from(sealed.slice(dot + 1), 'base64url')
  if (bytes.length < SALT_BYTES + IV_BYTES + TAG_BYTES + 1) {
    throw new UnusableSession('it is truncated')
  }
  const salt = bytes.subarray(0, SALT_BYTES)
  const iv = bytes.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES)
  const body = bytes.subarray(SALT_BYTES + IV_BYTES, bytes.length - TAG_BYTES)
  let plaintext: string
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(seed, salt), iv, {
      authTagLength: TAG_BYTES
    })
    decipher.setAAD(associatedData(binding))
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
    plaintext = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    // GCM cannot tell these apart, by design.
    throw new UnusableSession(
      `it does not open in run ${binding.runId} of ${binding.repository} with this mfa-seed: ` +
        'it was made by another workflow run or repository, with another seed, or altered'
    )
  }
  const value = JSON.parse(plaintext) as Record<string, string>
  const issuedAt = value.issuedAt === undefined ? undefined : new Date(value.issuedAt)
  return {
    accessKeyId: value.accessKeyId,
    secretAccessKey: value.secretAccessKey,
    sessionToken: value.sessionToken,
    expiration: new Date(value.expiration),
    ...(issuedAt && !Number.isNaN(issuedAt.getTime()) && { issuedAt })
  }
}

import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { ActionError } from './errors.js'

/**
 * Files that hold secrets (the CLI's cache, the shared credentials and config files), written so
 * that nobody else on the machine can read them or redirect the write: a folder another user owns
 * or can write is refused; a temporary file is created exclusively, never through a symbolic link
 * (O_CREAT | O_EXCL | O_NOFOLLOW, mode 600), then renamed over the target, which replaces a link
 * planted there instead of following it.
 *
 * Owners and modes are POSIX: on Windows, files have ACLs instead, a new file under the user's
 * profile is private to the user by inheritance, and Node reports no owner and a fake mode. There
 * the owner and mode checks are skipped, on purpose, and the exclusive create and rename remain.
 */
export const POSIX_PERMISSIONS = process.platform !== 'win32'

// Undefined on Windows, where symbolic links need a privilege to create.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0

/** A folder that another user could use to swap or plant files. */
export class UnsafeFolderError extends ActionError {
  constructor(
    readonly folder: string,
    reason: string,
    fix: string
  ) {
    super(`Refusing to use the folder ${folder}: ${reason}. ${fix}`)
    this.name = 'UnsafeFolderError'
  }
}

/** The user this process runs as: the owner every private folder and file must have. */
function ownUid(): number | undefined {
  return POSIX_PERMISSIONS ? process.geteuid?.() : undefined
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(3, '0')

/**
 * Throws UnsafeFolderError unless `folder` is a directory owned by this user that neither its
 * group nor others can write. A folder that is itself a symbolic link must be this user's (or
 * root's) link: a link another user planted there is refused even if it points somewhere safe.
 */
export function checkPrivateFolder(folder: string): void {
  const uid = ownUid()
  if (uid === undefined) return
  const link = lstatSync(folder)
  if (link.isSymbolicLink() && link.uid !== uid && link.uid !== 0) {
    throw new UnsafeFolderError(
      folder,
      `it is a symbolic link owned by another user (uid ${link.uid})`,
      'Remove the link, or choose a folder of your own.'
    )
  }
  const stats = statSync(folder)
  if (!stats.isDirectory()) {
    throw new UnsafeFolderError(folder, 'it is not a folder', 'Choose a folder of your own.')
  }
  if (stats.uid !== uid) {
    throw new UnsafeFolderError(
      folder,
      `it belongs to another user (uid ${stats.uid}; this process runs as uid ${uid})`,
      'Choose a folder of your own.'
    )
  }
  if ((stats.mode & 0o022) !== 0) {
    throw new UnsafeFolderError(
      folder,
      `its group or other users can write it (mode ${octal(stats.mode)}), and could plant files or ` +
        'links in it',
      `Run chmod go-w '${folder}', or choose a folder of your own.`
    )
  }
}

/**
 * Creates `folder` (mode 700) and its missing parents, then checks it (checkPrivateFolder).
 * Returns the folders it created, outermost first, for whoever wants to remove them again.
 */
export function makePrivateFolder(folder: string): string[] {
  const missing = missingFolders(folder)
  // mkdir with recursive: true succeeds on an existing folder, whoever made it: so check after.
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  checkPrivateFolder(folder)
  return missing
}

/** The folders of `folder`'s path that do not exist yet, outermost first. */
export function missingFolders(folder: string): string[] {
  const missing: string[] = []
  for (let path = resolve(folder); !exists(path); path = dirname(path)) {
    missing.unshift(path)
    if (dirname(path) === path) break
  }
  return missing
}

function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/** A file as read: its text and its permission bits (null on Windows, where they mean nothing). */
export interface ReadFile {
  content: string
  mode: number | null
  stats: Stats
}

/**
 * Reads a file without following a symbolic link at its own name (O_NOFOLLOW: ELOOP for a link),
 * and returns undefined if it does not exist. The stats are those of the file read, not of a
 * name that may have changed in the meantime.
 */
export function readNoFollow(path: string): ReadFile | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new Error(`${path} is not a regular file`)
    const content = readFileSync(fd, 'utf8')
    return { content, mode: POSIX_PERMISSIONS ? stats.mode & 0o7777 : null, stats }
  } finally {
    closeSync(fd)
  }
}

/** True if this user owns the file and nobody else may read or write it (always true on Windows). */
export function isPrivateFile(stats: Stats, platform: NodeJS.Platform = process.platform): boolean {
  const uid = ownUid()
  if (platform === 'win32' || uid === undefined) return true
  return stats.uid === uid && (stats.mode & 0o077) === 0
}

/**
 * Replaces `path` with `content`: a temporary file with a random name next to it, created
 * exclusively and without following links, given `mode` (not subject to the umask), flushed, then
 * renamed over `path`. A reader sees the old file or the new one, never half of one; a symbolic
 * link at `path` is replaced, not followed. The caller checks the folder first.
 */
export function writeFileReplacing(path: string, content: string, mode = 0o600): void {
  // Web Crypto's generator, which node:crypto's randomBytes also draws from: node:crypto is not
  // loaded for it, which a cache hit of the CLI would pay for (cache.ts).
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex')
  const temporary = join(dirname(path), `.${basename(path)}.${random}.tmp`)
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW
  const fd = openSync(temporary, flags, mode)
  try {
    try {
      if (POSIX_PERMISSIONS) fchmodSync(fd, mode)
      const bytes = Buffer.from(content, 'utf8')
      for (let written = 0; written < bytes.length;) {
        written += writeSync(fd, bytes, written, bytes.length - written)
      }
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}

import { writeSync } from 'node:fs'

/** Where a command writes its answer and its messages: standard output or error, or a test's. */
export interface Output {
  write(text: string): unknown
}

/**
 * Standard output or error as the process's file descriptor, written with writeSync. Making
 * process.stdout for a pipe (as the AWS CLI's credential_process has) loads Node's net and stream
 * modules, about 2.5 ms of a cache hit's 30 (docs/design.md, Performance); a write to the
 * descriptor costs nothing of the kind, and is as synchronous as process.stdout is for files,
 * terminals and pipes on Linux and macOS.
 *
 * On the first write that fails (a non-blocking pipe that is full: EAGAIN; a reader that has gone:
 * EPIPE), this and every later write go to the stream instead, which waits, or reports the error
 * as it always has ('error' on the stream, where init and rotate listen for it).
 */
export function descriptorOutput(fd: number, stream: () => NodeJS.WritableStream): Output {
  let fallback: NodeJS.WritableStream | undefined
  return {
    write(text: string) {
      if (fallback) return fallback.write(text)
      const bytes = Buffer.from(text, 'utf8')
      let written = 0
      try {
        while (written < bytes.length) written += writeSync(fd, bytes, written)
        return true
      } catch {
        fallback = stream()
        return fallback.write(bytes.subarray(written))
      }
    }
  }
}

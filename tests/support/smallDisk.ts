import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * A real, tiny filesystem (tmpfs with a size limit) to fill up: writes to it then fail with
 * ENOSPC exactly as on a full disk, and freeing the filler file clears the fault. Needs the
 * right to mount (root, as on CI and developer machines here).
 */
export interface SmallDisk {
  /** The mount point: use it (or a folder in it) as the data directory. */
  dir: string
  /** Writes a filler file until the filesystem is full. */
  fill(): void
  /** Removes the filler file: writes succeed again. */
  clear(): void
  /** Unmounts and removes the mount point. */
  remove(): void
}

/** Mounts a tmpfs of `bytes`; null when this process may not mount (not root). */
export function mountSmallDisk(bytes: number): SmallDisk | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-small-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' })
  } catch {
    rmdirSync(dir)
    return null
  }
  const filler = path.join(dir, 'filler')
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a')
      try {
        // Big chunks first, then small ones for the last pages.
        for (const size of [1 << 20, 1 << 12, 1]) {
          const chunk = Buffer.alloc(size, 0xaa)
          for (;;) {
            try {
              writeSync(fd, chunk)
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break
              throw error
            }
          }
        }
      } finally {
        closeSync(fd)
      }
    },
    clear() {
      rmSync(filler, { force: true })
    },
    remove() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' })
      rmdirSync(dir)
    },
  }
}

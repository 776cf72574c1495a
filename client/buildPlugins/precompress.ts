import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Files worth compressing: text. Fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/

/** Smaller than this, a compressed copy saves less than its own request overhead. */
const MIN_BYTES = 1024

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name)
      return entry.isDirectory() ? filesUnder(full) : Promise.resolve([full])
    }),
  )
  return nested.flat()
}

/** Writes `file.br` and `file.gz` beside `file`, each only if it is smaller than the original. */
async function precompressFile(file: string): Promise<void> {
  const content = await readFile(file)
  const [br, gz] = await Promise.all([
    brotli(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
  ])
  if (br.length < content.length) await writeFile(`${file}.br`, br)
  if (gz.length < content.length) await writeFile(`${file}.gz`, gz)
}

/**
 * Precompresses the build's text files with brotli and gzip (`x.js.br`, `x.js.gz`) once, at
 * build time, at the highest levels: the server then sends the copy the browser accepts
 * without compressing anything per request.
 */
export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'roofline-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      const files = (await filesUnder(outDir)).filter((file) => COMPRESSIBLE.test(file))
      const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size))
      await Promise.all(files.filter((_, i) => (sizes[i] ?? 0) >= MIN_BYTES).map(precompressFile))
    },
  }
}

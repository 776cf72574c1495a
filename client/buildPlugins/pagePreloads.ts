import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin } from 'vite'

/**
 * One page of the app as the build sees it: the module `main.tsx` loads lazily for it, and the
 * font files its first paint waits for (tldraw draws no shape before the fonts of the shapes on
 * the page have loaded, so a board with kit cards waits for IBM Plex Sans, medium and bold).
 */
export interface PageEntry {
  /** The page's module, relative to the client's root, as `main.tsx` imports it. */
  module: string
  /**
   * Other modules `main.tsx` loads lazily for this page at once (its early connections), asked
   * for first: over HTTP/1.1 a browser fetches six files from a host at a time, in the order
   * the page names them.
   */
  alsoModules?: string[]
  /** Emitted font files to preload, by name (tested against the file name under assets/). */
  fonts?: RegExp
}

/** A chunk of the output, with what this plugin reads of it. */
export interface ChunkInfo {
  fileName: string
  /** Whether this is the entry chunk, which index.html loads itself. */
  isEntry: boolean
  facadeModuleId?: string | null
  /** The modules bundled into the chunk (a module loaded lazily may share a chunk with others). */
  moduleIds?: readonly string[]
  imports: readonly string[]
  /** CSS the chunk loads with it (Vite's metadata). */
  css: readonly string[]
}

/**
 * The files a page needs at once, in the order to ask for them: the chunks of its modules
 * (`moduleIds`: the page's, then any other it loads at once) and every chunk they import
 * statically (recursively), their stylesheets, and its fonts; without what
 * index.html already loads (the entry and its static imports).
 */
export function pagePreloads(
  chunks: readonly ChunkInfo[],
  moduleIds: readonly string[],
  emittedFiles: readonly string[],
  fonts?: RegExp,
): { scripts: string[]; styles: string[]; fonts: string[] } {
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const scripts: string[] = []
  const styles: string[] = []
  const visit = (fileName: string) => {
    if (scripts.includes(fileName)) return
    const chunk = byFile.get(fileName)
    if (!chunk) return
    scripts.push(fileName)
    for (const css of chunk.css) if (!styles.includes(css)) styles.push(css)
    for (const imported of chunk.imports) visit(imported)
  }
  for (const moduleId of moduleIds) {
    const chunk =
      chunks.find((candidate) => candidate.facadeModuleId === moduleId) ??
      chunks.find((candidate) => candidate.moduleIds?.includes(moduleId))
    if (!chunk) throw new Error(`pagePreloads: no chunk is built for ${moduleId}`)
    visit(chunk.fileName)
  }
  // index.html loads the entry chunk and its static imports (and their CSS) already.
  const entry = new Set<string>()
  const entryCss = new Set<string>()
  const collectEntry = (fileName: string) => {
    if (entry.has(fileName)) return
    const chunk = byFile.get(fileName)
    if (!chunk) return
    entry.add(fileName)
    for (const css of chunk.css) entryCss.add(css)
    for (const imported of chunk.imports) collectEntry(imported)
  }
  for (const chunk of chunks) if (chunk.isEntry) collectEntry(chunk.fileName)
  return {
    scripts: scripts.filter((file) => !entry.has(file)),
    styles: styles.filter((file) => !entryCss.has(file)),
    fonts: fonts ? emittedFiles.filter((file) => fonts.test(path.basename(file))) : [],
  }
}

/**
 * `<link>` tags for a page's preloads, to go at the end of index.html's head. Stylesheets are
 * preloaded, not applied: the page's lazy import still applies them in the order it always has,
 * from the preloaded copy.
 */
export function preloadTags(preloads: ReturnType<typeof pagePreloads>): string {
  const tags = [
    ...preloads.styles.map((file) => `<link rel="preload" as="style" crossorigin href="/${file}">`),
    ...preloads.scripts.map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`),
    ...preloads.fonts.map(
      (file) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="/${file}">`,
    ),
  ]
  return tags.map((tag) => `    ${tag}\n`).join('')
}

/**
 * Writes one copy of index.html per page (`page-<name>.html`), whose head asks at once for
 * everything that page needs to show: without it the browser learns of the page's chunks (for
 * a board, tldraw's 2.5 MB) only after the entry script has downloaded and run, and of the
 * board's fonts only after tldraw has run. The server answers each app route with its page's
 * copy (`staticClient.ts`), and index.html where there is none.
 */
export function pagePreloadsPlugin(pages: Record<string, PageEntry>): Plugin {
  let root = ''
  return {
    name: 'roofline-page-preloads',
    apply: 'build',
    configResolved(config) {
      root = config.root
    },
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? ''
      const chunks: ChunkInfo[] = []
      const emitted: string[] = []
      for (const output of Object.values(bundle)) {
        emitted.push(output.fileName)
        if (output.type !== 'chunk') continue
        chunks.push({
          fileName: output.fileName,
          isEntry: output.isEntry,
          facadeModuleId: output.facadeModuleId,
          moduleIds: output.moduleIds,
          imports: output.imports,
          css: [...(output.viteMetadata?.importedCss ?? [])],
        })
      }
      const html = await readFile(path.join(outDir, 'index.html'), 'utf8')
      // Without the marker every page would silently get no preloads.
      if (!html.includes('  </head>')) throw new Error('pagePreloads: index.html has no "  </head>" line')
      await Promise.all(
        Object.entries(pages).map(async ([name, page]) => {
          const moduleIds = [...(page.alsoModules ?? []), page.module].map((module) =>
            path.resolve(root, module),
          )
          const tags = preloadTags(pagePreloads(chunks, moduleIds, emitted, page.fonts))
          await writeFile(
            path.join(outDir, `page-${name}.html`),
            html.replace('  </head>', `${tags}  </head>`),
          )
        }),
      )
    },
  }
}

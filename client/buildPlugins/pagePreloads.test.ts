import { describe, expect, it } from 'vitest'
import { type ChunkInfo, pagePreloads, preloadTags } from './pagePreloads.ts'

/** A build like the real one: the entry shares React and the schemas; the session page pulls tldraw. */
const chunks: ChunkInfo[] = [
  {
    fileName: 'assets/index-A.js',
    isEntry: true,
    facadeModuleId: '/c/src/main.tsx',
    imports: ['assets/runtime-B.js'],
    css: ['assets/index-A.css'],
  },
  { fileName: 'assets/runtime-B.js', isEntry: false, imports: [], css: [] },
  {
    fileName: 'assets/SessionPage-C.js',
    isEntry: false,
    facadeModuleId: '/c/src/session/SessionPage.tsx',
    imports: ['assets/index-A.js', 'assets/tldraw-D.js', 'assets/api-E.js'],
    css: ['assets/SessionPage-C.css'],
  },
  {
    fileName: 'assets/tldraw-D.js',
    isEntry: false,
    imports: ['assets/runtime-B.js', 'assets/api-E.js'],
    css: ['assets/tldraw-D.css', 'assets/index-A.css'],
  },
  { fileName: 'assets/api-E.js', isEntry: false, imports: ['assets/index-A.js'], css: [] },
  {
    fileName: 'assets/HomePage-F.js',
    isEntry: false,
    facadeModuleId: '/c/src/home/HomePage.tsx',
    imports: ['assets/api-E.js'],
    css: [],
  },
  {
    fileName: 'assets/early-H.js',
    isEntry: false,
    facadeModuleId: '/c/src/net/early.ts',
    imports: ['assets/api-E.js'],
    css: [],
  },
  // Loaded lazily by the session page (not at first paint): never preloaded.
  { fileName: 'assets/simWorker-G.js', isEntry: false, imports: [], css: [] },
]
const emitted = [
  'assets/IBMPlexSans-Bold-x1.woff2',
  'assets/IBMPlexSans-Medium-x2.woff2',
  'assets/IBMPlexSerif-Bold-x3.woff2',
]

describe('what a page preloads', () => {
  it("is the page's chunk and its static imports, their CSS and its fonts, without what index.html loads", () => {
    const preloads = pagePreloads(
      chunks,
      ['/c/src/session/SessionPage.tsx'],
      emitted,
      /^IBMPlexSans-(Medium|Bold)-/,
    )
    expect(preloads).toEqual({
      scripts: ['assets/SessionPage-C.js', 'assets/tldraw-D.js', 'assets/api-E.js'],
      styles: ['assets/SessionPage-C.css', 'assets/tldraw-D.css'],
      fonts: ['assets/IBMPlexSans-Bold-x1.woff2', 'assets/IBMPlexSans-Medium-x2.woff2'],
    })
  })

  it('adds the chunks of the other modules the page loads at once, each file once', () => {
    const preloads = pagePreloads(chunks, ['/c/src/net/early.ts', '/c/src/home/HomePage.tsx'], emitted)
    expect(preloads.scripts).toEqual(['assets/early-H.js', 'assets/api-E.js', 'assets/HomePage-F.js'])
  })

  it('leaves out tldraw and fonts from a page that does not import them', () => {
    expect(pagePreloads(chunks, ['/c/src/home/HomePage.tsx'], emitted)).toEqual({
      scripts: ['assets/HomePage-F.js', 'assets/api-E.js'],
      styles: [],
      fonts: [],
    })
  })

  it('refuses a page the build has no chunk for, rather than writing a page that preloads nothing', () => {
    expect(() => pagePreloads(chunks, ['/c/src/nowhere/Gone.tsx'], emitted)).toThrow(/no chunk is built for/)
  })

  it('preloads stylesheets without applying them, scripts as modules, fonts in CORS mode', () => {
    const tags = preloadTags({
      scripts: ['assets/a.js'],
      styles: ['assets/a.css'],
      fonts: ['assets/f.woff2'],
    })
    expect(tags).toBe(
      '    <link rel="preload" as="style" crossorigin href="/assets/a.css">\n' +
        '    <link rel="modulepreload" crossorigin href="/assets/a.js">\n' +
        '    <link rel="preload" as="font" type="font/woff2" crossorigin href="/assets/f.woff2">\n',
    )
  })
})

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerStaticClient } from './staticClient.ts'

describe('the built client', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-static-'))
  const script = `console.log(${JSON.stringify('roofline '.repeat(500))})`
  const page = `<!doctype html><title>Roofline</title>${'<!-- padding -->'.repeat(100)}`
  let app: FastifyInstance

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'))
    const files: Record<string, string> = { 'assets/app-Ab12.js': script, 'index.html': page }
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), content)
      writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(content))
      writeFileSync(path.join(dir, `${name}.gz`), gzipSync(content))
    }
    // Fonts are compressed already: the build writes no copies of them.
    writeFileSync(path.join(dir, 'assets/font-Cd34.woff2'), Buffer.alloc(64, 7))
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>')
    app = Fastify()
    await registerStaticClient(app, dir)
  })
  afterAll(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} })

  it('sends the brotli copy to a browser that takes brotli, cacheable for good under /assets', async () => {
    const response = await get('/assets/app-Ab12.js', 'gzip, deflate, br, zstd')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-encoding']).toBe('br')
    expect(response.headers['content-type']).toMatch(/javascript/)
    expect(response.headers.vary).toMatch(/accept-encoding/i)
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(script)
    expect(response.rawPayload.length).toBeLessThan(script.length / 10)
  })

  it('sends the gzip copy to a client that takes only gzip, and the file itself to one that takes neither', async () => {
    const gzipped = await get('/assets/app-Ab12.js', 'gzip')
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(script)
    const plain = await get('/assets/app-Ab12.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toMatch(/accept-encoding/i)
    expect(plain.body).toBe(script)
  })

  it('sends a file without a compressed copy as it is', async () => {
    const font = await get('/assets/font-Cd34.woff2', 'br, gzip')
    expect(font.statusCode).toBe(200)
    expect(font.headers['content-encoding']).toBeUndefined()
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(font.rawPayload.length).toBe(64)
  })

  it('makes the browser revalidate index.html on every app route, and files outside /assets', async () => {
    for (const route of ['/', '/s/abc', '/replay/abc', '/report/abc', '/b/abc', '/library']) {
      const response = await get(route, 'br')
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).toBe('no-cache')
      expect(response.headers['content-type']).toMatch(/text\/html/)
      expect(response.headers['content-encoding']).toBe('br')
      expect(brotliDecompressSync(response.rawPayload).toString()).toBe(page)
    }
    const icon = await get('/favicon.svg', 'br')
    expect(icon.headers['cache-control']).toBe('no-cache')
  })
})

describe('the built client with a page of its own for a route', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-static-pages-'))
  const index = '<!doctype html><title>Roofline</title>'
  const sessionPage = `${index}<link rel="modulepreload" href="/assets/tldraw-Ab12.js">`
  let app: FastifyInstance

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'index.html'), index)
    writeFileSync(path.join(dir, 'page-session.html'), sessionPage)
    app = Fastify()
    await registerStaticClient(app, dir)
  })
  afterAll(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("answers the route with that page's HTML (its preloads), and the other routes with index.html", async () => {
    const session = await app.inject({ method: 'GET', url: '/s/abc' })
    expect(session.statusCode).toBe(200)
    expect(session.headers['content-type']).toMatch(/text\/html/)
    expect(session.headers['cache-control']).toBe('no-cache')
    expect(session.body).toBe(sessionPage)
    for (const route of ['/', '/replay/abc', '/b/abc', '/library']) {
      const response = await app.inject({ method: 'GET', url: route })
      expect(response.statusCode).toBe(200)
      expect(response.body).toBe(index)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { tldrawTreatsAsProduction } from './tldrawLicence.ts'

const at = (protocol: string, hostname: string) => ({ protocol, hostname })

describe('tldrawTreatsAsProduction', () => {
  it('counts https on a domain or a public address, and any *.localhost name, as production', () => {
    for (const address of [
      at('https:', 'roofline.example.com'),
      at('https:', '10.0.0.11'),
      at('http:', 'roofline.localhost'),
      at('https:', 'Roofline.Localhost'),
    ]) {
      expect(tldrawTreatsAsProduction(address), address.hostname).toBe(true)
    }
  })

  it('counts plain http anywhere, and https on a loopback host, as development', () => {
    for (const address of [
      at('http:', 'roofline.example.com'),
      at('http:', '127.0.0.1'),
      at('https:', 'localhost'),
      at('https:', '127.0.0.2'),
      at('https:', '[::1]'),
    ]) {
      expect(tldrawTreatsAsProduction(address), `${address.protocol}//${address.hostname}`).toBe(false)
    }
  })
})

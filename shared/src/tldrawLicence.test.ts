import { describe, expect, it } from 'vitest'
import { tldrawTreatsAsProduction } from './tldrawLicence.ts'

describe('tldrawTreatsAsProduction', () => {
  // https on a domain or a public address, and any *.localhost name, are production; plain
  // http anywhere, and https on a loopback host, are development.
  it.each([
    ['https:', 'roofline.example.com', true],
    ['https:', '10.0.0.11', true],
    ['http:', 'roofline.localhost', true],
    ['https:', 'Roofline.Localhost', true],
    ['http:', 'roofline.example.com', false],
    ['http:', '127.0.0.1', false],
    ['https:', 'localhost', false],
    ['https:', '127.0.0.2', false],
    ['https:', '[::1]', false],
  ])('%s//%s: %s', (protocol, hostname, production) => {
    expect(tldrawTreatsAsProduction({ protocol, hostname })).toBe(production)
  })
})

import { describe, expect, it } from 'vitest'
import { Base64Error, base64ToBytes, bytesToBase64 } from './base64.ts'
import { seededRandom } from './testRecording.ts'

describe('base64', () => {
  it('matches the standard encoding and round-trips every length', () => {
    expect(bytesToBase64(new Uint8Array([1, 2, 3]))).toBe('AQID')
    expect(bytesToBase64(Uint8Array.from('roofline', (c) => c.charCodeAt(0)))).toBe('cm9vZmxpbmU=')
    expect(bytesToBase64(new Uint8Array([255, 254]))).toBe('//4=')
    const random = seededRandom(1)
    for (let length = 0; length < 300; length++) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256))
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes)
    }
    const big = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) % 256)
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big)
  })

  it('refuses malformed text', () => {
    for (const bad of ['A', 'AQI', 'AQ!D', 'A=QD', '====', 'AQID=AAA', 'é123']) {
      expect(() => base64ToBytes(bad), bad).toThrow(Base64Error)
    }
  })
})

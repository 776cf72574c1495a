import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'

/** `text` written as lib0 writes a string, then read back. */
function roundTrip(text: string): string {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, text)
  return decoding.readVarString(decoding.createDecoder(encoding.toUint8Array(encoder)))
}

// lib0 is patched (patches/lib0@*.patch): short ASCII strings are decoded without a TextDecoder.
describe('string decoding (patched lib0)', () => {
  it('is the patched decoder', () => {
    expect(decoding._readVarStringNative.toString()).toContain('String.fromCharCode')
  })

  it('reads back every kind of string, on both sides of the short-string bound', () => {
    const samples = [
      '',
      'a',
      'shape:1234',
      'x'.repeat(32),
      'y'.repeat(33),
      'é',
      'naïve label',
      '日本語',
      '🚀 GPU',
      `${'a'.repeat(31)}é`,
    ]
    for (const text of samples) expect(roundTrip(text)).toBe(text)
  })

  it('still refuses bytes that are not UTF-8, short or long', () => {
    for (const length of [3, 40]) {
      const bytes = new Uint8Array(length + 1).fill(0x61)
      bytes[0] = length
      bytes[length] = 0xff
      expect(() => decoding.readVarString(decoding.createDecoder(bytes))).toThrow()
    }
  })

  it('still refuses a string that runs past the end of the message', () => {
    const bytes = Uint8Array.of(10, 0x61, 0x62)
    expect(() => decoding.readVarString(decoding.createDecoder(bytes))).toThrow()
  })

  it('leaves a Yjs document round trip unchanged', () => {
    const doc = new Y.Doc()
    const map = doc.getMap<unknown>('m')
    map.set('record', { id: 'shape:1', label: 'Prefill → decode ✓', props: { w: 10, color: 'black' } })
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(copy.getMap('m').toJSON()).toEqual(map.toJSON())
  })
})

import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { decodeClientMessage, encodeUpdate } from './yMessages.ts'

describe('encodeUpdate', () => {
  it('frames an update exactly as lib0’s encoder does, at every varint length boundary', () => {
    for (const length of [0, 1, 127, 128, 129, 16_383, 16_384, 16_385, 2_097_152]) {
      const update = new Uint8Array(length).map((_, i) => (i * 31) % 256)
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 0)
      encoding.writeVarUint(encoder, 2)
      encoding.writeVarUint8Array(encoder, update)
      expect(encodeUpdate(update), `length ${length}`).toEqual(encoding.toUint8Array(encoder))
    }
  })

  it('gives a message the server reads back as the same update', () => {
    const update = new Uint8Array([0, 0])
    expect(decodeClientMessage(encodeUpdate(update))).toEqual({
      kind: 'update',
      update,
      reach: { segments: [], refs: new Map() },
    })
  })
})

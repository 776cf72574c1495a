import { describe, expect, it } from 'vitest'
import { decodeFanoutMessage, encodeFanoutMessage, FanoutKind } from './fanoutMessage.ts'

describe('fan-out messages', () => {
  it('round-trip every kind', () => {
    for (const kind of Object.values(FanoutKind)) {
      const message = {
        kind,
        origin: 'process-1',
        seq: kind === FanoutKind.update ? 4242 : 0,
        payload: new Uint8Array([1, 2, 3]),
      }
      expect(decodeFanoutMessage(encodeFanoutMessage(message))).toEqual(message)
    }
  })

  it('refuse an unknown kind, truncated bytes and trailing bytes', () => {
    const bytes = encodeFanoutMessage({
      kind: FanoutKind.update,
      origin: 'p',
      seq: 1,
      payload: new Uint8Array([9]),
    })
    expect(() => decodeFanoutMessage(new Uint8Array([7, ...bytes.slice(1)]))).toThrow(
      /unknown fan-out message kind 7/,
    )
    expect(() => decodeFanoutMessage(bytes.slice(0, -1))).toThrow()
    expect(() => decodeFanoutMessage(new Uint8Array([...bytes, 0]))).toThrow(/trailing/)
  })
})

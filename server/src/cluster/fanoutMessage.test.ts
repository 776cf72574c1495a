import { describe, expect, it } from 'vitest'
import {
  decodeFanoutFrame,
  decodeFanoutMessage,
  encodeFanoutBatch,
  encodeFanoutMessage,
  FanoutKind,
  originMark,
  sentBy,
} from './fanoutMessage.ts'

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

  it('carry a batch in order, and read a one-message frame as a batch of one', () => {
    const messages = [
      { kind: FanoutKind.update, seq: 7, payload: new Uint8Array([1]) },
      { kind: FanoutKind.awareness, seq: 0, payload: new Uint8Array([2, 3]) },
      { kind: FanoutKind.update, seq: 8, payload: new Uint8Array([]) },
    ]
    expect(decodeFanoutFrame(encodeFanoutBatch('process-1', messages))).toEqual(
      messages.map((m) => ({ ...m, origin: 'process-1' })),
    )
    const single = { kind: FanoutKind.update, origin: 'p', seq: 1, payload: new Uint8Array([9]) }
    expect(decodeFanoutFrame(encodeFanoutMessage(single))).toEqual([single])
  })

  it('refuse a batch that is truncated, claims too many messages or has an unknown kind inside', () => {
    const batch = encodeFanoutBatch('p', [{ kind: FanoutKind.update, seq: 1, payload: new Uint8Array([9]) }])
    expect(() => decodeFanoutFrame(batch.slice(0, -1))).toThrow()
    expect(() => decodeFanoutFrame(new Uint8Array([...batch, 0]))).toThrow(/trailing/)
    // Mark 3, origin "p", a count of 2^28 (varuint), nothing after.
    expect(() => decodeFanoutFrame(new Uint8Array([3, 1, 112, 128, 128, 128, 128, 1]))).toThrow(/claims/)
    const unknownKind = encodeFanoutBatch('p', [{ kind: 5 as 0, seq: 1, payload: new Uint8Array() }])
    expect(() => decodeFanoutFrame(unknownKind)).toThrow(/unknown fan-out message kind 5/)
  })

  it("tell a process's own frames, one message or a batch, from another's with a longer or shorter id", () => {
    const mark = originMark('process-1')
    const message = { kind: FanoutKind.update, seq: 1, payload: new Uint8Array([1]) }
    expect(sentBy(encodeFanoutBatch('process-1', [message]), mark)).toBe(true)
    expect(sentBy(encodeFanoutMessage({ ...message, origin: 'process-1' }), mark)).toBe(true)
    for (const other of ['process-2', 'process-10', 'process-', ''])
      expect(sentBy(encodeFanoutBatch(other, [message]), mark)).toBe(false)
    expect(sentBy(new Uint8Array([3]), mark)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { voiceChunkMetaSchema } from '../voice/voiceHttp.ts'
import { requestRecording } from './voiceConsent.ts'
import { initialVoiceState, voiceEventSchemas, voiceSignalSchema } from './voiceEvents.ts'

const interview = { mode: 'interview', swapped: false, endedAt: null } as const
const peer = { mode: 'peer', swapped: false, endedAt: null } as const

describe('requestRecording', () => {
  it('lets only the interviewer turn recording on in an interview', () => {
    expect(requestRecording(interview, initialVoiceState, 'guest', true, 5)).toMatch(/only the interviewer/i)
    expect(requestRecording(interview, initialVoiceState, 'observer', true, 5)).toMatch(/observer/)
    expect(requestRecording(interview, initialVoiceState, 'host', true, 5)).toEqual({
      ...initialVoiceState,
      recording: true,
      since: 5,
      requestedBy: ['host'],
    })
  })

  it('starts recording in a peer session only once both peers asked, and stops on either one', () => {
    const one = requestRecording(peer, initialVoiceState, 'host', true, 5)
    if (typeof one === 'string') throw new Error(one)
    expect(one.recording).toBe(false)
    const both = requestRecording(peer, one, 'guest', true, 9)
    if (typeof both === 'string') throw new Error(both)
    expect(both).toMatchObject({ recording: true, since: 9, requestedBy: ['host', 'guest'] })
    const stopped = requestRecording(peer, both, 'guest', false, 12)
    expect(stopped).toMatchObject({ recording: false, since: null, requestedBy: ['host'] })
    expect(requestRecording(peer, one, 'host', true, 6)).toMatch(/already/)
  })

  it('refuses everything after the end', () => {
    expect(requestRecording({ ...interview, endedAt: 1 }, initialVoiceState, 'host', true, 5)).toMatch(
      /ended/,
    )
  })
})

describe('voice schemas', () => {
  it('bounds an SDP and refuses an unknown signal', () => {
    expect(voiceSignalSchema.safeParse({ type: 'offer', sdp: 'v=0' }).success).toBe(true)
    expect(voiceSignalSchema.safeParse({ type: 'offer', sdp: 'x'.repeat(20_001) }).success).toBe(false)
    expect(voiceSignalSchema.safeParse({ type: 'bye' }).success).toBe(false)
    const to = 'peer-abcdef12'
    const candidate = {
      candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    }
    expect(
      voiceEventSchemas['voice:signal'].safeParse({ to, signal: { type: 'candidate', candidate } }).success,
    ).toBe(true)
    expect(
      voiceEventSchemas['voice:signal'].safeParse({ to: '../x', signal: { type: 'offer', sdp: 'v' } })
        .success,
    ).toBe(false)
  })

  it('reads chunk metadata from header strings', () => {
    const meta = voiceChunkMetaSchema.parse({
      track: '0',
      at: '1500',
      durationMs: '3000',
      levels: [0, 50, 100],
      mime: 'audio/webm;codecs=opus',
    })
    expect(meta).toMatchObject({ track: 0, at: 1500, durationMs: 3000 })
    expect(voiceChunkMetaSchema.safeParse({ ...meta, mime: 'text/html' }).success).toBe(false)
    expect(voiceChunkMetaSchema.safeParse({ ...meta, levels: [101] }).success).toBe(false)
  })
})

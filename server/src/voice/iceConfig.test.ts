import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { iceConfigFor, turnCredential } from './iceConfig.ts'

describe('turnCredential', () => {
  it("signs '<expiry>:<user>' with HMAC-SHA1 of the shared secret, as coturn checks it", () => {
    const { username, credential } = turnCredential('a-shared-secret-of-length', 'sid-host', 1_700_000_000)
    expect(username).toBe('1700000000:sid-host')
    expect(credential).toBe(createHmac('sha1', 'a-shared-secret-of-length').update(username).digest('base64'))
    expect(turnCredential('another-secret-entirely', 'sid-host', 1_700_000_000).credential).not.toBe(
      credential,
    )
  })
})

describe('iceConfigFor', () => {
  const stun = [{ urls: 'stun:stun.example.org:3478' }]

  it('hands out STUN as configured and TURN with a credential that expires after the TTL', () => {
    const config = iceConfigFor(
      { stun, turnUrls: ['turn:127.0.0.1:3479'], turnSecret: 'a-shared-secret-of-length', ttlSeconds: 600 },
      'sid',
      'guest',
      1_000_000_500,
    )
    expect(config.expiresAt).toBe((1_000_000 + 600) * 1000)
    expect(config.iceServers[0]).toEqual(stun[0])
    expect(config.iceServers[1]).toMatchObject({
      urls: ['turn:127.0.0.1:3479'],
      username: '1000600:sid-guest',
    })
  })

  it('gives no TURN server without URLs', () => {
    expect(
      iceConfigFor({ stun: [], turnUrls: [], turnSecret: undefined, ttlSeconds: 60 }, 's', 'host', 0)
        .iceServers,
    ).toEqual([])
  })
})

describe('ICE configuration', () => {
  it('reads STUN as JSON and refuses TURN without its secret or a TURN URL in the STUN list', () => {
    expect(
      loadConfig({ ROOFLINE_ICE_SERVERS: '[{"urls":"stun:s.example:3478"}]' }).ROOFLINE_ICE_SERVERS,
    ).toEqual([{ urls: 'stun:s.example:3478' }])
    expect(() => loadConfig({ ROOFLINE_ICE_SERVERS: 'nope' })).toThrow(/JSON array/)
    expect(() => loadConfig({ ROOFLINE_ICE_SERVERS: '[{"urls":"turn:t:3478"}]' })).toThrow(
      /STUN servers only/,
    )
    expect(() => loadConfig({ ROOFLINE_TURN_URLS: 'turn:t:3478' })).toThrow(/ROOFLINE_TURN_SECRET/)
    expect(
      loadConfig({ ROOFLINE_TURN_URLS: 'turn:t:3478, turns:t:5349', ROOFLINE_TURN_SECRET: 'x'.repeat(16) })
        .ROOFLINE_TURN_URLS,
    ).toEqual(['turn:t:3478', 'turns:t:5349'])
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { SessionError } from '../sessionError.ts'
import { SqliteStorage } from '../storage/sqliteStorage.ts'
import { LinkTokens } from './linkTokens.ts'
import { checkRecordingLink, seatInterviewed } from './recordingLinks.ts'

const RULE = { notInterviewer: 'not an interviewer', whileLive: 'not while live' }
const live = { mode: 'interview', endedAt: null } as const
const ended = { mode: 'interview', endedAt: 1_000 } as const

describe('the check of a link that opens a recording', () => {
  let storage: SqliteStorage
  afterEach(() => storage.close())

  async function links() {
    storage = new SqliteStorage(':memory:')
    const tokens = new LinkTokens(storage)
    return {
      tokens,
      host: await tokens.issue('s1', { kind: 'seat', seat: 'host' }),
      guest: await tokens.issue('s1', { kind: 'seat', seat: 'guest' }),
      replay: await tokens.issue('s1', { kind: 'replay', privateOf: 'host', voices: true }),
    }
  }

  async function refusal(run: Promise<unknown>): Promise<[number, string]> {
    const error = await run.then(
      () => null,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(SessionError)
    return [(error as SessionError).status, (error as SessionError).message]
  }

  it('passes a replay link as it is, live or not', async () => {
    const { tokens, replay } = await links()
    const expected = { kind: 'replay', privateOf: 'host', voices: true }
    expect(await checkRecordingLink(tokens, 's1', replay, live, RULE)).toEqual(expected)
    expect(await checkRecordingLink(tokens, 's1', replay, ended, RULE)).toEqual(expected)
  })

  it('passes only a seat that interviewed: the host, or either peer in peer practice', async () => {
    const { tokens, host, guest } = await links()
    const rule = { notInterviewer: RULE.notInterviewer }
    expect(await checkRecordingLink(tokens, 's1', host, live, rule)).toEqual({ kind: 'seat', seat: 'host' })
    expect(await refusal(checkRecordingLink(tokens, 's1', guest, live, rule))).toEqual([
      403,
      'not an interviewer',
    ])
    const peer = { mode: 'peer', endedAt: null } as const
    expect(await checkRecordingLink(tokens, 's1', guest, peer, rule)).toEqual({ kind: 'seat', seat: 'guest' })
    expect(seatInterviewed('observer', peer)).toBe(false)
  })

  it('with whileLive, refuses every seat until the session is over, before asking who interviewed', async () => {
    const { tokens, host, guest } = await links()
    expect(await refusal(checkRecordingLink(tokens, 's1', host, live, RULE))).toEqual([403, 'not while live'])
    expect(await refusal(checkRecordingLink(tokens, 's1', guest, live, RULE))).toEqual([
      403,
      'not while live',
    ])
    expect(await checkRecordingLink(tokens, 's1', host, ended, RULE)).toEqual({ kind: 'seat', seat: 'host' })
    expect(await refusal(checkRecordingLink(tokens, 's1', guest, ended, RULE))).toEqual([
      403,
      'not an interviewer',
    ])
  })

  it('refuses a missing token or one of another session with 401', async () => {
    const { tokens, host } = await links()
    expect((await refusal(checkRecordingLink(tokens, 's1', null, ended, RULE)))[0]).toBe(401)
    expect((await refusal(checkRecordingLink(tokens, 's2', host, ended, RULE)))[0]).toBe(401)
  })
})

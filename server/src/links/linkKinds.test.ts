import { describe, expect, it } from 'vitest'
import { everyReplayLink, type LinkKind, linkColumn, parseLinkColumn } from './linkKinds.ts'

describe('link kinds', () => {
  it('reads the seat column of every database written so far', () => {
    // The names storage has held since the first version: they must keep opening the same thing.
    expect(parseLinkColumn('host')).toEqual({ kind: 'seat', seat: 'host' })
    expect(parseLinkColumn('guest')).toEqual({ kind: 'seat', seat: 'guest' })
    expect(parseLinkColumn('observer')).toEqual({ kind: 'seat', seat: 'observer' })
    expect(parseLinkColumn('replay')).toEqual({ kind: 'replay', privateOf: null })
    expect(parseLinkColumn('replay+host')).toEqual({ kind: 'replay', privateOf: 'host' })
    expect(parseLinkColumn('replay+guest')).toEqual({ kind: 'replay', privateOf: 'guest' })
  })

  it('reads replay links with voices, and no other suffix', () => {
    expect(parseLinkColumn('replay+voices')).toEqual({ kind: 'replay', privateOf: null, voices: true })
    expect(parseLinkColumn('replay+guest+voices')).toEqual({
      kind: 'replay',
      privateOf: 'guest',
      voices: true,
    })
    for (const column of ['voices', 'replay+voices+voices', 'replay+observer+voices', 'replay+voices+host']) {
      expect(parseLinkColumn(column)).toBeNull()
    }
  })

  it('refuses a column no link has', () => {
    for (const column of ['', 'replay+', 'replay+observer', 'replay+host+guest', 'admin', 'replayhost']) {
      expect(parseLinkColumn(column)).toBeNull()
    }
  })

  it('writes every kind so that it reads back the same', () => {
    const kinds: LinkKind[] = [
      { kind: 'seat', seat: 'host' },
      { kind: 'seat', seat: 'guest' },
      { kind: 'seat', seat: 'observer' },
      ...everyReplayLink,
    ]
    for (const kind of kinds) expect(parseLinkColumn(linkColumn(kind))).toEqual(kind)
    expect(new Set(kinds.map(linkColumn)).size).toBe(kinds.length)
  })
})

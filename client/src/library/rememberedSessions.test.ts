import { describe, expect, it } from 'vitest'
import { forgetSession, rememberedSessions, rememberSession, tokenOf } from './rememberedSessions.ts'

/** An in-memory Storage, as localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  }
}

describe('the library of sessions this browser created', () => {
  const token = 'a'.repeat(43)
  it('remembers sessions newest first, once each, and forgets them', () => {
    const storage = memoryStorage()
    rememberSession({ id: 'one', link: `http://x/s/one#token=${token}` }, storage, 1)
    rememberSession({ id: 'two', link: `http://x/s/two#token=${token}` }, storage, 2)
    rememberSession({ id: 'one', link: `http://x/replay/one#token=${token}` }, storage, 3)
    expect(rememberedSessions(storage).map((s) => s.id)).toEqual(['one', 'two'])
    expect(tokenOf(rememberedSessions(storage)[0] ?? { id: '', link: '', rememberedAt: 0 })).toBe(token)
    forgetSession('one', storage)
    expect(rememberedSessions(storage).map((s) => s.id)).toEqual(['two'])
  })

  it('survives a damaged entry', () => {
    const storage = memoryStorage()
    storage.setItem('roofline.library', '{not json')
    expect(rememberedSessions(storage)).toEqual([])
    storage.setItem(
      'roofline.library',
      JSON.stringify([
        { id: '../x', link: 1 },
        { id: 'ok', link: 'l', rememberedAt: 1 },
      ]),
    )
    expect(rememberedSessions(storage).map((s) => s.id)).toEqual(['ok'])
  })
})

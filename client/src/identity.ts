import type { BoardUser } from './board/yjsStoreBinding.ts'

const STORAGE_KEY = 'roofline.user'

/** Cursor colours that read well on the white board and against each other. */
const COLOURS = ['#e03131', '#1971c2', '#2f9e44', '#f08c00', '#9c36b5', '#0c8599', '#c2255c', '#5f3dc4']

/**
 * The local participant: a stable id, a name and a colour, kept in localStorage so a reload
 * keeps them. A first visit gets "Guest" and a random colour until the user types a name.
 */
export function loadLocalUser(storage: Storage = window.localStorage): BoardUser {
  try {
    const saved = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<BoardUser> | null
    if (
      saved &&
      typeof saved.id === 'string' &&
      typeof saved.name === 'string' &&
      typeof saved.color === 'string'
    ) {
      return { id: saved.id, name: saved.name, color: saved.color }
    }
  } catch {
    // A corrupt entry is replaced below.
  }
  const user = {
    id: crypto.randomUUID(),
    name: `Guest ${Math.floor(100 + Math.random() * 900)}`,
    color: COLOURS[Math.floor(Math.random() * COLOURS.length)] ?? '#1971c2',
  }
  saveLocalUser(user, storage)
  return user
}

/** Remembers the local participant for the next visit. */
export function saveLocalUser(user: BoardUser, storage: Storage = window.localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(user))
}

import { describe, expect, it } from 'vitest'
import { loadBuiltInTemplates } from './loadTemplates.ts'
import { guideTitles, sourceTitle, sourceTitles } from './sourceTitles.ts'

describe('source titles', () => {
  it('every guide a built-in template cites has a title, and no title is a file name', () => {
    const templates = loadBuiltInTemplates()
    for (const file of new Set(templates.flatMap((t) => t.sources))) {
      expect(Object.hasOwn(guideTitles, file), file).toBe(true)
    }
    for (const title of Object.values(guideTitles)) expect(title).not.toMatch(/\.txt$|_[0-9a-f]{8,}/)
  })

  it('shows a known guide by its title', () => {
    expect(sourceTitle('002_5bf45d9c8afd0c6e.txt')).toBe('Senior AI Engineer Interview Questions 2024-2025')
  })

  it("shows an imported template's own file as words, never as the file name", () => {
    expect(sourceTitle('team_notes-2025.txt')).toBe('team notes 2025')
    expect(sourceTitle('.txt')).toBe('Interview guide')
    expect(sourceTitle('constructor')).toBe('constructor')
  })

  it('lists each title once, in order', () => {
    expect(sourceTitles(['001_2d47e72ecc4e8ec7.txt', 'notes.txt', '001_2d47e72ecc4e8ec7.txt'])).toEqual([
      'xAI SWE Interview: Distributed Systems Design Guide',
      'notes',
    ])
  })
})

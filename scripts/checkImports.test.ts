import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importProblems } from './checkImports.ts'

/** A package of a few modules on disk: `{ 'a/x.ts': "import './y.ts'" }`. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-check-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

describe('the import check', () => {
  it('passes a tree whose imports go one way', () => {
    const dir = fixture({
      'a/one.ts': "import { two } from '../b/two.ts'\nexport const one = two",
      'b/two.ts': "import { z } from 'zod'\nexport const two = z",
    })
    expect(importProblems(dir, [])).toEqual([])
  })

  it('rejects a cycle of modules, type-only imports included', () => {
    const dir = fixture({
      'a/one.ts': "import type { Two } from './two.ts'\nexport type One = Two[]",
      'a/two.ts': "import { three } from './three'\nexport type Two = number",
      'a/three.ts': "export { one } from './one.ts'\nexport const three = 3",
    })
    expect(importProblems(dir, [])).toEqual(['import cycle: a/one.ts → a/two.ts → a/three.ts → a/one.ts'])
  })

  it('rejects a module importing itself through a dynamic import', () => {
    const dir = fixture({ 'a/self.tsx': "export const load = () => import('./self.tsx')" })
    expect(importProblems(dir, [])).toEqual(['import cycle: a/self.tsx → a/self.tsx'])
  })

  it('rejects folders that need each other, unless the edge is a known one', () => {
    const dir = fixture({
      'board/canvas.ts': "import '../calc/panel.ts'",
      'calc/panel.ts': "import { area } from '../board/area.ts'",
      'board/area.ts': 'export const area = 1',
    })
    expect(importProblems(dir, [])).toEqual(['folder cycle: board → calc → board'])
    expect(importProblems(dir, [], ['calc -> board'])).toEqual([])
  })

  it('ignores imports written in comments and tests that reach up a layer', () => {
    const dir = fixture({
      'low/a.ts': "// import { b } from '../high/b.ts'\n/* import('../high/b.ts') */\nexport const a = 1",
      'low/a.test.ts': "import { b } from '../high/b.ts'",
      'high/b.ts': "import { a } from '../low/a.ts'\nexport const b = a",
    })
    expect(importProblems(dir, [])).toEqual([])
  })

  it('rejects an import against the packages’ direction', () => {
    const dir = fixture({
      'x.ts': "import { t } from '@roofline/templates'\nimport { s } from '@roofline/shared/session'",
      'y.ts': "import '../../server/src/app.ts'",
    })
    expect(importProblems(dir, ['shared'])).toEqual([
      'x.ts imports @roofline/templates',
      'y.ts reaches outside its package: ../../server/src/app.ts',
    ])
  })
})

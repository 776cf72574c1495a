import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The kit's sheets override each other at equal specificity: a boundary's kind colours
 * (`.kit-boundary--region`) and an invalid card's red (`.kit-card--invalid`) beat the category
 * colours of kit.css only because they come later, and a dark decode pool's accent beats the
 * invalid red only because boundary.css comes after kitCard.css. A bundle places a stylesheet
 * where it is first imported, so that order holds when every module that imports one of these
 * sheets imports the ones it overrides before it.
 */
const mustFollow: Record<string, string[]> = {
  './kitCard.css': ['./kit.css'],
  './boundary.css': ['./kit.css', './kitCard.css'],
}

const here = path.dirname(fileURLToPath(import.meta.url))

describe('kit stylesheet order', () => {
  const modules = readdirSync(here).filter((name) => name.endsWith('.tsx') && !name.includes('.test.'))
  for (const name of modules) {
    const imports = [
      ...readFileSync(path.join(here, name), 'utf8').matchAll(/^import\s+'(\.[^']+\.css)'/gm),
    ].map((match) => match[1] ?? '')
    const overriding = imports.filter((sheet) => sheet in mustFollow)
    if (overriding.length === 0) continue
    it(`${name} imports the sheets its kit sheets override first`, () => {
      for (const sheet of overriding) {
        for (const earlier of mustFollow[sheet] ?? []) {
          const at = imports.indexOf(earlier)
          expect(at, `${earlier} before ${sheet}`).toBeGreaterThanOrEqual(0)
          expect(at, `${earlier} before ${sheet}`).toBeLessThan(imports.indexOf(sheet))
        }
      }
    })
  }
  it('finds the modules it checks', () => {
    const checked = modules.filter((name) =>
      /^import\s+'\.\/(kitCard|boundary)\.css'/m.test(readFileSync(path.join(here, name), 'utf8')),
    )
    expect(checked).toEqual(expect.arrayContaining(['KitCard.tsx', 'GpuChips.tsx', 'BoundaryShapeUtil.tsx']))
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Vite ships a stylesheet with the chunk of the modules that import it, so a component whose
 * classes live in a stylesheet it does not import is styled only when some other page happened
 * to load that chunk first (a shared replay link drew kit shapes as loose icons and text). The
 * rule checked here: a module that names a class of a stylesheet imports that stylesheet itself.
 * `styles.css` is exempt (main.tsx loads it on every page), and so are the classes it defines.
 */

const srcDir = path.dirname(fileURLToPath(import.meta.url))
const GLOBAL_STYLESHEET = path.join(srcDir, 'styles.css')

function filesUnder(dir: string, extension: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(full, extension)
    return extension.test(entry.name) && !entry.name.includes('.test.') ? [full] : []
  })
}

/** Class names a stylesheet defines (`.kit-card`, `.kit-card__icon`, ...). */
function classesOf(css: string): Set<string> {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '')
  return new Set([...withoutComments.matchAll(/\.(-?[a-z_][\w-]*)/gi)].map((match) => match[1] ?? ''))
}

/** Stylesheets a module imports, as absolute paths. */
function importedStylesheets(file: string, source: string): Set<string> {
  const imports = [...source.matchAll(/^import\s+'(\.[^']+\.css)'/gm)].map((match) => match[1] ?? '')
  return new Set(imports.map((specifier) => path.resolve(path.dirname(file), specifier)))
}

const escapeRegExp = (name: string) => name.replace(/[-\\^$*+?.()|[\]{}]/g, '\\$&')

describe('stylesheet imports', () => {
  const global = classesOf(readFileSync(GLOBAL_STYLESHEET, 'utf8'))
  const stylesheets = filesUnder(srcDir, /\.css$/)
    .filter((file) => file !== GLOBAL_STYLESHEET)
    .map((file) => ({
      file,
      classes: [...classesOf(readFileSync(file, 'utf8'))].filter((name) => !global.has(name)),
    }))
  const modules = filesUnder(srcDir, /\.tsx$/)

  it('finds the page stylesheets it checks', () => {
    expect(stylesheets.map((s) => path.relative(srcDir, s.file))).toContain(path.join('shapes', 'kit.css'))
  })

  for (const module of modules) {
    it(`${path.relative(srcDir, module)} imports the stylesheets whose classes it uses`, () => {
      const source = readFileSync(module, 'utf8')
      const imported = importedStylesheets(module, source)
      const missing = stylesheets.flatMap(({ file, classes }) => {
        if (imported.has(file)) return []
        const used = classes.filter((name) =>
          new RegExp(`["'\`\\s{]${escapeRegExp(name)}(?![\\w-])`).test(source),
        )
        return used.length > 0 ? [`${path.relative(srcDir, file)} (${used.slice(0, 3).join(' ')})`] : []
      })
      expect(missing.join('; '), 'uses classes of stylesheets it does not import').toBe('')
    })
  }
})

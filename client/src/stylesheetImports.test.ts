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

/**
 * Class names a stylesheet defines (`.kit-card`, `.kit-card__icon`, ...). A name that only ever
 * qualifies another selector (`.calc-tab.active`, `button.selected`) belongs to whoever owns
 * that selector, so it is not counted as the stylesheet's own.
 */
function classesOf(css: string): Set<string> {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '')
  return new Set(
    [...withoutComments.matchAll(/(?<![\w\])-])\.(-?[a-z_][\w-]*)/gi)].map((match) => match[1] ?? ''),
  )
}

/** Stylesheets a module imports, as absolute paths. */
function importedStylesheets(file: string, source: string): Set<string> {
  const imports = [...source.matchAll(/^import\s+'(\.[^']+\.css)'/gm)].map((match) => match[1] ?? '')
  return new Set(imports.map((specifier) => path.resolve(path.dirname(file), specifier)))
}

/**
 * Words of the string literals that read as class lists (`"card browser"`, `` `kind-${kind}` ``,
 * `'calc-tab'`; class names here are lower case): where class names live. Prose (`'The timer'`) and the words of the
 * code itself (`import`) are not class uses.
 */
function classListWords(source: string): Set<string> {
  const literals = [...source.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`/g)].map((match) =>
    (match[1] ?? match[2] ?? match[3] ?? '').replace(/\$\{[^}]*\}/g, ''),
  )
  const classLists = literals.filter((text) =>
    /^\s*-?[a-z_][a-z\d_-]*(\s+-?[a-z_][a-z\d_-]*)*\s*$/.test(text),
  )
  return new Set(classLists.flatMap((text) => text.trim().split(/\s+/)))
}

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
    const found = stylesheets.map((s) => path.relative(srcDir, s.file))
    for (const sheet of ['shapes/kit.css', 'calc/calcPanel.css', 'home/home.css', 'session/session.css']) {
      expect(found).toContain(path.join(...sheet.split('/')))
    }
  })

  it('keeps styles.css to what every page shares (a feature styles itself beside its code)', () => {
    expect(readFileSync(GLOBAL_STYLESHEET, 'utf8').split('\n').length).toBeLessThan(300)
  })

  for (const module of modules) {
    it(`${path.relative(srcDir, module)} imports the stylesheets whose classes it uses`, () => {
      const source = readFileSync(module, 'utf8')
      const imported = importedStylesheets(module, source)
      const words = classListWords(source)
      // A class several stylesheets define (`swatch`) is met by importing any one of them.
      const met = new Set(
        stylesheets.filter(({ file }) => imported.has(file)).flatMap(({ classes }) => classes),
      )
      const missing = stylesheets.flatMap(({ file, classes }) => {
        if (imported.has(file)) return []
        const used = classes.filter((name) => words.has(name) && !met.has(name))
        return used.length > 0 ? [`${path.relative(srcDir, file)} (${used.join(' ')})`] : []
      })
      expect(missing.join('; '), 'uses classes of stylesheets it does not import').toBe('')
    })
  }
})

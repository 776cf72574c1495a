/**
 * `pnpm lint` runs this: it fails on an import cycle between modules of client/src,
 * server/src, shared/src or templates/src, on a cycle between the folders of one package (a
 * feature that needs a feature that needs it), and on an import against the packages' one
 * direction (client and server import templates, templates imports shared, shared imports
 * nothing of ours). Reads the import lines only: fast, no compiler.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  findCycles,
  folderGraph,
  type ImportGraph,
  importGraph,
  importSpecifiers,
  sourceFiles,
} from './importGraph.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Each package's source folder and the packages of ours it may import. */
export const packages: Record<string, { dir: string; mayImport: string[] }> = {
  shared: { dir: 'shared/src', mayImport: [] },
  templates: { dir: 'templates/src', mayImport: ['shared'] },
  client: { dir: 'client/src', mayImport: ['shared', 'templates'] },
  server: { dir: 'server/src', mayImport: ['shared', 'templates'] },
}

/**
 * Folder imports that still close a cycle, known and listed so that no new one comes in. None
 * are left: what the board, its shapes and calculators all use sits in `boardTools/` and
 * `presence/`, and what the session page and the replay both offer (replay links, exports) in
 * `sharing/`. An entry reads `'from -> to'`.
 */
export const knownFolderCycleEdges: Record<string, string[]> = {}

/** What is wrong with the imports of the package at `dir` (empty when all is well). */
export function importProblems(
  dir: string,
  mayImport: string[],
  knownEdges: string[] = [],
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): string[] {
  const files = sourceFiles(dir)
  const graph = importGraph(files, read)
  const show = (file: string) => path.relative(dir, file)
  const problems = findCycles(graph).map((cycle) => `import cycle: ${cycle.map(show).join(' → ')}`)
  const folders: ImportGraph = new Map(
    [...folderGraph(graph, dir)].map(([from, targets]) => [
      from,
      targets.filter((to) => !knownEdges.includes(`${from} -> ${to}`)),
    ]),
  )
  problems.push(...findCycles(folders).map((cycle) => `folder cycle: ${cycle.join(' → ')}`))
  for (const file of files) {
    for (const specifier of importSpecifiers(read(file))) {
      const ours = /^@roofline\/([^/]+)/.exec(specifier)?.[1]
      if (ours && !mayImport.includes(ours)) problems.push(`${show(file)} imports ${specifier}`)
      // A test may name another package's module by path to mock it (vi.mock takes a path);
      // shipped code goes through the package's exports.
      if (
        !/\.test\.tsx?$/.test(file) &&
        specifier.startsWith('.') &&
        path.relative(dir, path.resolve(path.dirname(file), specifier)).startsWith('..')
      ) {
        problems.push(`${show(file)} reaches outside its package: ${specifier}`)
      }
    }
  }
  return problems
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = false
  for (const [name, { dir, mayImport }] of Object.entries(packages)) {
    const problems = importProblems(path.join(repoRoot, dir), mayImport, knownFolderCycleEdges[name])
    for (const problem of problems) console.error(`${dir}: ${problem}`)
    failed ||= problems.length > 0
  }
  if (failed) process.exit(1)
  console.log(`imports: no cycles, one direction (${Object.keys(packages).join(', ')})`)
}

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The import graph of a source tree, read from the text of its modules (no compiler): every
 * relative `import … from './x'`, `export … from './x'`, side-effect `import './x'` and dynamic
 * `import('./x')`. Type-only imports count too: a cycle of types is still two modules that
 * cannot be read one without the other. Stylesheets and packages are not modules of the tree.
 */
export type ImportGraph = Map<string, string[]>

const SOURCE = /\.(ts|tsx)$/
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
]

/** Every .ts/.tsx file under `root` (tests included: a test that closes a cycle is one too). */
export function sourceFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full)
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

/** The specifiers a module's text imports, in order of appearance. */
export function importSpecifiers(source: string): string[] {
  // Comments would otherwise yield imports that are not there (a doc example `import('./x')`).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  return SPECIFIERS.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1] ?? ''))
}

/** Builds the graph of `files`: each file to the files of the same set it imports. */
export function importGraph(
  files: string[],
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
) {
  const known = new Set(files)
  const graph: ImportGraph = new Map()
  for (const file of files) {
    const targets = importSpecifiers(read(file))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.resolve(path.dirname(file), specifier))
      .flatMap((target) => [target, `${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts')])
      .filter((target) => known.has(target))
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/**
 * The graph's cycles, one per strongly connected component of two or more nodes (or a node
 * importing itself), each as a path `a → b → … → a` found inside that component. Tarjan's
 * algorithm, iterative so a deep tree cannot overflow the stack.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const components: string[][] = []
  let counter = 0
  for (const start of graph.keys()) {
    if (index.has(start)) continue
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }]
    index.set(start, counter)
    low.set(start, counter++)
    stack.push(start)
    onStack.add(start)
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number }
      const targets = graph.get(frame.node) ?? []
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string
        if (!index.has(target)) {
          index.set(target, counter)
          low.set(target, counter++)
          stack.push(target)
          onStack.add(target)
          work.push({ node: target, next: 0 })
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0))
      if (low.get(frame.node) !== index.get(frame.node)) continue
      const component: string[] = []
      let member: string | undefined
      do {
        member = stack.pop() as string
        onStack.delete(member)
        component.push(member)
      } while (member !== frame.node)
      const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node)
      if (component.length > 1 || selfLoop) components.push(component)
    }
  }
  return components.map((component) => cycleIn(graph, new Set(component)))
}

/** A shortest cycle through the component's first node, staying inside the component. */
function cycleIn(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0] as string
  const previous = new Map<string, string>()
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string
    for (const target of graph.get(node) ?? []) {
      if (!component.has(target)) continue
      if (target === start) {
        const path = [node]
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string)
        return [...path, start]
      }
      if (!previous.has(target)) {
        previous.set(target, node)
        queue.push(target)
      }
    }
  }
  return [start, start]
}

/**
 * The graph of folders: `a → b` where a module of folder `a` imports one of folder `b`
 * (a folder is the first path segment under `root`). Modules directly in `root` are left out
 * (the entry point imports every page), and so are tests: a test may reach up a layer to check
 * how its module is used.
 */
export function folderGraph(graph: ImportGraph, root: string): ImportGraph {
  const folderOf = (file: string) => {
    const parts = path.relative(root, file).split(path.sep)
    return parts.length > 1 ? (parts[0] as string) : undefined
  }
  const folders: ImportGraph = new Map()
  for (const [file, targets] of graph) {
    const from = folderOf(file)
    if (!from || /\.test\.tsx?$/.test(file)) continue
    const edges = new Set(folders.get(from) ?? [])
    for (const target of targets) {
      const to = folderOf(target)
      if (to && to !== from) edges.add(to)
    }
    folders.set(from, [...edges])
  }
  return folders
}

/**
 * The interview guides the templates come from (shared/seeds), by file name, with the title a
 * person knows each one by. Templates cite a guide by file name (that is what the data keeps,
 * and what a check can find on disk); everything a person reads shows the title instead.
 */
export const guideTitles: Readonly<Record<string, string>> = {
  // The guide opens on "Introduction"; this is the comparison it names as its subject.
  '000_78befac108aa0ff1.txt': 'Senior Grok Engineer Interview vs Claude 3 Sonnet',
  '001_2d47e72ecc4e8ec7.txt': 'xAI SWE Interview: Distributed Systems Design Guide',
  // The title from the guide's front matter.
  '002_5bf45d9c8afd0c6e.txt': 'Senior AI Engineer Interview Questions 2024-2025',
  '003_375e4669547009bf.txt': 'Anthropic LLM Engineer Interview: Claude Team Real Interview Questions',
  '004_6ae1202ae996713e.txt': 'xAI PM System Design Interview: How to Approach, and Examples (2026)',
}

/**
 * The title to show for source `file`: a known guide's title, otherwise (an imported template
 * citing its own file) the file's name as words, never the raw file name.
 *
 * @example sourceTitle('001_2d47e72ecc4e8ec7.txt') // 'xAI SWE Interview: Distributed Systems Design Guide'
 * @example sourceTitle('team_notes-2025.txt') // 'team notes 2025'
 */
export function sourceTitle(file: string): string {
  const known = Object.hasOwn(guideTitles, file) ? guideTitles[file] : undefined
  if (known) return known
  const words = file
    .replace(/\.txt$/i, '')
    .replace(/[_.-]+/g, ' ')
    .trim()
  return words === '' ? 'Interview guide' : words
}

/** The titles of `files`, in order, without repeats. */
export function sourceTitles(files: readonly string[]): string[] {
  return [...new Set(files.map(sourceTitle))]
}

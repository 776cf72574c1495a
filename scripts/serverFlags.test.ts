import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { serverNodeFlags } from './serverFlags.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8')

describe('the server is started with the flags of server/package.json everywhere', () => {
  const flags = serverNodeFlags(repoRoot)
  const command = ['node', ...flags, 'server/src/main.ts'].join(' ')

  it('caps the young generation (the RSS measured by the benchmark depends on it)', () => {
    expect(flags).toContain('--max-semi-space-size=8')
  })

  it('the root start script (what ./roofline start runs) uses them', () => {
    const root = JSON.parse(read('package.json')) as { scripts: { start: string } }
    expect(root.scripts.start.endsWith(`&& ${command}`)).toBe(true)
  })

  it("the README's deployment command uses them", () => {
    expect(read('README.md')).toContain(`\`${command}\``)
  })

  it('refuses a start script it cannot read flags from', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'server-flags-'))
    try {
      mkdirSync(path.join(dir, 'server'))
      writeFileSync(path.join(dir, 'server/package.json'), '{ "scripts": { "start": "tsx src/main.ts" } }')
      expect(() => serverNodeFlags(dir)).toThrow(/start must read/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

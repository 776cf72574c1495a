import { workChecks } from '@roofline/shared'
import { loadBuiltInTemplates } from './src/index.ts'
const ids = process.argv.slice(2)
for (const t of loadBuiltInTemplates().filter((t) => ids.length === 0 || ids.includes(t.id))) {
  for (const r of workChecks(t.checks)) {
    const c = r.check
    const how = 'combine' in c && c.combine ? `${c.combine}` : (c as { calculator: string }).calculator
    console.log([t.id, c.in, c.quote ?? '(step)', c.id, how, r.ok ? Number(r.value.toPrecision(4)) : `ERR ${r.error}`, r.ok ? (r.unit ?? '') : ''].join(' | '))
  }
}

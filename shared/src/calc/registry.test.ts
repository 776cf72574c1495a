import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import * as calc from './index.ts'
import { calculatorById, calculators } from './registry.ts'

/**
 * Optional inputs of which one must be given (servingFleet takes either the single rate or the
 * prefill and decode rates): a value for each, so "required fields only" is a complete input.
 */
const ONE_OF: Readonly<Record<string, Record<string, number>>> = {
  servingFleet: { tokensPerSecondPerReplica: 1000 },
}

describe('calculator registry', () => {
  it('lists every exported calculator exactly once, by its function name', () => {
    const ids = calculators.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    const exportedCalculators = Object.keys(calc).filter((name) => `${name}Input` in calc)
    expect([...ids].sort()).toEqual(exportedCalculators.sort())
    expect(ids).toHaveLength(37)
  })

  it('runs the same function as the named export (registry run ≡ direct call)', () => {
    const input = { layers: 32, kvHeads: 8, headDim: 128, bytesPerElement: 2, tokens: 8192 }
    expect(calculatorById('kvCache')?.run(input)).toEqual(calc.kvCache(input))
    expect(calculatorById('nope')).toBeUndefined()
  })

  for (const info of calculators) {
    describe(info.id, () => {
      const schema = (calc as unknown as Record<string, z.ZodObject>)[`${info.id}Input`]

      it('describes exactly the fields of its zod schema, in order, each with a label and description', () => {
        expect(schema).toBeInstanceOf(z.ZodObject)
        expect(info.fields.map((f) => f.name)).toEqual(Object.keys(schema?.shape ?? {}))
        for (const f of info.fields) {
          expect(f.label.length).toBeGreaterThan(1)
          expect(f.description.length).toBeGreaterThan(3)
          if (f.kind === 'number' || f.kind === 'integer') {
            expect(f.unit).not.toBeNull()
            expect(f.min).toBeTypeOf('number')
            expect(f.max).toBeGreaterThan(f.min ?? 0)
          }
          if (f.kind === 'choice') expect(f.options?.length).toBeGreaterThan(1)
        }
      })

      it('advertises the defaults the schema applies', () => {
        const oneOf = ONE_OF[info.id] ?? {}
        const requiredOnly = Object.fromEntries(
          info.fields
            .filter((f) => f.required)
            .map((f) => [
              f.name,
              f.kind === 'choice' ? f.options?.[0] : Math.min(f.max ?? 1, (f.min ?? 0) + 1),
            ]),
        )
        const parsed = schema?.parse({ ...requiredOnly, ...oneOf }) as Record<string, unknown>
        for (const f of info.fields.filter((f) => !f.required && !(f.name in oneOf)))
          expect(parsed[f.name], f.name).toBe(f.default)
      })

      it('returns exactly the outputs it declares, plus steps whose units are set', () => {
        const input = Object.fromEntries(
          info.fields.map((f) => [
            f.name,
            f.default ?? (f.kind === 'choice' ? f.options?.[0] : Math.min(f.max ?? 1, (f.min ?? 0) + 1)),
          ]),
        )
        const result = info.run(input)
        const figures = Object.keys(result).filter((k) => k !== 'steps')
        expect(figures.sort()).toEqual(info.outputs.map((o) => o.name).sort())
        for (const step of result.steps) {
          expect(step.formula).toMatch(/=/)
          expect(step.substituted.length).toBeGreaterThan(0)
          expect(step.unit.length).toBeGreaterThan(0)
        }
      })
    })
  }
})

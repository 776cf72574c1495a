import { describeDisagreement, workChecks } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import { loadBuiltInTemplates } from './index.ts'

const templates = loadBuiltInTemplates()

describe('executable rubrics', () => {
  it.each(templates.map((template) => [template.id, template] as const))(
    '%s: every worked figure agrees with the calculators',
    (_id, template) => {
      const disagreements = workChecks(template.checks)
        .map((result) => describeDisagreement(template.id, result))
        .filter((line): line is string => line !== null)
      expect(disagreements).toEqual([])
    },
  )
})

import { z } from 'zod'

/** One phase of an interview: what it is for and how long it lasts. */
export const phaseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a phase id is 1-40 lowercase letters, digits or "-"'),
    title: z.string().min(1).max(80),
    /** One line the timer shows under the title: what a good candidate does now. */
    goal: z.string().min(1).max(240),
    minutes: z.number().positive().max(180),
  })
  .strict()

/** One phase of an interview. */
export type Phase = z.infer<typeof phaseSchema>

/** A plan of phases, in order. Ids are unique. */
export const phasePlanSchema = z
  .array(phaseSchema)
  .min(1)
  .max(12)
  .refine((phases) => new Set(phases.map((p) => p.id)).size === phases.length, 'phase ids must be unique')

/** A plan of phases. */
export type PhasePlan = z.infer<typeof phasePlanSchema>

/**
 * The 45-minute plan the interview guides recommend: 10 minutes clarifying requirements and
 * constraints (the "physics" of the problem) before any solution, 15 on the architecture
 * and data flow, 20 on a deep dive that stress-tests failure modes.
 */
export const defaultPhasePlan: PhasePlan = [
  {
    id: 'clarify',
    title: 'Clarify requirements and constraints',
    goal: 'Ask for peak load, latency budget, model and hardware; derive the numbers that bound the design.',
    minutes: 10,
  },
  {
    id: 'architecture',
    title: 'Architecture and data flow',
    goal: 'Lay out the components and how requests and data move through them, with the trade-offs named.',
    minutes: 15,
  },
  {
    id: 'deep-dive',
    title: 'Deep dive and stress test',
    goal: 'Go deep on the bottleneck, then break it: failures, spikes, and what degrades first.',
    minutes: 20,
  },
]

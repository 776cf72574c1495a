/**
 * Named migration steps for a shape's props. Shared holds them as plain functions (it does not
 * know tldraw); the client turns a shape's list into tldraw's props migration sequence, step
 * `i` becoming version `i + 1`. A change to a shape's props appends a step here; steps are
 * never removed or reordered, since boards written by every earlier version must still open.
 */

/** Props as they are stored: any JSON object. */
export type StoredProps = Record<string, unknown>

/** One change to a shape's props. */
export interface PropsMigrationStep {
  /** What changed, e.g. 'AddNicsPerNode'; unique within the shape's list. */
  readonly name: string
  /** Turns props written before this step into props after it. */
  readonly up: (props: StoredProps) => StoredProps
  /** Turns props back, for a client still running the previous version; omit when impossible. */
  readonly down?: (props: StoredProps) => StoredProps
}

/**
 * Applies the steps after `fromVersion` (0 = before the first step) in order, as the client's
 * store will do for records written by an older Roofline.
 *
 * @example migratePropsUp(gpuNodeShape.migrations, { ... }, 0)
 */
export function migratePropsUp(
  steps: readonly PropsMigrationStep[],
  props: StoredProps,
  fromVersion = 0,
): StoredProps {
  return steps.slice(fromVersion).reduce((current, step) => step.up(current), props)
}

/** Throws when two steps share a name: each name must say one change. */
export function assertUniqueStepNames(steps: readonly PropsMigrationStep[]): void {
  const seen = new Set<string>()
  for (const step of steps) {
    if (seen.has(step.name)) throw new Error(`migration step "${step.name}" appears twice`)
    seen.add(step.name)
  }
}

import type { InspectorSession } from './inspector.ts'

/** A node of V8's sampling heap profile. */
interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number }
  selfSize: number
  children: SamplingNode[]
}

/** Where a process allocated, sampled: total bytes and the functions that allocated most. */
export interface AllocationSummary {
  totalBytes: number
  top: { where: string; bytes: number }[]
}

/**
 * Starts V8's sampling heap profiler in the process, counting objects the GC has collected
 * since too, so the profile is of everything allocated, not of what is still alive.
 */
export async function startAllocationSampling(inspector: InspectorSession): Promise<void> {
  await inspector.send('HeapProfiler.enable')
  await inspector.send('HeapProfiler.startSampling', {
    samplingInterval: 16 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  })
}

/** Stops the sampling and answers the allocation by function (self, by file and line). */
export async function stopAllocationSampling(
  inspector: InspectorSession,
  top = 12,
): Promise<AllocationSummary> {
  const { profile } = (await inspector.send('HeapProfiler.stopSampling')) as {
    profile: { head: SamplingNode }
  }
  const bytes = new Map<string, number>()
  let totalBytes = 0
  const visit = (node: SamplingNode) => {
    const { functionName, url, lineNumber } = node.callFrame
    const where = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/.*\/(server|shared)\//, '$1/')}:${lineNumber + 1}`
    bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize)
    totalBytes += node.selfSize
    for (const child of node.children) visit(child)
  }
  visit(profile.head)
  const ranked = [...bytes.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
  return { totalBytes, top: ranked.map(([where, b]) => ({ where, bytes: b })) }
}

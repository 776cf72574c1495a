import type { DiagramShape } from './aggregate.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { modelServerShape } from './modelServer.ts'

/** Test fixtures: kit shapes as a selection holds them, defaults overridden by `props`. */

/** A GPU node (8 H100 unless told otherwise). */
export const gpuNode = (props: Record<string, unknown> = {}): DiagramShape => ({
  type: 'gpu-node',
  props: { ...gpuNodeShape.defaults(), ...props },
})

/** A GPU cluster (16 nodes of 8 H100 unless told otherwise). */
export const gpuCluster = (props: Record<string, unknown> = {}): DiagramShape => ({
  type: 'gpu-cluster',
  props: { ...gpuClusterShape.defaults(), ...props },
})

/** A model server (2 TP4 replicas of Llama 3 70B unless told otherwise). */
export const modelServer = (props: Record<string, unknown> = {}): DiagramShape => ({
  type: 'model-server',
  props: { ...modelServerShape.defaults(), ...props },
})

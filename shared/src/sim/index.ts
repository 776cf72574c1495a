/**
 * @roofline/shared/sim — the serving simulator: runs a drawn serving architecture (or a scenario
 * written as data) under load and stress-card perturbations, with service times from the
 * calculators. See README.md in this folder for the model and what it simplifies.
 */

export type { BoardRecord } from './boardGraph.ts'
export type { BoardScenario, BoardScenarioOptions } from './boardScenario.ts'
export { scenarioFromBoard } from './boardScenario.ts'
export type { BrokeFirst, Saturation, SloCrossing } from './brokeFirst.ts'
export type { LatencySummary, PoolResult, SimulationResult } from './results.ts'
export type {
  Perturbation,
  PerturbationInput,
  Pool,
  QueuePool,
  Scenario,
  ScenarioInput,
  ServingPool,
  TokenLength,
} from './scenario.ts'
export { MAX_EVENTS, MAX_REQUESTS, MAX_SECONDS, perturbation, scenarioSchema } from './scenario.ts'
export type { CancelSignal, SimulateOptions } from './simulate.ts'
export { parseScenario, SimulationCancelled, simulate } from './simulate.ts'
export { SimulationInputError } from './simulationError.ts'
export type { SimWorkerRequest, SimWorkerResponse, SimWorkerScope } from './workerProtocol.ts'
export { serveSimulations } from './workerProtocol.ts'

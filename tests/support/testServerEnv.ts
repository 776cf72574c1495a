import { boardDocKeys } from '@roofline/shared'

/**
 * The root types a server under test accepts (`ROOFLINE_ROOT_TYPES`): the board's own plus the
 * ones the tests' plain Yjs documents write (`records()` of yClient.ts, and the maps, arrays
 * and texts of the sync and fuzz tests). A server refuses updates to any other root type.
 */
const TEST_ROOT_TYPES = [
  ...Object.values(boardDocKeys),
  'test-records',
  'records',
  'm',
  'list',
  'text',
  'xml',
  'notes',
].join(',')

/**
 * What every server under test runs with unless a test says otherwise: the root types above,
 * a creation allowance for a whole test file's made-up board ids from one address
 * (`tests/integration/quotas.test.ts` holds servers to the real allowance), and no budget
 * of server time per address (`tests/fault/hostileInput.test.ts` sets the real one).
 */
export const TEST_SERVER_ENV: Readonly<Record<string, string>> = {
  ROOFLINE_ROOT_TYPES: TEST_ROOT_TYPES,
  ROOFLINE_CREATIONS_PER_HOUR: '100000',
  ROOFLINE_MAX_CONNECTIONS_PER_ADDRESS: '100000',
  // Every test client comes from this machine: the per-connection budgets still hold.
  ROOFLINE_ADDRESS_CPU_MS_PER_SECOND: '100000',
}

import { boardDocKeys } from '@roofline/shared'

/**
 * The root types a server under test accepts (`ROOFLINE_ROOT_TYPES`): the board's own plus the
 * ones the tests' plain Yjs documents write (`records()` of yClient.ts, and the maps, arrays
 * and texts of the sync and fuzz tests). A server refuses updates to any other root type.
 */
export const TEST_ROOT_TYPES = [
  ...Object.values(boardDocKeys),
  'test-records',
  'records',
  'm',
  'list',
  'text',
  'xml',
  'notes',
].join(',')

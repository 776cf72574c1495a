/**
 * The `test` every spec uses: Playwright's, plus an automatic clean-up. A spec opens browser
 * contexts of its own (`browser.newContext()` for each person in a session) and some launch a
 * browser (`chromium.launch`); left open, each keeps its Chromium processes until the worker
 * ends, and over a run they pile up (about a hundred) and slow every later test. After each
 * test this closes every context it opened and every browser it launched.
 *
 * Specs import everything Playwright from here (`import { expect, test } from './fixtures.ts'`):
 * the rest of `@playwright/test` is passed through unchanged.
 */
import { type Browser, test as base, chromium } from '@playwright/test'

export * from '@playwright/test'

export const test = base.extend<{ closeWhatTheTestOpened: undefined }>({
  closeWhatTheTestOpened: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts())
      const launched: Browser[] = []
      const launch = chromium.launch
      chromium.launch = async (...args: Parameters<typeof launch>) => {
        const opened = await launch.apply(chromium, args)
        launched.push(opened)
        return opened
      }
      try {
        await use(undefined)
      } finally {
        chromium.launch = launch
        const opened = browser.contexts().filter((context) => !before.has(context))
        // A context or browser the test closed itself is closed again harmlessly.
        await Promise.all(opened.map((context) => context.close().catch(() => undefined)))
        await Promise.all(
          launched.filter((b) => b.isConnected()).map((b) => b.close().catch(() => undefined)),
        )
      }
    },
    { auto: true },
  ],
})

import { tldrawTreatsAsProduction } from '@roofline/shared'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import type { Editor } from 'tldraw'

/**
 * tldraw's icons, fonts and translations, bundled by Vite and served by Roofline itself,
 * so the board renders completely with no access to tldraw's CDN (firewalls, offline use).
 */
export const tldrawAssetUrls = getAssetUrlsByImport()

/**
 * tldraw's licence key: none is needed on localhost or in development; a production
 * deployment on a domain sets `VITE_TLDRAW_LICENSE_KEY` at build time.
 */
export const tldrawLicenseKey: string | undefined = import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined

/**
 * Whether tldraw will hide its board on this page for want of a key: a production build without
 * one, opened where tldraw counts as production (https on a domain). A development build never does.
 */
export const tldrawLicenceMissing: boolean =
  import.meta.env.PROD && !tldrawLicenseKey && tldrawTreatsAsProduction(window.location)

/**
 * Editor options shared by the live board and the replay. tldraw stops at 4,000 shapes a page
 * by default; a long design session on one board may pass that (the benchmark's join case is a
 * 5,000-shape board), so the limit is raised well above what a session draws.
 */
export const tldrawOptions = {
  maxShapesPerPage: 10_000,
  // tldraw hides a collaborator after a minute without activity (and with them the people
  // menu's Follow). In an interview the quiet one is still there: whoever is connected stays
  // listed and followable (shown idle, see `IdleAwareAvatar`); leaving removes them.
  collaboratorInactiveTimeoutMs: Number.POSITIVE_INFINITY,
} as const

/**
 * Drops the font preload tldraw queues as its editor mounts: every default face (draw, sans,
 * serif and mono, four variants each, 1.3 MB) would be fetched before a recipient sees the board.
 * Each shape asks for its own faces when it is drawn (tldraw re-measures it once they load), so
 * a face is fetched when the board first uses it. Call it first thing in `onMount`, which tldraw
 * runs in the same task as the preload request, before that request is processed.
 */
export function loadFontsWhenUsed(editor: Editor): void {
  // tldraw 5 keeps the queue in a private field; without it (another version) the preload stays.
  const queue = (editor.fonts as unknown as { fontsToLoad?: unknown }).fontsToLoad
  if (queue instanceof Set) queue.clear()
}

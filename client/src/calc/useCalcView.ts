import type { CalcView } from '@roofline/shared'
import { useState } from 'react'
import type * as Y from 'yjs'
import { writeView } from './calcDoc.ts'
import type { CalcTabId } from './calculatorTabs.ts'
import { followedView, initialPanelView, openedView, type PanelView, sharedViewOf } from './calcView.ts'

/** The panel's view, whether it follows the room, and how to change either. */
export interface CalcViewControl {
  view: PanelView
  follow: boolean
  setFollow(follow: boolean): void
  /** Opens a tab (and a calculator in it): for everyone following, when this person may write. */
  open(tab: CalcTabId, calculator?: string): void
}

/**
 * The tab and calculator this person sees. Following (the default), it is the room's view, and
 * opening something opens it for everyone following; someone who may not write (an observer,
 * the replay) stops following when they open something, as a tldraw follower does by moving.
 */
export function useCalcView(
  doc: Y.Doc | null,
  shared: CalcView | null,
  canWrite: boolean,
  userName: string,
): CalcViewControl {
  const [follow, setFollowing] = useState(true)
  const [local, setLocal] = useState<PanelView>(initialPanelView)
  const view = follow ? followedView(local, shared) : local
  return {
    view,
    follow,
    setFollow: (next) => {
      // Leaving the room's view keeps what is on screen, rather than jumping back.
      if (!next) setLocal(view)
      setFollowing(next)
    },
    open: (tab, calculator) => {
      const next = openedView(view, tab, calculator)
      setLocal(next)
      if (!follow) return
      if (canWrite && doc) writeView(doc, sharedViewOf(next, userName))
      else setFollowing(false)
    },
  }
}

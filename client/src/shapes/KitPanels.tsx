import { kitShapeTypes } from '@roofline/shared/shapes'
import {
  DefaultHelperButtons,
  DefaultSharePanel,
  DefaultStylePanel,
  type TLComponents,
  type TLUiStylePanelProps,
  useEditor,
  useValue,
} from 'tldraw'
import { BringEveryoneButton } from '../presence/roomPresence.tsx'
import { Estimates } from './Estimates.tsx'
import { InvalidLinkMarks } from './InvalidLinkMarks.tsx'
import { KitInspector } from './KitInspector.tsx'
import { PartsPalette } from './PartsPalette.tsx'
import './kit.css'

/** The inspector of the one selected shape and the estimates of the selection, top right. */
function KitSidePanel() {
  const editor = useEditor()
  const single = useValue('only selected shape', () => editor.getOnlySelectedShape(), [editor])
  const readOnly = useValue('readonly', () => editor.getIsReadonly(), [editor])
  return (
    <>
      <DefaultSharePanel />
      <BringEveryoneButton />
      <div className="kit-side">
        {single && <KitInspector shape={single} readOnly={readOnly} />}
        <Estimates />
      </div>
    </>
  )
}

/** tldraw's style panel, except when only kit shapes are selected: they have no tldraw styles. */
function KitAwareStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const onlyKit = useValue('only kit shapes selected', () => {
    const selected = editor.getSelectedShapes()
    return selected.length > 0 && selected.every((shape) => kitShapeTypes.has(shape.type))
  }, [editor])
  return onlyKit ? null : <DefaultStylePanel {...props} />
}

/** The palette sits under the board's menu, beside tldraw's helper buttons. */
function KitHelperButtons() {
  return (
    <>
      <DefaultHelperButtons />
      <PartsPalette />
    </>
  )
}

/**
 * tldraw slots the diagram kit fills: palette (top left), inspector and estimates (top right),
 * and the marks of invalid links on the canvas.
 */
export const kitUiComponents: TLComponents = {
  OnTheCanvas: InvalidLinkMarks,
  HelperButtons: KitHelperButtons,
  SharePanel: KitSidePanel,
  StylePanel: KitAwareStylePanel,
}

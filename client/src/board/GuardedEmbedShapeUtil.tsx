import {
  DEFAULT_EMBED_DEFINITIONS,
  EmbedShapeUtil,
  getEmbedInfo,
  HTMLContainer,
  type TLEmbedShape,
  useValue,
} from 'tldraw'
import { embedOrigins, loadClientConfig } from '../net/clientConfig.ts'

/** The origin of `url`, or null when it is no URL. */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

/** The embed definitions whose frames come from an allowed origin (a pasted link to another site stays a link). */
function allowedDefinitions(allowed: readonly string[]) {
  return DEFAULT_EMBED_DEFINITIONS.filter((definition) =>
    definition.hostnames.some((hostname) => allowed.includes(`https://${hostname.replace(/^\*\./, 'www.')}`)),
  )
}

/**
 * tldraw's embed shape, framing a page only from an origin the server allows
 * (`ROOFLINE_EMBED_ORIGINS`; none by default). An embed shape arrives with the board from
 * whoever drew it: without this, any https page it names would load in every participant's
 * browser. A refused one shows its address instead (the CSP's frame-src refuses it too).
 */
export class GuardedEmbedShapeUtil extends EmbedShapeUtil {
  override getEmbedDefinitions() {
    return allowedDefinitions(embedOrigins.get())
  }

  override getEmbedDefinition(url: string) {
    return getEmbedInfo(this.getEmbedDefinitions(), url, this.options.embedConfig)
  }

  override component(shape: TLEmbedShape) {
    loadClientConfig()
    return <GuardedEmbed shape={shape} render={() => super.component(shape)} />
  }
}

function GuardedEmbed({ shape, render }: { shape: TLEmbedShape; render(): React.ReactNode }) {
  const allowed = useValue('embed origins', () => embedOrigins.get(), [])
  const frameUrl = getEmbedInfo(allowedDefinitions(allowed), shape.props.url)?.embedUrl ?? shape.props.url
  const origin = originOf(frameUrl)
  if (origin !== null && allowed.includes(origin)) return <LiveEmbed render={render} />
  return (
    <HTMLContainer className="tl-embed-container blocked-embed" id={shape.id}>
      <div
        className="blocked-embed-note"
        data-testid="blocked-embed"
        style={{
          width: shape.props.w,
          height: shape.props.h,
          boxSizing: 'border-box',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'center',
          gap: 8,
          padding: 16,
          border: '1px dashed var(--tl-color-text-3, #999)',
          borderRadius: 8,
          background: 'var(--tl-color-background, #fff)',
          overflowWrap: 'anywhere',
        }}
      >
        <strong>Embedded page not shown</strong>
        <span>{shape.props.url}</span>
        <span>This server does not frame pages from {origin ?? 'there'}.</span>
      </div>
    </HTMLContainer>
  )
}

/** tldraw's own embed, in its own component: its hooks run only while it is shown. */
function LiveEmbed({ render }: { render(): React.ReactNode }) {
  return <>{render()}</>
}

import { formatQuantity } from '@roofline/shared/calc'
import { gpuById } from '@roofline/shared/presets'
import {
  checkProps,
  type GpuNodeProps,
  gpuNodeShape,
  shortGpuName,
  shortLinkName,
} from '@roofline/shared/shapes'
import type { RecordProps } from 'tldraw'
import { GpuChips } from './GpuChips.tsx'
import { KitBoxShapeUtil } from './KitBoxShapeUtil.ts'
import { KitCard } from './KitCard.tsx'
import type { GpuNodeShape } from './kitShapeTypes.ts'
import { KitCardSvg } from './kitSvg.tsx'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'
import './kit.css'

/** A GPU node: one server, its GPUs drawn as chips, its HBM and scale-out NICs. */
export class GpuNodeShapeUtil extends KitBoxShapeUtil<GpuNodeShape> {
  static override type = 'gpu-node' as const
  static override props = permissiveProps(gpuNodeShape) as RecordProps<GpuNodeShape>
  static override migrations = tldrawMigrations(gpuNodeShape)

  override getDefaultProps(): GpuNodeShape['props'] {
    return gpuNodeShape.defaults()
  }

  override component(shape: GpuNodeShape) {
    return <GpuNodeCard shape={shape} />
  }

  override toSvg(shape: GpuNodeShape) {
    const check = checkProps(gpuNodeShape, shape.props)
    const svg = { ...shape.props, category: 'compute', icon: 'gpu-node' } as const
    if (!check.ok) return <KitCardSvg {...svg} lines={[]} issue={check.issues[0]} />
    const node = check.props
    return (
      <KitCardSvg
        {...svg}
        lines={[
          { text: `${node.gpusPerNode} × ${shortGpuName(node.gpuId)}`, strong: true },
          { text: `${formatQuantity(nodeHbm(node), 'bytes')} HBM · ${nicsText(node)}` },
        ]}
      />
    )
  }
}

/** HBM of the whole node. */
const nodeHbm = (node: GpuNodeProps) => (gpuById(node.gpuId)?.hbmBytes ?? 0) * node.gpusPerNode

/** '8 × IB NDR NICs', or 'no NICs'. */
const nicsText = (node: GpuNodeProps) =>
  node.nicsPerNode > 0 ? `${node.nicsPerNode} × ${shortLinkName(node.nicLinkId)} NICs` : 'no NICs'

function GpuNodeCard({ shape }: { shape: GpuNodeShape }) {
  const check = checkProps(gpuNodeShape, shape.props)
  if (!check.ok) return <KitCard shape={shape} icon="gpu-node" issues={check.issues} />
  const node = check.props
  const hbm = nodeHbm(node)
  return (
    <KitCard shape={shape} icon="gpu-node" tooltip={nicsText(node)}>
      <span className="kit-line kit-line--strong">
        {node.gpusPerNode} × {shortGpuName(node.gpuId)}
      </span>
      <span className="kit-line">
        <GpuChips count={node.gpusPerNode} />
        {formatQuantity(hbm, 'bytes')} HBM
      </span>
    </KitCard>
  )
}

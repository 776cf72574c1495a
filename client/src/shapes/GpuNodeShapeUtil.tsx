import { formatQuantity } from '@roofline/shared/calc'
import { gpuById } from '@roofline/shared/presets'
import { checkProps, gpuNodeShape, shortGpuName, shortLinkName } from '@roofline/shared/shapes'
import type { RecordProps } from 'tldraw'
import { GpuChips } from './GpuChips.tsx'
import { KitBoxShapeUtil } from './KitBoxShapeUtil.ts'
import { KitCard } from './KitCard.tsx'
import type { GpuNodeShape } from './kitShapeTypes.ts'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'

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
}

function GpuNodeCard({ shape }: { shape: GpuNodeShape }) {
  const check = checkProps(gpuNodeShape, shape.props)
  if (!check.ok) return <KitCard shape={shape} icon="gpu-node" issues={check.issues} />
  const node = check.props
  const hbm = (gpuById(node.gpuId)?.hbmBytes ?? 0) * node.gpusPerNode
  const nics =
    node.nicsPerNode > 0 ? `${node.nicsPerNode} × ${shortLinkName(node.nicLinkId)} NICs` : 'no NICs'
  return (
    <KitCard shape={shape} icon="gpu-node" tooltip={nics}>
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

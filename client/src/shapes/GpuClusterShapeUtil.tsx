import { formatQuantity } from '@roofline/shared/calc'
import { gpuById } from '@roofline/shared/presets'
import {
  checkProps,
  type GpuClusterProps,
  gpuClusterShape,
  shortGpuName,
  shortLinkName,
} from '@roofline/shared/shapes'
import type { RecordProps } from 'tldraw'
import { KitBoxShapeUtil } from './KitBoxShapeUtil.ts'
import { KitCard } from './KitCard.tsx'
import type { GpuClusterShape } from './kitShapeTypes.ts'
import { KitCardSvg } from './kitSvg.tsx'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'
import './kit.css'

/** A GPU cluster or pod: nodes × GPUs, its scale-up domains and scale-out fabric, its nodes drawn as a rack. */
export class GpuClusterShapeUtil extends KitBoxShapeUtil<GpuClusterShape> {
  static override type = 'gpu-cluster' as const
  static override props = permissiveProps(gpuClusterShape) as RecordProps<GpuClusterShape>
  static override migrations = tldrawMigrations(gpuClusterShape)

  override getDefaultProps(): GpuClusterShape['props'] {
    return gpuClusterShape.defaults()
  }

  override component(shape: GpuClusterShape) {
    return <GpuClusterCard shape={shape} />
  }

  override toSvg(shape: GpuClusterShape) {
    const check = checkProps(gpuClusterShape, shape.props)
    const svg = { ...shape.props, category: 'compute', icon: 'gpu-cluster' } as const
    if (!check.ok) return <KitCardSvg {...svg} lines={[]} issue={check.issues[0]} />
    const cluster = check.props
    const { gpus, hbm } = clusterTotals(cluster)
    return (
      <KitCardSvg
        {...svg}
        lines={[
          { text: nodesText(cluster), strong: true },
          { text: `${gpus.toLocaleString('en-US')} GPUs · ${formatQuantity(hbm, 'bytes')} HBM` },
          {
            text: `${Math.min(cluster.scaleUpDomain, gpus)}-GPU scale-up · ${cluster.nicsPerNode}× ${shortLinkName(cluster.scaleOutLinkId)}`,
          },
        ]}
      />
    )
  }
}

/** GPUs and HBM of the whole cluster. */
function clusterTotals(cluster: GpuClusterProps): { gpus: number; hbm: number } {
  const gpus = cluster.nodes * cluster.gpusPerNode
  return { gpus, hbm: (gpuById(cluster.gpuId)?.hbmBytes ?? 0) * gpus }
}

/** '16 nodes × 8 H100 SXM5 80GB'. */
const nodesText = (cluster: GpuClusterProps) =>
  `${cluster.nodes.toLocaleString('en-US')} ${cluster.nodes === 1 ? 'node' : 'nodes'} × ${cluster.gpusPerNode} ${shortGpuName(cluster.gpuId)}`

const MAX_NODES_DRAWN = 32

function GpuClusterCard({ shape }: { shape: GpuClusterShape }) {
  const check = checkProps(gpuClusterShape, shape.props)
  if (!check.ok) return <KitCard shape={shape} icon="gpu-cluster" issues={check.issues} />
  const cluster = check.props
  const { gpus, hbm } = clusterTotals(cluster)
  const drawn = Math.min(cluster.nodes, MAX_NODES_DRAWN)
  return (
    <KitCard
      shape={shape}
      icon="gpu-cluster"
      className="kit-card--tall"
      footer={
        <div className="kit-card__footer">
          <div className="kit-pills">
            <span className="kit-pill" data-testid="cluster-gpus">
              {gpus.toLocaleString('en-US')} GPUs
            </span>
            <span className="kit-pill">{formatQuantity(hbm, 'bytes')} HBM</span>
            <span className="kit-pill">{Math.min(cluster.scaleUpDomain, gpus)}-GPU scale-up</span>
            {cluster.nicsPerNode > 0 && (
              <span className="kit-pill">
                {cluster.nicsPerNode}× {shortLinkName(cluster.scaleOutLinkId)}
              </span>
            )}
          </div>
          <div className="kit-rack" aria-hidden="true">
            {Array.from({ length: drawn }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: identical node blocks that never reorder.
              <span key={i} className="kit-rack__node" />
            ))}
            {cluster.nodes > drawn && <span className="kit-chips__more">+{cluster.nodes - drawn}</span>}
          </div>
        </div>
      }
    >
      <span className="kit-line kit-line--strong">{nodesText(cluster)}</span>
    </KitCard>
  )
}

import {
  checkProps,
  type ModelServerProps,
  modelName,
  modelServerGpus,
  modelServerShape,
  servingEngines,
} from '@roofline/shared/shapes'
import type { RecordProps } from 'tldraw'
import { KitBoxShapeUtil } from './KitBoxShapeUtil.ts'
import { KitCard } from './KitCard.tsx'
import type { ModelServerShape } from './kitShapeTypes.ts'
import { KitCardSvg } from './kitSvg.tsx'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'
import './kit.css'

/** A model server: engine, model, replicas and their tensor/pipeline parallel sharding. */
export class ModelServerShapeUtil extends KitBoxShapeUtil<ModelServerShape> {
  static override type = 'model-server' as const
  static override props = permissiveProps(modelServerShape) as RecordProps<ModelServerShape>
  static override migrations = tldrawMigrations(modelServerShape)

  override getDefaultProps(): ModelServerShape['props'] {
    return modelServerShape.defaults()
  }

  override component(shape: ModelServerShape) {
    return <ModelServerCard shape={shape} />
  }

  override toSvg(shape: ModelServerShape) {
    const check = checkProps(modelServerShape, shape.props)
    const svg = { ...shape.props, category: 'serving', icon: 'model-server' } as const
    if (!check.ok) return <KitCardSvg {...svg} lines={[]} issue={check.issues[0]} />
    const server = check.props
    return (
      <KitCardSvg
        {...svg}
        badge={engineName(server)}
        lines={[{ text: modelName(server.modelId), strong: true }, { text: shardingText(server) }]}
      />
    )
  }
}

const engineName = (server: ModelServerProps) => servingEngines[server.engine as keyof typeof servingEngines]

/** '2 × TP 8 = 16 GPUs', with '× PP n' when pipelined. */
const shardingText = (server: ModelServerProps) =>
  `${server.replicas} × TP ${server.tensorParallel}${server.pipelineParallel > 1 ? ` × PP ${server.pipelineParallel}` : ''} = ${modelServerGpus(server)} GPUs`

function ModelServerCard({ shape }: { shape: ModelServerShape }) {
  const check = checkProps(modelServerShape, shape.props)
  if (!check.ok) return <KitCard shape={shape} icon="model-server" issues={check.issues} />
  const server = check.props
  return (
    <KitCard shape={shape} icon="model-server" badge={engineName(server)}>
      <span className="kit-line kit-line--strong">{modelName(server.modelId)}</span>
      <span className="kit-line">{shardingText(server)}</span>
    </KitCard>
  )
}

import {
  checkProps,
  modelName,
  modelServerGpus,
  modelServerShape,
  servingEngines,
} from '@roofline/shared/shapes'
import type { RecordProps } from 'tldraw'
import { KitBoxShapeUtil } from './KitBoxShapeUtil.ts'
import { KitCard } from './KitCard.tsx'
import type { ModelServerShape } from './kitShapeTypes.ts'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'

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
}

function ModelServerCard({ shape }: { shape: ModelServerShape }) {
  const check = checkProps(modelServerShape, shape.props)
  if (!check.ok) return <KitCard shape={shape} icon="model-server" issues={check.issues} />
  const server = check.props
  const gpus = modelServerGpus(server)
  return (
    <KitCard
      shape={shape}
      icon="model-server"
      badge={servingEngines[server.engine as keyof typeof servingEngines]}
    >
      <span className="kit-line kit-line--strong">{modelName(server.modelId)}</span>
      <span className="kit-line">
        {server.replicas} × TP {server.tensorParallel}
        {server.pipelineParallel > 1 && ` × PP ${server.pipelineParallel}`} = {gpus} GPUs
      </span>
    </KitCard>
  )
}

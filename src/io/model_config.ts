// Sequential model configs from files (TF.js topology, Keras 2 `model_config`, Keras 3 `config.json`): the
// layer list (a bare list in old files, {name, layers} in newer ones), the input shape (first layer's
// batch_input_shape, or a Keras 3 InputLayer's batch_shape), sanity limits, then the layers themselves.
// Building does not consume the global random stream (the file's weights replace the initial values).
import { ConfigError } from '../errors.js';
import { Sequential } from '../models/sequential.js';
import { withoutConsumingRandom } from '../random/random.js';
import { layerFromFile, type Origin } from './layer_config.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Largest sizes a file may declare before anything is allocated. */
export const LIMITS = { layers: 1000, units: 2 ** 20, dim: 2 ** 24, inputValues: 2 ** 28 };

function checkShape(shape: unknown, where: string): (number | null)[] {
  if (!Array.isArray(shape) || shape.length < 2 || shape.length > 8) throw new ConfigError(`${where}: input shape must be [batch, ...dims], got ${JSON.stringify(shape)}`);
  const dims = shape.slice(1);
  if (!dims.every((d) => Number.isSafeInteger(d) && d > 0 && d <= LIMITS.dim)) throw new ConfigError(`${where}: input shape ${JSON.stringify(shape)} has an invalid or absurd dimension`);
  if (dims.reduce((n: number, d: number) => n * d, 1) > LIMITS.inputValues) throw new ConfigError(`${where}: input shape ${JSON.stringify(shape)} is too large`);
  return shape as (number | null)[];
}

/** Rejects absurd sizes anywhere in a layer config (units, nested layers) before construction. */
function checkSizes(config: unknown, where: string): void {
  if (!isObject(config)) return;
  for (const [k, v] of Object.entries(config)) {
    if ((k === 'units' || k === 'target_shape') && JSON.stringify(v).match(/\d+/g)?.some((d) => Number(d) > LIMITS.units)) {
      throw new ConfigError(`${where}: '${k}' = ${JSON.stringify(v)} exceeds the limit of ${LIMITS.units}`);
    }
    if (isObject(v) && isObject(v.config)) checkSizes(v.config, where);
  }
}

/** Builds a Sequential model from a file's model config {class_name: 'Sequential', config}. */
export function sequentialFromConfig(modelConfig: unknown, origin: Origin, where: string, hardSigmoidIsKeras3 = false): Sequential {
  if (!isObject(modelConfig) || typeof modelConfig.class_name !== 'string') throw new ConfigError(`${where}: the model config must be {"class_name": "Sequential", "config": ...}`);
  if (modelConfig.class_name !== 'Sequential') {
    throw new ConfigError(`${where}: model class '${modelConfig.class_name}' is not supported; rnnkit reads Sequential models`);
  }
  const config = modelConfig.config;
  const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError(`${where}: the Sequential config has no layers`);
  if (list.length > LIMITS.layers) throw new ConfigError(`${where}: ${list.length} layers exceed the limit of ${LIMITS.layers}`);
  const name = isObject(config) && typeof config.name === 'string' ? config.name : undefined;

  let batchShape: (number | null)[] | null = null;
  const layerSpecs = list.filter((spec) => {
    if (isObject(spec) && spec.class_name === 'InputLayer') {
      const c = isObject(spec.config) ? spec.config : {};
      batchShape = checkShape(c.batch_shape ?? c.batch_input_shape, `${where}: InputLayer`);
      return false;
    }
    return true;
  }) as Record<string, unknown>[];
  if (layerSpecs.length === 0) throw new ConfigError(`${where}: the Sequential config has no layers besides its input`);
  const first = layerSpecs[0];
  if (isObject(first.config) && first.config.batch_input_shape !== undefined) batchShape = checkShape(first.config.batch_input_shape, `${where}: first layer`);
  if (batchShape === null && isObject(config) && config.build_input_shape !== undefined) batchShape = checkShape(config.build_input_shape, `${where}: build_input_shape`);
  if (batchShape === null) throw new ConfigError(`${where}: the file does not give the model's input shape (no batch_input_shape or InputLayer)`);
  layerSpecs.forEach((spec) => checkSizes(spec.config, where));

  return withoutConsumingRandom(() => {
    const layers = layerSpecs.map((spec, i) => {
      if (i === 0 && isObject(spec.config)) spec = { ...spec, config: { ...spec.config, batch_input_shape: batchShape } };
      // as Keras's Sequential does, a later layer's declared input shape is ignored (input_shape= on every layer)
      else if (isObject(spec.config) && spec.config.batch_input_shape !== undefined) spec = { ...spec, config: Object.fromEntries(Object.entries(spec.config).filter(([k]) => k !== 'batch_input_shape')) };
      return layerFromFile(spec, origin, where, hardSigmoidIsKeras3);
    });
    try {
      const model = new Sequential({ layers, ...(name ? { name } : {}) });
      if (!model.built) model.build(batchShape!.slice(1) as number[]);
      return model;
    } catch (e) {
      throw new ConfigError(`${where}: ${(e as Error).message}`);
    }
  });
}

// Model configs from files (TF.js topology, Keras 2 `model_config`, Keras 3 `config.json`): Sequential ones
// here — the layer list (a bare list in old files, {name, layers} in newer ones), the input shape (first layer's
// batch_input_shape, or a Keras 3 InputLayer's batch_shape), sanity limits, then the layers themselves — and
// graph ('Functional' / 'Model') ones through functional_file.ts. Building does not consume the global random
// stream (the file's weights replace the initial values).
import { ConfigError } from '../errors.js';
import { Sequential } from '../models/sequential.js';
import { withoutConsumingRandom } from '../random/random.js';
import { layerFromFile, type Origin, type ReadOptions } from './layer_config.js';
import { functionalFromFile } from './functional_file.js';
import type { Model } from '../models/model.js';
import type { CustomObjects } from '../registry/registry.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Largest sizes a file may declare before anything is allocated. */
export const LIMITS = { layers: 1000, units: 2 ** 20, dim: 2 ** 24, inputValues: 2 ** 28 };

/** Checks a file's batch shape: [batch, ...dims], dims positive and sane, or null (a length known at call time). */
export function checkBatchShape(shape: unknown, where: string): (number | null)[] {
  if (!Array.isArray(shape) || shape.length < 2 || shape.length > 8) throw new ConfigError(`${where}: input shape must be [batch, ...dims], got ${JSON.stringify(shape)}`);
  const ok = (d: unknown): boolean => d === null || (Number.isSafeInteger(d) && (d as number) > 0 && (d as number) <= LIMITS.dim);
  if (!shape.every(ok)) throw new ConfigError(`${where}: input shape ${JSON.stringify(shape)} has an invalid or absurd dimension`);
  if (shape.slice(1).reduce((n: number, d: number | null) => n * (d ?? 1), 1) > LIMITS.inputValues) throw new ConfigError(`${where}: input shape ${JSON.stringify(shape)} is too large`);
  return shape as (number | null)[];
}
const checkShape = checkBatchShape;

/** Builds a model from a file's model config: Sequential, or a graph model ('Functional' / 'Model'). */
export function modelFromFileConfig(modelConfig: unknown, origin: Origin, where: string, options: ReadOptions = {}): Model {
  if (!isObject(modelConfig) || typeof modelConfig.class_name !== 'string') throw new ConfigError(`${where}: the model config must be {"class_name": "Sequential" | "Functional", "config": ...}`);
  if (modelConfig.class_name === 'Sequential') return sequentialFromConfig(modelConfig, origin, where, options.hardSigmoidIsKeras3, options.customObjects);
  if (modelConfig.class_name !== 'Functional' && modelConfig.class_name !== 'Model') {
    throw new ConfigError(`${where}: model class '${modelConfig.class_name}' is not supported; rnnkit reads Sequential and Functional (Model) models`);
  }
  const config = isObject(modelConfig.config) ? modelConfig.config : null;
  if (!config) throw new ConfigError(`${where}: the ${modelConfig.class_name} config is missing`);
  if (Array.isArray(config.layers) && config.layers.length > LIMITS.layers) throw new ConfigError(`${where}: ${config.layers.length} layers exceed the limit of ${LIMITS.layers}`);
  if (Array.isArray(config.layers)) for (const spec of config.layers) checkSizes(isObject(spec) ? spec.config : null, where);
  try {
    return withoutConsumingRandom(() => functionalFromFile(config, where, (spec) => layerFromFile(spec, origin, where, options.hardSigmoidIsKeras3, options.customObjects), options.customObjects));
  } catch (e) {
    const message = buildFailure(e);
    throw new ConfigError(message.startsWith(where) ? message : `${where}: ${message}`);
  }
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
export function sequentialFromConfig(modelConfig: unknown, origin: Origin, where: string, hardSigmoidIsKeras3 = false, customObjects?: CustomObjects): Sequential {
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
      return layerFromFile(spec, origin, where, hardSigmoidIsKeras3, customObjects);
    });
    try {
      const model = new Sequential({ layers, ...(name ? { name } : {}) });
      if (!model.built) model.build(batchShape!.slice(1));
      return model;
    } catch (e) {
      throw new ConfigError(`${where}: ${buildFailure(e)}`);
    }
  });
}

/** A build error's message; an allocation that failed (weights too large for memory) says so in words. */
function buildFailure(e: unknown): string {
  const message = (e as Error).message;
  const size = /Invalid typed array length: (\d+)|memory limit \([^)]*\) reached allocating (\d+) values|Array buffer allocation failed|WebAssembly\.Memory/.exec(message);
  if (!size) return message;
  const values = size[1] ?? size[2];
  return `the model's weights are too large to allocate${values ? ` (one buffer of ${values} values)` : ''}: check its units and shapes`;
}

// Keras 3 `.keras` files (keras/src/saving/saving_lib.py): a zip of metadata.json, config.json and
// model.weights.h5, whose weights sit at `layers/<snake_class>[_n]/…/vars/<i>` — recurrent layers on their
// `cell`, Bidirectional under forward_layer/backward_layer, TimeDistributed under `layer`. Read and write.
// tf.keras 2.13–2.15 wrote the same archive with its layers under `_layer_checkpoint_dependencies/` (a dict
// holding each weighted layer twice, so repeats are numbered _2, _4 …; keras saving_lib reads these files by
// that prefix); reading tries the Keras 3 names, then those.
import { zipSync } from 'fflate';
import { ValueError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import { Bidirectional } from '../layers/rnn/bidirectional.js';
import { Recurrent } from '../layers/rnn/recurrent.js';
import { TimeDistributed } from '../layers/rnn/time_distributed.js';
import { Model } from '../models/model.js';
import { VERSION } from '../version.js';
import { hasDataset, isGroup, readFloatDataset, readH5, writeH5, type H5File } from './hdf5.js';
import { checkJsonDepth } from './json_checked.js';
import type { ReadOptions } from './layer_config.js';
import { modelFromFileConfig } from './model_config.js';
import { modelToFile } from './model_file.js';
import { assignWeights, namedVariables, type FileWeight } from './model_weights.js';
import { toSnakeCase } from './names.js';
import { readZipChecked } from './zip_checks.js';
import { compileFromFile, trainingConfigOf } from './training_config.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** For each variable of `layer` (in weight order), its `vars` group path under `prefix`. */
function varGroups(layer: Layer, prefix: string): string[] {
  if (layer instanceof Bidirectional) {
    return [...varGroups(layer.forwardLayer, `${prefix}/forward_layer`), ...varGroups(layer.backwardLayer, `${prefix}/backward_layer`)];
  }
  if (layer instanceof TimeDistributed) return varGroups(layer.layer, `${prefix}/layer`);
  if (layer instanceof Model) return layerPaths(layer).flatMap((p, i) => varGroups(layer.layers[i], `${prefix}/${p}`));
  const group = layer instanceof Recurrent ? `${prefix}/cell/vars` : `${prefix}/vars`;
  return layer.weights.map(() => group);
}

/**
 * `layers/<snake_case class>` with _1, _2 … for repeats, as Keras names a container's children (a graph model's
 * InputLayers are among them in Keras 3; they hold no weights). Nested models: their own paths under theirs.
 */
function layerPaths(model: Model): string[] {
  const seen = new Map<string, number>();
  return model.layers.map((l) => {
    const base = toSnakeCase(l.getClassName());
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `layers/${n === 0 ? base : `${base}_${n}`}`;
  });
}

/** tf.keras 2.13–2.15 names: `_layer_checkpoint_dependencies/<snake>[_n]`, each weighted layer counted twice. */
function tfKerasLayerPaths(model: Model): string[] {
  const seen = new Map<string, number>();
  return model.layers.map((l) => {
    const base = toSnakeCase(l.getClassName());
    const n = seen.get(base) ?? 0;
    seen.set(base, n + (l.weights.length > 0 ? 2 : 1));
    return `_layer_checkpoint_dependencies/${n === 0 ? base : `${base}_${n}`}`;
  });
}

/** The dataset paths of one layer's variables under `prefix`, in weight order. */
function layerWeightPaths(layer: Layer, prefix: string): string[] {
  const paths: string[] = [];
  const index = new Map<string, number>();
  for (const g of varGroups(layer, prefix)) {
    const k = index.get(g) ?? 0;
    index.set(g, k + 1);
    paths.push(`${g}/${k}`);
  }
  return paths;
}

/** Every variable's dataset path in model.weights.h5, in `namedVariables` order (the Keras 3 layout). */
export function weightPaths(model: Model): string[] {
  return layerPaths(model).flatMap((prefix, i) => layerWeightPaths(model.layers[i], prefix));
}

/** The paths of the layout `file` uses: Keras 3's, else tf.keras 2.13–2.15's; the first missing one named if neither. */
function resolveWeightPaths(model: Model, file: H5File, where: string): string[] {
  const keras3 = layerPaths(model);
  const tfKeras = tfKerasLayerPaths(model);
  const tfKerasAsKeras3 = keras3.map((p) => p.replace(/^layers\//, '_layer_checkpoint_dependencies/'));
  return model.layers.flatMap((layer, i) => {
    for (const prefix of [keras3[i], tfKeras[i], tfKerasAsKeras3[i]]) {
      const paths = layerWeightPaths(layer, prefix);
      if (paths.every((p) => hasDataset(file, p))) return paths;
    }
    const missing = layerWeightPaths(layer, keras3[i]).find((p) => !hasDataset(file, p));
    const top = (() => {
      try {
        return file.keys().join(', ');
      } catch {
        return '?';
      }
    })();
    throw new ValueError(`${where}: no weights for layer '${layer.name}' (${layer.getClassName()}): no dataset '${missing}' nor its tf.keras 2.13–2.15 equivalent under '${tfKeras[i]}' (the file's top-level groups: ${top})`);
  });
}

function parseMember(files: Record<string, Uint8Array>, name: string, where: string): unknown {
  const bytes = files[name];
  if (!bytes) throw new ValueError(`${where}: the archive has no ${name}`);
  const text = new TextDecoder().decode(bytes);
  checkJsonDepth(text, `${where}: ${name}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${where}: ${name} is not valid JSON (${(e as Error).message})`);
  }
}

export async function loadKerasV3(bytes: Uint8Array, where: string, options: ReadOptions = {}): Promise<{ model: Model; warnings: string[] }> {
  const files = readZipChecked(bytes, where, (name) => ['config.json', 'metadata.json', 'model.weights.h5'].includes(name));
  const config = parseMember(files, 'config.json', where);
  const model = modelFromFileConfig(config, 'keras3', where, options);
  const h5 = files['model.weights.h5'];
  if (!h5) throw new ValueError(`${where}: the archive has no model.weights.h5`);
  const targets = namedVariables(model);
  const h5Where = `${where}/model.weights.h5`;
  const weights: FileWeight[] = await readH5(h5, h5Where, (file) => resolveWeightPaths(model, file, h5Where).map((p, i) => ({ name: targets[i].name, ...readFloatDataset(file, p, h5Where) })));
  assignWeights(model, weights, where);
  const warnings: string[] = [];
  const compile = isObject(config) ? config.compile_config : null;
  if (isObject(compile)) {
    const warning = compileFromFile(model, compile);
    if (warning) warnings.push(`${where}: ${warning}`);
  }
  return { model, warnings };
}

function ensureGroup(file: H5File, path: string): void {
  let current = '';
  for (const part of path.split('/')) {
    current = current ? `${current}/${part}` : part;
    if (!isGroup(file.get(current))) file.create_group(current);
  }
}

/** The Keras 3 config.json object of a model. */
export function kerasV3Config(model: Model): Record<string, unknown> {
  const training = trainingConfigOf(model);
  const compileConfig = training ? {
    optimizer: { module: 'keras.optimizers', class_name: training.optimizer_config.class_name, config: { name: training.optimizer_config.class_name.toLowerCase(), ...training.optimizer_config.config }, registered_name: null },
    loss: training.loss, loss_weights: training.loss_weights ?? null, metrics: Array.isArray(training.metrics) ? (training.metrics.length ? training.metrics : null) : training.metrics ?? null, weighted_metrics: null,
    run_eagerly: false, steps_per_execution: 1, jit_compile: false,
  } : null;
  const shapes = model.inputs.map((t) => [...t.shape]);
  return { ...modelToFile(model, 'keras3'), build_config: { input_shape: shapes.length === 1 ? shapes[0] : shapes }, compile_config: compileConfig };
}

/** The model as the bytes of a `.keras` file (stored zip, Keras's member order). */
export async function kerasV3Bytes(model: Model): Promise<Uint8Array> {
  const config = kerasV3Config(model);
  const h5 = await weightsH5Bytes(model);
  const now = new Date().toISOString();
  const metadata = { keras_version: '3.6.0', date_saved: `${now.slice(0, 10)}@${now.slice(11, 19)}`, rnnkit_version: VERSION };
  const text = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  return zipSync({ 'metadata.json': text(metadata), 'config.json': text(config), 'model.weights.h5': h5 }, { level: 0 });
}

/** The weights alone in Keras 3's `.weights.h5` layout (Keras `model.save_weights`). */
export async function weightsH5Bytes(model: Model): Promise<Uint8Array> {
  const targets = namedVariables(model);
  const paths = weightPaths(model);
  return writeH5((file) => {
    for (const prefix of layerPaths(model)) ensureGroup(file, `${prefix}/vars`);
    paths.forEach((p, i) => {
      ensureGroup(file, p.slice(0, p.lastIndexOf('/')));
      const v = targets[i].variable;
      file.create_dataset({ name: p, data: Float32Array.from(v.value), shape: [...v.shape], dtype: '<f' });
    });
    ensureGroup(file, 'vars');
  });
}

/** Loads a `.weights.h5` file (Keras 3 layout) into a built model with the same architecture. */
export async function loadWeightsH5(model: Model, bytes: Uint8Array, where: string): Promise<void> {
  const targets = namedVariables(model);
  const weights: FileWeight[] = await readH5(bytes, where, (file) => resolveWeightPaths(model, file, where).map((p, i) => ({ name: targets[i].name, ...readFloatDataset(file, p, where) })));
  assignWeights(model, weights, where);
}

// Legacy Keras full-model `.h5` files (Keras 2's save format, keras/src/legacy/saving/legacy_h5_format.py):
// root attributes `model_config` (JSON), `keras_version`, `training_config`; weights under `model_weights/<layer>`
// listed by the `layer_names` and `weight_names` attributes ('gru_1/kernel:0'); keras_h5_write.ts writes them. Weights are
// taken in `weight_names` order whatever their nesting, as Keras reads them: Keras 3's legacy writer nests them as
// `<layer>/<model>/<layer>/<cell>/kernel`. Keras 1 files (keras1_names.ts) are mapped to Keras 2 names and layouts.
import { ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import { isGroup, readFloatDataset, readH5, stringAttribute } from './hdf5.js';
import { modelFromFileConfig } from './model_config.js';
import type { ReadOptions } from './layer_config.js';
import { checkJsonDepth } from './json_checked.js';
import { assignWeights, type FileWeight } from './model_weights.js';
import { keras1ModelConfig, keras1Weights, looksLikeKeras1 } from './keras1_names.js';
import { compileFromFile } from './training_config.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A weight's name relative to its layer: 'sequential/lstm/lstm_cell/kernel:0' in group 'lstm' → 'lstm/lstm_cell/kernel'. */
function weightName(raw: string, layerName: string): string {
  const parts = raw.replace(/:\d+$/, '').split('/');
  const at = parts.indexOf(layerName);
  return at >= 0 ? parts.slice(at).join('/') : `${layerName}/${parts.join('/')}`;
}

/** Each layer's class (and a wrapper's inner class) by layer name, from the model config. */
function layerClasses(config: unknown): Map<string, { className: string; inner: string | null }> {
  const out = new Map<string, { className: string; inner: string | null }>();
  const c = isObject(config) ? config.config : null;
  const list = Array.isArray(c) ? c : isObject(c) && Array.isArray(c.layers) ? c.layers : [];
  for (const spec of list) {
    if (!isObject(spec) || !isObject(spec.config) || typeof spec.config.name !== 'string') continue;
    const inner = isObject(spec.config.layer) && typeof spec.config.layer.class_name === 'string' ? spec.config.layer.class_name : null;
    out.set(spec.config.name, { className: String(spec.class_name), inner });
  }
  return out;
}

function parseJson(text: string | string[] | null, what: string, where: string): unknown {
  if (typeof text !== 'string') return null;
  checkJsonDepth(text, `${where}: attribute '${what}'`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValueError(`${where}: attribute '${what}' is not valid JSON`);
  }
}

export async function loadKerasH5(bytes: Uint8Array, where: string, options: ReadOptions = {}): Promise<{ model: Model; warnings: string[] }> {
  return readH5(bytes, where, (file) => {
    let config = parseJson(stringAttribute(file, 'model_config'), 'model_config', where);
    if (config === null) throw new ValueError(`${where}: HDF5 file without a 'model_config' attribute (a weights-only file, or not a Keras model)`);
    const version = String(stringAttribute(file, 'keras_version') ?? '');
    const keras1 = version.startsWith('1.') || (version === '' && looksLikeKeras1(config));
    if (keras1) config = keras1ModelConfig(config);
    const classes = layerClasses(config);
    const model = modelFromFileConfig(config, version.startsWith('3.') ? 'keras3' : 'keras2', where, options);

    const root = file.get('model_weights');
    const weightsRoot = isGroup(root) ? root : file;
    const layerNames = stringAttribute(weightsRoot, 'layer_names');
    if (!Array.isArray(layerNames)) throw new ValueError(`${where}: no 'layer_names' attribute on the weights group`);
    const weights: FileWeight[] = [];
    for (const layerName of layerNames) {
      const group = weightsRoot.get(layerName);
      if (!isGroup(group)) throw new ValueError(`${where}: layer '${layerName}' is listed but has no weights group`);
      const names = stringAttribute(group, 'weight_names') ?? [];
      const layerWeights: FileWeight[] = [];
      for (const raw of Array.isArray(names) ? names : [names]) {
        const { shape, values } = readFloatDataset(file, `${group.path}/${raw}`, where);
        layerWeights.push({ name: weightName(raw, layerName), shape, values, layer: layerName });
      }
      const cls = classes.get(layerName);
      weights.push(...(keras1 && cls ? keras1Weights(layerName, cls.className, cls.inner, layerWeights) : layerWeights));
    }
    assignWeights(model, weights, where);
    const warnings: string[] = [];
    const training = parseJson(stringAttribute(file, 'training_config'), 'training_config', where);
    if (training) {
      const warning = compileFromFile(model, training);
      if (warning) warnings.push(`${where}: ${warning}`);
    }
    return { model, warnings };
  });
}

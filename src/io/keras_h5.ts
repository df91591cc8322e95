// Legacy Keras full-model `.h5` files (Keras 2's save format, keras/src/legacy/saving/legacy_h5_format.py):
// root attributes `model_config` (JSON), `keras_version`, `training_config`; weights under `model_weights/<layer>`
// listed by the `layer_names` and `weight_names` attributes ('gru_1/kernel:0'). Reading; keras_h5_write.ts writes.
import { ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import { isGroup, readFloatDataset, readH5, stringAttribute } from './hdf5.js';
import { modelFromFileConfig } from './model_config.js';
import type { ReadOptions } from './layer_config.js';
import { assignWeights, type FileWeight } from './model_weights.js';
import { compileFromFile } from './training_config.js';

function parseJson(text: string | string[] | null, what: string, where: string): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValueError(`${where}: attribute '${what}' is not valid JSON`);
  }
}

export async function loadKerasH5(bytes: Uint8Array, where: string, options: ReadOptions = {}): Promise<{ model: Model; warnings: string[] }> {
  return readH5(bytes, where, (file) => {
    const config = parseJson(stringAttribute(file, 'model_config'), 'model_config', where);
    if (config === null) throw new ValueError(`${where}: HDF5 file without a 'model_config' attribute (a weights-only file, or not a Keras model)`);
    const version = String(stringAttribute(file, 'keras_version') ?? '');
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
      for (const weightName of Array.isArray(names) ? names : [names]) {
        const { shape, values } = readFloatDataset(file, `${group.path}/${weightName}`, where);
        weights.push({ name: weightName.replace(/:\d+$/, ''), shape, values, layer: layerName });
      }
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

// Legacy Keras `.h5` full-model files as Keras 2 writes them (keras/src/legacy/saving/legacy_h5_format.py
// save_model_to_hdf5): root attributes `keras_version`, `backend`, `model_config` (the Keras 2 config JSON:
// Sequential layers, or a 'Functional' graph with nested-list inbound nodes) and `training_config`; weights in
// `model_weights/<layer>/<weight name>:0`, each layer group listing its `weight_names` in weight order and the
// `model_weights` group listing every layer in `layer_names`. Keras 2 and Keras 3's legacy loader read weights in
// `weight_names` order, so the names only need to be unique.
import { ConfigError } from '../errors.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { writeH5 } from './hdf5.js';
import { usesKeras3HardSigmoid } from './layer_config.js';
import { modelToFile } from './model_file.js';
import { namedVariables } from './model_weights.js';
import { trainingConfigOf } from './training_config.js';

/** The version written into `.h5` files: the Keras 2 generation whose layout and semantics they follow. */
export const H5_KERAS_VERSION = '2.15.0';

/** The model as the bytes of a Keras 2 `.h5` full-model file. */
export async function kerasH5Bytes(model: Model): Promise<Uint8Array> {
  if (usesKeras3HardSigmoid(model.layers)) {
    throw new ConfigError("this model uses Keras 3's hard_sigmoid (x/6 + 0.5); a Keras 2 .h5 file reads 'hard_sigmoid' as 0.2x + 0.5 — save it as .keras instead");
  }
  const config = modelToFile(model, 'tfjs'); // the TF.js topology is Keras 2's config form
  const modelConfig = model instanceof Sequential ? config : { ...config, class_name: 'Functional' };
  const training = trainingConfigOf(model);
  const named = namedVariables(model);
  return writeH5((file) => {
    file.create_attribute('keras_version', H5_KERAS_VERSION);
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('model_config', JSON.stringify(modelConfig));
    if (training) file.create_attribute('training_config', JSON.stringify(training));
    const root = file.create_group('model_weights');
    root.create_attribute('keras_version', H5_KERAS_VERSION);
    root.create_attribute('backend', 'tensorflow');
    const layers = model.layers.map((l) => l.name);
    root.create_attribute('layer_names', layers);
    for (const name of layers) {
      const group = file.create_group(`model_weights/${name}`);
      const weights = named.filter((n) => n.layerName === name);
      group.create_attribute('weight_names', weights.map((w) => `${w.name}:0`));
      for (const w of weights) {
        const parts = w.name.split('/');
        for (let k = 1; k < parts.length; k++) {
          const path = `model_weights/${name}/${parts.slice(0, k).join('/')}`;
          if (!file.get(path)) file.create_group(path);
        }
        file.create_dataset({ name: `model_weights/${name}/${w.name}:0`, data: Float32Array.from(w.variable.value), shape: [...w.variable.shape], dtype: '<f' });
      }
    }
  });
}

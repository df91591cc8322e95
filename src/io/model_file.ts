// A model's config as a file writes it (TF.js model.json topology, Keras 3 config.json), Sequential or graph,
// without the training config: the part that nests when a model is a layer of another.
import { ConfigError } from '../errors.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { functionalToFile } from './functional_file.js';
import { keras3DTypePolicy, layerToFile, type KerasObject } from './layer_config.js';

/** {class_name, config} of a model for a TF.js or Keras 3 file. */
export function modelToFile(model: Model, target: 'tfjs' | 'keras3'): KerasObject {
  if (!model.built) throw new ConfigError(`model '${model.name}' is not built: give the first layer an inputShape, or fit/predict once`);
  if (!(model instanceof Sequential)) return functionalToFile(model, target);
  if (target === 'tfjs') {
    const layers = model.layers.map((l) => layerToFile(l, { target }));
    layers[0].config.batch_input_shape = [null, ...model.inputShape!];
    return { class_name: 'Sequential', config: { name: model.name, layers } };
  }
  // Keras 3: an InputLayer first, each layer with the input shape it was built for
  const batchShape = [...model.inputs[0].shape];
  const layers: Record<string, unknown>[] = [{
    module: 'keras.layers', class_name: 'InputLayer', registered_name: null,
    config: { batch_shape: batchShape, dtype: 'float32', sparse: false, ragged: false, name: 'input_layer' },
  }];
  const exec = model.graphExecutor();
  for (const layer of model.layers) {
    const node = exec.nodes.find((n) => n.layer === layer)!;
    layers.push({ ...layerToFile(layer, { target }), build_config: { input_shape: [...node.inputs[0].shape] } });
  }
  return {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: { name: model.name, trainable: model.trainable, dtype: keras3DTypePolicy, layers },
    build_config: { input_shape: batchShape },
  };
}

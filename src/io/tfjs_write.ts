// rnnkit model → TF.js Layers artifacts (format 'layers-model'). The topology is the Keras-style snake_case
// config TF.js writes; the first layer carries batch_input_shape; weights are named `<layer>/<weight>`.
// What TF.js cannot represent is still written so rnnkit round-trips it (GRU reset_after: true, Keras 3's
// hard_sigmoid flagged in userDefinedMetadata) — docs/FORMATS.md says which models real TF.js can load.
import { ConfigError, StateError } from '../errors.js';
import type { Model } from '../models/model.js';
import { VERSION } from '../version.js';
import { crc32 } from './zip_checks.js';
import { OPTIMIZER_PREFIX, type ModelArtifacts, type SaveOptions } from './artifacts.js';
import { usesKeras3HardSigmoid } from './layer_config.js';
import { modelToFile } from './model_file.js';
import { namedVariables } from './model_weights.js';
import { trainingConfigOf } from './training_config.js';
import { encodeWeights } from './weights_codec.js';

/** The Sequential topology in TF.js form (layers with snake_case configs). */
export function tfjsTopology(model: Model): Record<string, unknown> {
  if (!model.built) throw new StateError('save needs a built model: give the first layer an inputShape, or fit/predict once');
  const configs = JSON.stringify(model.layers.map((l) => l.getConfig()));
  if (configs.includes('"hard_sigmoid"') && configs.includes('"hard_sigmoid_tfjs"')) {
    throw new ConfigError("this model mixes 'hard_sigmoid' (Keras 3) and 'hard_sigmoid_tfjs' (TF.js); a TF.js file has one meaning for 'hard_sigmoid'");
  }
  return { ...modelToFile(model, 'tfjs'), keras_version: `rnnkit ${VERSION}`, backend: 'tensor_flow.js' };
}

/** The model as TF.js artifacts; with includeOptimizer, the training config and the optimizer's state too. */
export function modelToArtifacts(model: Model, options: SaveOptions = {}): ModelArtifacts {
  const modelTopology = tfjsTopology(model);
  const entries: { name: string; shape: readonly number[]; values: ArrayLike<number>; group?: string }[] = namedVariables(model).map((n) => ({
    name: n.name, shape: n.variable.shape, values: n.variable.value,
  }));
  const trainingConfig = trainingConfigOf(model);
  const state = options.includeOptimizer ? model.getOptimizerState() : null;
  if (state) {
    entries.push({ name: `${OPTIMIZER_PREFIX}scalars`, shape: [state.scalars.length], values: state.scalars, group: 'optimizer' });
    state.slots.forEach((slot, i) => entries.push({ name: `${OPTIMIZER_PREFIX}slot_${i}`, shape: [slot.length], values: slot, group: 'optimizer' }));
  }
  const { specs, data } = encodeWeights(entries);
  // rnnkit's own integrity check (TF.js ignores it): CRC-32 of all weight bytes, verified on load when present
  const metadata: Record<string, unknown> = { version: VERSION, weightsCrc32: crc32(data).toString(16).padStart(8, '0') };
  if (usesKeras3HardSigmoid(model.layers)) metadata.hardSigmoid = 'keras3';
  return {
    modelTopology,
    weightSpecs: specs,
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    format: 'layers-model',
    generatedBy: `rnnkit ${VERSION}`,
    convertedBy: null,
    ...(trainingConfig && options.includeOptimizer ? { trainingConfig } : {}),
    userDefinedMetadata: { rnnkit: metadata },
  };
}

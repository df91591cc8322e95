// TF.js Layers artifacts → rnnkit model. Accepts both topology shapes (the model config itself, as TF.js
// saves it, and the converter's {keras_version, model_config, training_config} wrapper), TF.js's and the
// converter's weight names, quantized weights; restores compile settings and optimizer state when present.
// Files rnnkit wrote carry the CRC-32 of their weight bytes (userDefinedMetadata.rnnkit.weightsCrc32): checked.
import { ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import { OPTIMIZER_PREFIX, type ModelArtifacts } from './artifacts.js';
import type { Origin } from './layer_config.js';
import { modelFromFileConfig } from './model_config.js';
import type { CustomObjects } from '../registry/registry.js';
import { assignWeights } from './model_weights.js';
import { compileFromFile } from './training_config.js';
import { decodeWeights } from './weights_codec.js';
import { crc32 } from './zip_checks.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function originOf(topology: Record<string, unknown>, artifacts: ModelArtifacts): Origin {
  const version = String(topology.keras_version ?? '');
  if (version.startsWith('rnnkit') || String(artifacts.generatedBy ?? '').startsWith('rnnkit')) return 'rnnkit-tfjs';
  if (version.startsWith('tfjs')) return 'tfjs';
  if (/^3\./.test(version)) return 'keras3';
  if (/^[12]\./.test(version)) return 'keras2';
  return 'tfjs';
}

/** Builds the model, loads its weights and (when stored) its compile settings and optimizer state. */
export function modelFromArtifacts(artifacts: ModelArtifacts, where: string, customObjects?: CustomObjects): { model: Model; warnings: string[] } {
  if (!isObject(artifacts) || !isObject(artifacts.modelTopology)) throw new ValueError(`${where}: modelTopology is missing or not an object`);
  const raw = artifacts.modelTopology;
  const topology = isObject(raw.model_config) ? raw.model_config : raw;
  const origin = originOf(raw, artifacts);
  const meta = isObject(artifacts.userDefinedMetadata) && isObject(artifacts.userDefinedMetadata.rnnkit) ? artifacts.userDefinedMetadata.rnnkit : {};
  const model = modelFromFileConfig(topology, origin, where, { hardSigmoidIsKeras3: meta.hardSigmoid === 'keras3', customObjects });

  const data = artifacts.weightData instanceof Uint8Array ? artifacts.weightData : new Uint8Array(artifacts.weightData ?? new ArrayBuffer(0));
  // the CRC covers the bytes rnnkit wrote; TF.js re-saves keep the metadata but write the weights in its own
  // order (trainable first: BatchNormalization's moving statistics, frozen layers move), so only rnnkit's files are checked
  const writtenByRnnkit = typeof artifacts.generatedBy !== 'string' || artifacts.generatedBy.startsWith('rnnkit');
  if (meta.weightsCrc32 !== undefined && writtenByRnnkit) {
    const actual = crc32(data).toString(16).padStart(8, '0');
    if (actual !== meta.weightsCrc32) throw new ValueError(`${where}: the weight data fails its CRC-32 check (model.json says ${String(meta.weightsCrc32)}, the weight files give ${actual}): a weight file is corrupt or from another save`);
  }
  const decoded = decodeWeights(artifacts.weightSpecs ?? [], data, where);
  const isOptimizer = (name: string, group?: string) => group === 'optimizer' || name.startsWith(OPTIMIZER_PREFIX);
  const layerWeights = decoded.filter((d) => !isOptimizer(d.spec.name, d.spec.group));
  // int32 entries are optimizer counters; a layer weight declared int32 would turn float bits into huge integers
  const notFloat = layerWeights.find((d) => d.spec.dtype !== 'float32');
  if (notFloat) throw new ValueError(`${where}: weight '${notFloat.spec.name}' has dtype ${notFloat.spec.dtype}; layer weights must be float32 (int32 is read for optimizer counters only)`);
  const weights = layerWeights.map((d) => ({ name: d.spec.name, shape: d.spec.shape, values: d.values }));
  assignWeights(model, weights, where);

  const warnings: string[] = [];
  const trainingConfig = artifacts.trainingConfig ?? (isObject(raw.training_config) ? raw.training_config : undefined);
  if (trainingConfig) {
    const warning = compileFromFile(model, trainingConfig);
    if (warning) warnings.push(`${where}: ${warning}`);
  }
  const optimizerEntries = decoded.filter((d) => d.spec.name.startsWith(OPTIMIZER_PREFIX));
  if (optimizerEntries.length > 0 && model.optimizer) {
    const scalars = optimizerEntries.find((d) => d.spec.name === `${OPTIMIZER_PREFIX}scalars`);
    const slots = optimizerEntries.filter((d) => d.spec.name.startsWith(`${OPTIMIZER_PREFIX}slot_`))
      .sort((a, b) => Number(a.spec.name.slice(OPTIMIZER_PREFIX.length + 5)) - Number(b.spec.name.slice(OPTIMIZER_PREFIX.length + 5)));
    try {
      model.setOptimizerState({ scalars: Array.from(scalars?.values ?? []), slots: slots.map((s) => s.values) });
    } catch (e) {
      throw new ValueError(`${where}: the stored optimizer state does not fit this model: ${(e as Error).message}`);
    }
  }
  return { model, warnings };
}

// Keras 1.x model files (keras_version '1.x'), read as Keras 2 reads them (keras/legacy/interfaces.py and
// engine/topology.py preprocess_weights_for_loading in Keras 2.0–2.2): Keras 1 config names are mapped to
// today's (output_dim → units, W_regularizer → kernel_regularizer, U_regularizer → recurrent_regularizer,
// dropout_W → dropout, dropout_U → recurrent_dropout, inner_activation → recurrent_activation, consume_less →
// dropped, p → rate, Convolution1D → Conv1D …), regularizer objects {name: 'WeightRegularizer', l1, l2} become
// L1L2, `input_dim` / `input_length` become the first layer's batch_input_shape, and per-gate weights are
// concatenated into Keras 2's kernel, recurrent_kernel and bias (LSTM: Keras 1 stores i, c, f, o; Keras 2 i, f, c, o).
import { ConfigError } from '../errors.js';
import type { FileWeight } from './model_weights.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const classNames: Record<string, string> = {
  Convolution1D: 'Conv1D', Convolution2D: 'Conv2D', Convolution3D: 'Conv3D', AtrousConvolution1D: 'Conv1D',
  AtrousConvolution2D: 'Conv2D', Deconvolution2D: 'Conv2DTranspose', SeparableConvolution2D: 'SeparableConv2D',
};

const common: Record<string, string> = {
  output_dim: 'units', init: 'kernel_initializer', bias: 'use_bias',
  W_regularizer: 'kernel_regularizer', b_regularizer: 'bias_regularizer', U_regularizer: 'recurrent_regularizer',
  W_constraint: 'kernel_constraint', b_constraint: 'bias_constraint', U_constraint: 'recurrent_constraint',
  inner_init: 'recurrent_initializer', inner_activation: 'recurrent_activation',
  dropout_W: 'dropout', dropout_U: 'recurrent_dropout',
};

/** Whether a Keras model config uses Keras 1 names (for files without a keras_version). */
export function looksLikeKeras1(config: unknown): boolean {
  return /"(output_dim|W_regularizer|dropout_W|inner_activation|consume_less|inner_init)"/.test(JSON.stringify(config) ?? '');
}

function regularizer(value: unknown): unknown {
  if (!isObject(value) || 'class_name' in value) return value;
  // Keras 1: {"name": "WeightRegularizer" | "L1L2Regularizer", "l1": …, "l2": …}
  return { class_name: 'L1L2', config: { l1: Number(value.l1 ?? 0), l2: Number(value.l2 ?? 0) } };
}

/** One layer {class_name, config} with Keras 1 names mapped to Keras 2's. */
export function keras1Layer(spec: unknown): unknown {
  if (!isObject(spec) || typeof spec.class_name !== 'string' || !isObject(spec.config)) return spec;
  const className = classNames[spec.class_name] ?? spec.class_name;
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec.config)) {
    if (key === 'consume_less' || key === 'input_dim' || key === 'input_length' || key === 'input_dtype') continue; // no effect on results / read by the model
    if (key === 'forget_bias_init') config.unit_forget_bias = value === 'one';
    else if (key === 'p' && className === 'Dropout') config.rate = value;
    else if (key === 'layer') config.layer = keras1Layer(value);
    else {
      const name = common[key] ?? key;
      config[name] = name.endsWith('_regularizer') ? regularizer(value) : value;
    }
  }
  if (className === 'Dense' && !('use_bias' in config)) config.use_bias = true;
  return { ...spec, class_name: className, config };
}

/** The model config with Keras 1 names mapped; the first layer's input_dim / input_length become its input shape. */
export function keras1ModelConfig(modelConfig: unknown): unknown {
  if (!isObject(modelConfig)) return modelConfig;
  const config = modelConfig.config;
  const list = Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : null;
  if (!list) return modelConfig;
  const layers = list.map(keras1Layer);
  const first = list[0];
  if (isObject(first) && isObject(first.config) && first.config.batch_input_shape === undefined && typeof first.config.input_dim === 'number') {
    const c = first.config;
    const shape = typeof c.input_length === 'number' ? [null, c.input_length, c.input_dim] : [null, c.input_dim];
    (layers[0] as { config: Record<string, unknown> }).config.batch_input_shape = shape;
  }
  return { ...modelConfig, config: Array.isArray(config) ? layers : { ...(config as Record<string, unknown>), layers } };
}

/** Concatenates 2-D [rows, k] (or 1-D [k]) arrays along the last axis. */
function concatLast(parts: FileWeight[], name: string): FileWeight {
  const rank = parts[0].shape.length;
  if (!parts.every((p) => p.shape.length === rank && p.shape.slice(0, -1).every((d, i) => d === parts[0].shape[i]))) {
    throw new ConfigError(`Keras 1 weights for '${name}' have mismatched shapes ${parts.map((p) => JSON.stringify(p.shape)).join(', ')}`);
  }
  const rows = rank === 1 ? 1 : parts[0].shape[0];
  const width = parts.reduce((n, p) => n + p.shape[rank - 1], 0);
  const values = new Float32Array(rows * width);
  let col = 0;
  for (const p of parts) {
    const w = p.shape[rank - 1];
    for (let r = 0; r < rows; r++) values.set(p.values.subarray(r * w, (r + 1) * w), r * width + col);
    col += w;
  }
  return { name, shape: rank === 1 ? [width] : [rows, width], values };
}

/** Keras 1 per-gate order → Keras 2 kernel / recurrent / bias (indices into one direction's weight list). */
const gateOrder: Record<string, { count: number; gates: number[] }> = {
  LSTM: { count: 12, gates: [0, 2, 1, 3] }, // stored i, c, f, o; wanted i, f, c, o
  GRU: { count: 9, gates: [0, 1, 2] }, // z, r, h in both
};

/**
 * A layer's Keras 1 weights (in weight_names order) as Keras 2 expects them: per-gate LSTM (12) and GRU (9)
 * weights concatenated per direction; other layers unchanged. Names become `<layer>/<index>` (matched by order).
 */
export function keras1Weights(layerName: string, className: string, innerClass: string | null, weights: FileWeight[]): FileWeight[] {
  const recurrent = gateOrder[className === 'Bidirectional' || className === 'TimeDistributed' ? innerClass ?? '' : className];
  const named = (list: FileWeight[]) => list.map((w, i) => ({ ...w, name: `${layerName}/${i}` }));
  if (!recurrent || weights.length % recurrent.count !== 0 || weights.length === 0) return named(weights);
  const out: FileWeight[] = [];
  for (let start = 0; start < weights.length; start += recurrent.count) {
    const direction = weights.slice(start, start + recurrent.count);
    for (const slot of [0, 1, 2]) out.push(concatLast(recurrent.gates.map((g) => direction[3 * g + slot]), `${layerName}/${out.length}`));
  }
  return named(out);
}

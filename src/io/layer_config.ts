// Layer configs between rnnkit and model files. rnnkit's getConfig() is camelCase with Keras's meanings;
// Keras (2 and 3) and TF.js files are snake_case, with nested {class_name, config} objects for initializers,
// regularizers and wrapped layers. Reading treats the file as untrusted: unknown layer classes, unsupported
// features (constraints, activity regularizers, non-float32 dtypes) and bad values are errors that name the layer.
// The one semantic trap: 'hard_sigmoid' means clip(0.2x + 0.5) in Keras 2 and TF.js files, clip(x/6 + 0.5) in
// Keras 3 files; rnnkit keeps the two apart ('hard_sigmoid_tfjs' is the former).
import { ConfigError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import { Activation } from '../layers/core/activation.js';
import { Dense } from '../layers/core/dense.js';
import { Dropout } from '../layers/core/dropout.js';
import { Masking } from '../layers/core/masking.js';
import { Flatten, Reshape } from '../layers/core/reshape.js';
import { Bidirectional, recreateRecurrent } from '../layers/rnn/bidirectional.js';
import { GRU } from '../layers/rnn/gru.js';
import { LSTM } from '../layers/rnn/lstm.js';
import { Recurrent } from '../layers/rnn/recurrent.js';
import { SimpleRNN } from '../layers/rnn/simple_rnn.js';
import { TimeDistributed } from '../layers/rnn/time_distributed.js';
import { toCamelCase, toSnakeCase } from './names.js';
import { InputLayer } from '../layers/core/input_layer.js';
import { textLayerClasses } from './text_layer_classes.js';
import { RNN } from '../layers/rnn/rnn.js';
import type { RNNCell } from '../layers/rnn/cell.js';
import { deserializeCell, getLayerClass, registeredLayerNames, type CustomObjects } from '../registry/registry.js';
import { checkBatchShape, modelFromFileConfig } from './model_config.js';
import { modelToFile } from './model_file.js';
import type { Model } from '../models/model.js';

/** Who wrote a file: decides defaults that differ (hard_sigmoid slope, GRU reset_after when absent). */
export type Origin = 'keras2' | 'keras3' | 'tfjs' | 'rnnkit-tfjs';

export interface KerasObject {
  class_name: string;
  config: Record<string, unknown>;
  module?: string;
  registered_name?: string | null;
  build_config?: unknown;
}

type LayerClass = new (args: never) => Layer;
/** Built-in classes whose file configs need translating (names, activations, initializers, nested layers). */
const layerClasses: Record<string, LayerClass> = { Activation, Dense, Dropout, Masking, Flatten, Reshape, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, RNN, ...textLayerClasses };

const isModelLayer = (l: Layer): l is Model => typeof (l as Model).graphExecutor === 'function';

/** Model classes a file may nest as layers (Keras 3 'Functional', Keras 2 / TF.js 'Model'). */
const MODEL_CLASSES = ['Sequential', 'Functional', 'Model'];

/** Layer class names rnnkit can read and write (built-ins and registered classes). */
export function supportedLayerClasses(): string[] {
  return [...new Set(['InputLayer', ...Object.keys(layerClasses), ...MODEL_CLASSES, ...registeredLayerNames()])];
}

/** A file's RNN cell {class_name, config} → the registered cell class, built from its camelCase config. */
function cellFromFile(value: unknown, here: string, customObjects?: CustomObjects): RNNCell {
  if (!isObject(value) || typeof value.class_name !== 'string') throw new ConfigError(`${here}: 'cell' must be {"class_name": ..., "config": {...}}`);
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(isObject(value.config) ? value.config : {})) if (!ignorable(k, v)) config[toCamelCase(k)] = v;
  return deserializeCell({ className: value.class_name, config }, customObjects);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys files carry that rnnkit accepts only with a harmless value (null, false, float32 …). */
function ignorable(key: string, value: unknown): boolean | 'unsupported' {
  switch (key) {
    case 'dtype':
      if (value === null || value === 'float32') return true;
      if (isObject(value) && isObject(value.config) && value.config.name === 'float32') return true; // Keras 3 DTypePolicy
      return 'unsupported';
    case 'activity_regularizer': case 'kernel_constraint': case 'recurrent_constraint': case 'bias_constraint': case 'constraint':
    case 'noise_shape': case 'batch_size': case 'input_length':
      return value === null ? true : 'unsupported';
    case 'embeddings_constraint': case 'beta_constraint': case 'gamma_constraint': case 'depthwise_constraint': case 'pointwise_constraint':
      return value === null ? true : 'unsupported';
    case 'lora_rank': case 'lora_alpha': case 'quantization_config':
      return value === null || value === undefined ? true : 'unsupported';
    case 'time_major': case 'sparse': case 'ragged': case 'synchronized': case 'rms_scaling':
      return value === false || value === null ? true : 'unsupported';
    case 'data_format':
      // Conv1D, pooling …: [batch, steps, channels] only; channels_first files are refused, not misread
      return value === null || value === 'channels_last' ? true : 'unsupported';
    case 'use_cudnn': case 'input_dtype': case 'module': case 'registered_name': case 'build_config':
      return true;
    default:
      return false;
  }
}

function activationFromFile(value: unknown, origin: Origin, hardSigmoidIsKeras3: boolean): unknown {
  let name = value;
  if (isObject(value) && typeof value.config === 'string') name = value.config; // Keras 3 serialized function
  if (typeof name !== 'string') return name;
  const snake = toSnakeCase(name);
  if (snake === 'hard_sigmoid') return origin === 'keras3' || hardSigmoidIsKeras3 ? 'hard_sigmoid' : 'hard_sigmoid_tfjs';
  return snake;
}

const initializerAliases: Record<string, string> = { LeCunNormal: 'LecunNormal', LeCunUniform: 'LecunUniform' };

/** A Keras/TF.js initializer object → rnnkit spec; null (use the layer default) for classes rnnkit lacks. */
function initializerFromFile(value: unknown): unknown {
  if (!isObject(value) || typeof value.class_name !== 'string') return undefined;
  const className = initializerAliases[value.class_name] ?? value.class_name;
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(isObject(value.config) ? value.config : {})) {
    // Keras 2 / TF.js 'normal' in VarianceScaling is the truncated normal
    config[toCamelCase(k)] = k === 'distribution' && (v === 'normal' || v === 'truncatedNormal') ? 'truncated_normal' : typeof v === 'string' ? toSnakeCase(v) : v;
  }
  const known = ['Zeros', 'Ones', 'Constant', 'RandomUniform', 'RandomNormal', 'TruncatedNormal', 'VarianceScaling', 'GlorotUniform', 'GlorotNormal', 'HeUniform', 'HeNormal', 'LecunUniform', 'LecunNormal', 'Orthogonal'];
  // initializers only matter before weights are loaded; an unknown one falls back to the layer's default
  return known.includes(className) ? { className, config } : undefined;
}

function regularizerFromFile(value: unknown, where: string): unknown {
  if (value === null || value === undefined) return null;
  if (!isObject(value) || typeof value.class_name !== 'string') throw new ConfigError(`${where}: malformed regularizer ${JSON.stringify(value)}`);
  const config = isObject(value.config) ? value.config : {};
  const numbers: Record<string, number> = {};
  for (const k of ['l1', 'l2']) if (typeof config[k] === 'number') numbers[k] = config[k] as number;
  return { className: value.class_name, config: numbers };
}

/** InputLayer from a file: Keras 3 `batch_shape`, Keras 2 / TF.js `batch_input_shape`. */
function inputLayerFromFile(config: Record<string, unknown>, here: string): Layer {
  const batchShape = config.batch_shape ?? config.batch_input_shape;
  const dtype = config.dtype === null || config.dtype === undefined ? 'float32' : isObject(config.dtype) && isObject(config.dtype.config) ? config.dtype.config.name : config.dtype;
  if (config.sparse === true || config.ragged === true) throw new ConfigError(`${here}: sparse and ragged inputs are not supported`);
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'int64') throw new ConfigError(`${here}: input dtype ${JSON.stringify(dtype)} is not supported (float32 or int32)`);
  try {
    return new InputLayer({ batchShape: checkBatchShape(batchShape, here), dtype: dtype === 'float32' ? 'float32' : 'int32', ...(typeof config.name === 'string' ? { name: config.name } : {}) });
  } catch (e) {
    throw new ConfigError(`${here}: ${(e as Error).message}`);
  }
}

/** Options of one load: who wrote the file, and the user's classes. */
export interface ReadOptions {
  hardSigmoidIsKeras3?: boolean;
  customObjects?: CustomObjects;
}

/** Builds an rnnkit layer from a file's {class_name, config}. `where` names the file/layer for errors. */
export function layerFromFile(spec: unknown, origin: Origin, where: string, hardSigmoidIsKeras3 = false, customObjects?: CustomObjects): Layer {
  if (!isObject(spec) || typeof spec.class_name !== 'string' || !isObject(spec.config)) {
    throw new ConfigError(`${where}: a layer must be {"class_name": ..., "config": {...}}, got ${JSON.stringify(spec)?.slice(0, 200)}`);
  }
  const className = spec.class_name;
  const name = typeof spec.config.name === 'string' ? spec.config.name : '?';
  const here = `${where}: layer '${name}' (${className})`;
  if (className === 'InputLayer') return inputLayerFromFile(spec.config, here);
  if (MODEL_CLASSES.includes(className)) return modelFromFileConfig(spec, origin, where, { hardSigmoidIsKeras3, customObjects });
  const Cls = Object.prototype.hasOwnProperty.call(layerClasses, className) ? layerClasses[className] : undefined;
  if (!Cls) {
    // a class the user registered (registerLayer / customObjects): camelCase keys, its own fromConfig
    let custom;
    try {
      custom = getLayerClass(className, customObjects);
    } catch (e) {
      throw new ConfigError(`${where}: ${(e as Error).message}`);
    }
    const config: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(spec.config)) if (!ignorable(k, v)) config[toCamelCase(k)] = v;
    try {
      return custom.fromConfig(config, customObjects);
    } catch (e) {
      throw new ConfigError(`${here}: ${(e as Error).message}`);
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec.config)) {
    if (key === 'input_length' && className === 'Embedding') {
      args.inputLength = value; // Keras 2's Embedding(input_length=…)
      continue;
    }
    if (key === 'alpha' && className === 'LeakyReLU') {
      args.negativeSlope = value; // Keras 2 / TF.js name of Keras 3's negative_slope
      continue;
    }
    const skip = ignorable(key, value);
    if (skip === 'unsupported') throw new ConfigError(`${here}: '${key}' = ${JSON.stringify(value)} is not supported`);
    if (skip) continue;
    if (key === 'activation' || key === 'recurrent_activation') args[toCamelCase(key)] = activationFromFile(value, origin, hardSigmoidIsKeras3);
    else if (key.endsWith('_initializer')) {
      const init = initializerFromFile(value);
      if (init !== undefined) args[toCamelCase(key)] = init;
    } else if (key.endsWith('_regularizer')) args[toCamelCase(key)] = regularizerFromFile(value, here);
    else if (key === 'layer' || key === 'backward_layer') args[toCamelCase(key)] = layerFromFile(value, origin, where, hardSigmoidIsKeras3, customObjects);
    else if (key === 'cell' && className === 'RNN') args.cell = cellFromFile(value, here, customObjects);
    else if (key === 'unit_forget_bias' && value === null) continue; // TF.js writes null for "not set"
    else if (key === 'implementation' && (value === null || !(className === 'LSTM' || className === 'GRU'))) continue;
    else args[toCamelCase(key)] = value;
  }
  // GRU files from TF.js and Keras < 2.1.5 have no reset_after: theirs is the single-bias (reset-before) GRU
  if (className === 'GRU' && !('reset_after' in spec.config)) args.resetAfter = origin === 'keras3';
  if (className === 'Bidirectional' && !(args.layer instanceof Recurrent)) throw new ConfigError(`${here}: 'layer' must be a recurrent layer`);
  if (className === 'Bidirectional' && origin !== 'keras3' && !args.backwardLayer && (args.layer as Recurrent).goBackwards) {
    // Keras 2 and TF.js re-create the backward copy with the opposite go_backwards (Keras 3: always true)
    const inner = args.layer as Recurrent;
    args.backwardLayer = recreateRecurrent(inner, { name: `backward_${inner.name.replace(/^(forward_|backward_)/, '')}`, goBackwards: false });
  }
  try {
    return new Cls(args as never);
  } catch (e) {
    throw new ConfigError(`${here}: ${(e as Error).message}`);
  }
}

/** Options for writing a layer. */
export interface WriteOptions {
  target: 'tfjs' | 'keras3';
}

function objectToFile(spec: { className: string; config: Record<string, unknown> }, target: WriteOptions['target'], module: string): KerasObject {
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec.config)) config[toSnakeCase(k)] = v;
  let className = spec.className;
  if (target === 'tfjs') className = className.replace(/^Lecun/, 'LeCun');
  return target === 'keras3' ? { module, class_name: className, config, registered_name: null } : { class_name: className, config };
}

function activationToFile(name: string, owner: string, target: WriteOptions['target']): string {
  if (name === 'hard_sigmoid_tfjs') {
    if (target === 'keras3') throw new ConfigError(`${owner}: activation 'hard_sigmoid_tfjs' (slope 0.2, Keras 2 / TF.js) has no Keras 3 equivalent; Keras 3's hard_sigmoid is clip(x/6 + 0.5)`);
    return 'hard_sigmoid';
  }
  return name;
}

export const keras3DTypePolicy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

/** An rnnkit layer → the file's {class_name, config} (snake_case keys, nested objects). */
export function layerToFile(layer: Layer, options: WriteOptions): KerasObject {
  if (isModelLayer(layer)) return modelToFile(layer, options.target);
  const owner = `${layer.getClassName()} '${layer.name}'`;
  const config: Record<string, unknown> = {};
  const source = layer.getConfig();
  for (const [key, value] of Object.entries(source)) {
    if (key === 'batchInputShape' && options.target === 'keras3') continue; // Keras 3 puts it on an InputLayer
    const snake = toSnakeCase(key);
    if (key === 'activation' || key === 'recurrentActivation') config[snake] = activationToFile(value as string, owner, options.target);
    else if (key.endsWith('Initializer')) config[snake] = objectToFile(value as { className: string; config: Record<string, unknown> }, options.target, 'keras.initializers');
    else if (key.endsWith('Regularizer')) config[snake] = value === null ? null : objectToFile(value as { className: string; config: Record<string, unknown> }, options.target, 'keras.regularizers');
    else if (key === 'layer' || key === 'backwardLayer') continue; // written from the layer objects below
    else if (key === 'cell' && isObject(value)) config.cell = objectToFile(value as { className: string; config: Record<string, unknown> }, options.target, 'keras.layers');
    else config[snake] = value;
  }
  // Keras 2 and TF.js call LeakyReLU's slope `alpha` (Keras 3: negative_slope)
  if (layer.getClassName() === 'LeakyReLU' && options.target === 'tfjs' && 'negative_slope' in config) {
    config.alpha = config.negative_slope;
    delete config.negative_slope;
  }
  config.dtype = options.target === 'keras3' ? keras3DTypePolicy : 'float32';
  if (layer instanceof Bidirectional) {
    // the wrapped layer keeps its own (un-prefixed) name, as Keras and TF.js write it
    const inner = layerToFile(layer.forwardLayer, options);
    inner.config.name = layer.forwardLayer.name.replace(/^forward_/, '');
    config.layer = inner;
    // Keras 3 always writes backward_layer; Keras 2 and TF.js files only when it is not the mirrored copy
    if (options.target === 'keras3' || !layer.mirrorsForward()) config.backward_layer = layerToFile(layer.backwardLayer, options);
  }
  if (layer instanceof TimeDistributed) config.layer = layerToFile(layer.layer, options);
  const out: KerasObject = { class_name: layer.getClassName(), config };
  if (options.target === 'keras3') {
    out.module = 'keras.layers';
    out.registered_name = null;
  }
  return out;
}

/** Whether any layer (or wrapped layer) uses Keras 3's hard_sigmoid, which a TF.js file must flag. */
export function usesKeras3HardSigmoid(layers: Layer[]): boolean {
  return JSON.stringify(layers.map((l) => l.getConfig())).includes('"hard_sigmoid"');
}

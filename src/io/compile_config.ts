// Training configurations of real model files, in every form Keras and TF.js wrote them, read into what
// `compile` takes. Forms (keras/src/saving/serialization_lib.py, keras/src/legacy/saving/saving_utils.py,
// tf-keras saving_utils.model_metadata, tfjs-layers training_config):
//   optimizer: 'adam' | {class_name: 'Adam', config} | {module, class_name, config, registered_name} |
//              {class_name: 'Custom>Adam', config} (tf.keras 2.11–2.15) — Keras 2 `lr` read as learning_rate;
//   loss:      'mse' | 'meanSquaredError' | {class_name: 'MeanSquaredError', config: {reduction, name, …}} |
//              {class_name: 'function', config: 'mean_squared_error'} | [loss] | {output: loss} (one output);
//   metrics / weighted_metrics: null | names | MeanMetricWrapper {config: {name, fn}} | metric objects |
//              serialized functions | nested lists or {output: [...]} (one output).
// Anything else is a ConfigError naming the piece, so that the caller loads the model uncompiled with one warning.
import { ConfigError } from '../errors.js';
import { getLoss, type Loss } from '../losses/losses.js';
import { getOptimizer } from '../optimizers/index.js';
import { BASE_OPTIONS, type Optimizer } from '../optimizers/optimizer.js';
import * as schedules from '../optimizers/schedules.js';
import { toCamelCase } from './names.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v)?.slice(0, 160) ?? String(v);

/** What `compile` gets from a file. */
export interface FileCompileArgs {
  optimizer: Optimizer;
  loss: Loss;
  /** `id` resolves the metric (getMetric); `name` is what Keras logs it as. */
  metrics: FileMetric[];
}

export interface FileMetric {
  id: string;
  name: string;
}

/** 'Custom>Adam', 'keras.optimizers.Adam' → 'Adam'. */
const bareClass = (name: string): string => name.replace(/^.*[>.]/, '');

function scheduleFromFile(value: Record<string, unknown>): schedules.LearningRateSchedule {
  const name = bareClass(String(value.class_name));
  const Cls = (schedules as unknown as Record<string, new (a: Record<string, unknown>) => schedules.LearningRateSchedule>)[name];
  if (!Cls || !(Cls.prototype instanceof schedules.LearningRateSchedule)) throw new ConfigError(`unknown learning-rate schedule '${String(value.class_name)}'`);
  const known = Object.keys(new Cls({ initialLearningRate: 1, decaySteps: 1, decayRate: 1, boundaries: [], values: [1] }).getConfig());
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(isObject(value.config) ? value.config : {})) if (known.includes(toCamelCase(k))) args[toCamelCase(k)] = v;
  return new Cls(args);
}

/** An optimizer from any of the forms above. */
export function optimizerFromFile(spec: unknown): Optimizer {
  if (typeof spec === 'string') return getOptimizer(bareClass(spec));
  if (!isObject(spec) || typeof spec.class_name !== 'string') throw new ConfigError(`malformed optimizer ${show(spec)}`);
  const probe = getOptimizer(bareClass(spec.class_name));
  const Cls = probe.constructor as new (args: Record<string, unknown>) => Optimizer;
  const known = new Set<string>([...BASE_OPTIONS, ...Object.keys(probe.getConfig())]);
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(isObject(spec.config) ? spec.config : {})) {
    const key = k === 'lr' ? 'learningRate' : toCamelCase(k);
    if (!known.has(key) || v === null) continue;
    args[key] = key === 'learningRate' && isObject(v) ? scheduleFromFile(v) : v;
  }
  return new Cls(args);
}

/** The single entry of a per-output list or dict (rnnkit models have one output). */
function single(value: unknown, what: string): unknown {
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new ConfigError(`${what} ${show(value)} is for ${value.length} outputs; rnnkit models have one`);
    return value[0];
  }
  if (isObject(value) && !('class_name' in value)) {
    const entries = Object.values(value);
    if (entries.length !== 1) throw new ConfigError(`${what} ${show(value)} is for ${entries.length} outputs; rnnkit models have one`);
    return entries[0];
  }
  return value;
}

// loss-object keys with no effect in rnnkit (a reduction other than the mean is refused below)
const neutralLossKeys = new Set(['name', 'dtype', 'reduction', 'axis']);

/** A loss from any of the forms above. */
export function lossFromFile(spec: unknown): Loss {
  const value = single(spec, 'loss');
  if (typeof value === 'string') return getLoss(value);
  if (!isObject(value) || typeof value.class_name !== 'string') throw new ConfigError(`unsupported loss ${show(value)}`);
  if (typeof value.config === 'string') return getLoss(value.config); // a serialized function
  const probe = getLoss(bareClass(value.class_name));
  const config = isObject(value.config) ? value.config : {};
  const known = Object.keys(probe.getConfig());
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    const key = toCamelCase(k);
    if (known.includes(key) && key !== 'name') args[key] = v;
    else if (k === 'reduction' && v !== null && !['auto', 'sum_over_batch_size', 'mean'].includes(String(v))) throw new ConfigError(`loss ${value.class_name}: reduction '${String(v)}' is not supported (rnnkit takes the mean)`);
    else if (k === 'axis' && v !== -1 && v !== null) throw new ConfigError(`loss ${value.class_name}: axis ${show(v)} is not supported`);
    else if (!neutralLossKeys.has(k) && !known.includes(key)) throw new ConfigError(`loss ${value.class_name}: option '${k}' is not supported`);
  }
  const Cls = probe.constructor as new (a: Record<string, unknown>) => Loss;
  return Object.keys(args).length ? new Cls(args) : probe;
}

/** One metric: what resolves it and the name it is logged under. */
function metricFromFile(entry: unknown): FileMetric {
  if (typeof entry === 'string') return { id: entry, name: entry };
  if (!isObject(entry) || typeof entry.class_name !== 'string') throw new ConfigError(`unsupported metric ${show(entry)}`);
  if (typeof entry.config === 'string') return { id: entry.config, name: entry.config }; // a serialized function
  const config = isObject(entry.config) ? entry.config : {};
  const name = typeof config.name === 'string' ? config.name : null;
  if (bareClass(entry.class_name) === 'MeanMetricWrapper') {
    // Keras 2 `compile(metrics=['mae'])` saves {name: 'mae', fn: 'mean_absolute_error'}
    const fn = isObject(config.fn) ? config.fn.config : config.fn;
    const id = typeof fn === 'string' ? fn : name;
    if (!id) throw new ConfigError(`metric ${show(entry)} names no function`);
    return { id, name: name ?? id };
  }
  return { id: bareClass(entry.class_name), name: name ?? bareClass(entry.class_name) };
}

/** The metrics of `metrics` (+ `weighted_metrics`), flattened from per-output lists or dicts. */
export function metricsFromFile(metrics: unknown, weighted: unknown): FileMetric[] {
  const flat = (v: unknown, what: string): unknown[] => {
    if (v === null || v === undefined) return [];
    if (Array.isArray(v)) return v.length > 0 && v.every((e) => Array.isArray(e)) ? flat(single(v, what), what) : v;
    if (isObject(v) && !('class_name' in v)) return flat(single(v, what), what);
    return [v];
  };
  const out: FileMetric[] = [];
  // Keras: weighted_metrics apply sampleWeight; rnnkit's metrics always do when one is given, so both lists join
  for (const entry of [...flat(metrics, 'metrics'), ...flat(weighted, 'weighted_metrics')]) {
    const m = metricFromFile(entry);
    if (!out.some((o) => o.name === m.name)) out.push(m);
  }
  return out;
}

/**
 * The compile arguments of a training config in any form: Keras 2 / TF.js `{optimizer_config, loss, metrics,
 * weighted_metrics}` or Keras 3 `compile_config` `{optimizer, loss, metrics, weighted_metrics}`.
 */
export function compileArgsFromFile(tc: unknown): FileCompileArgs {
  if (!isObject(tc)) throw new ConfigError(`the training config must be an object, got ${show(tc)}`);
  const optimizerSpec = tc.optimizer_config ?? tc.optimizer;
  if (optimizerSpec === undefined || optimizerSpec === null) throw new ConfigError('the training config names no optimizer');
  if (tc.loss === undefined || tc.loss === null) throw new ConfigError('the training config names no loss');
  const lossWeights = tc.loss_weights;
  if (lossWeights !== undefined && lossWeights !== null) {
    const w = single(lossWeights, 'loss_weights');
    if (w !== 1) throw new ConfigError(`loss_weights ${show(lossWeights)} are not supported`);
  }
  return { optimizer: optimizerFromFile(optimizerSpec), loss: lossFromFile(tc.loss), metrics: metricsFromFile(tc.metrics, tc.weighted_metrics) };
}

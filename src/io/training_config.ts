// What `compile` set, as model files store it (TF.js `trainingConfig`, Keras 3 `compile_config`):
// {optimizer_config: {class_name, config}, loss, metrics}. Reading accepts Keras 2 names ('lr') and ignores
// optimizer options rnnkit does not have (ema, decay 0 …).
import { ConfigError } from '../errors.js';
import { getLoss } from '../losses/losses.js';
import { getMetric } from '../metrics/metrics.js';
import type { Model } from '../models/model.js';
import { getOptimizer } from '../optimizers/index.js';
import { BASE_OPTIONS, type Optimizer } from '../optimizers/optimizer.js';
import * as schedules from '../optimizers/schedules.js';
import { toCamelCase, toSnakeCase } from './names.js';

export interface TrainingConfig {
  optimizer_config: { class_name: string; config: Record<string, unknown> };
  loss: unknown;
  metrics?: unknown;
  /** Several outputs: the weight of each output's loss, by output name. */
  loss_weights?: Record<string, number> | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Keras spells Adam's betas beta_1 / beta_2 (TF.js reads them back as beta1 / beta2)
const fileKey = (k: string): string => (/^beta[12]$/.test(k) ? `beta_${k[4]}` : toSnakeCase(k));

function snakeKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [fileKey(k), v]));
}

/** The model's compile settings in file form, or null when it is not compiled. */
export function trainingConfigOf(model: Model): TrainingConfig | null {
  if (!model.optimizer || !model.loss) return null;
  const config = model.optimizer.getConfig();
  const lr = config.learningRate;
  const fileConfig = snakeKeys(config);
  if (isObject(lr)) fileConfig.learning_rate = { class_name: lr.className, config: snakeKeys(lr.config as Record<string, unknown>) };
  const optimizer_config = { class_name: model.optimizer.getClassName(), config: fileConfig };
  const outputs = model.trainer.outputs!;
  if (outputs.length === 1) return { optimizer_config, loss: model.loss.name, metrics: model.metrics.map((m) => m.name) };
  // several outputs: Keras's dicts keyed by output name
  const names = model.outputNames;
  const byName = <T>(f: (o: (typeof outputs)[number]) => T): Record<string, T> => Object.fromEntries(outputs.map((o, i) => [names[i], f(o)]));
  return {
    optimizer_config,
    loss: byName((o) => o.loss?.name ?? null),
    metrics: byName((o) => o.metrics.map((m) => (typeof m === 'string' ? m : m.name))),
    loss_weights: byName((o) => o.weight),
  };
}

function scheduleFromFile(value: Record<string, unknown>): schedules.LearningRateSchedule {
  const Cls = (schedules as unknown as Record<string, new (a: Record<string, unknown>) => schedules.LearningRateSchedule>)[String(value.class_name)];
  if (!Cls || !(Cls.prototype instanceof schedules.LearningRateSchedule)) throw new ConfigError(`unknown learning-rate schedule '${String(value.class_name)}'`);
  const known = Object.keys(new Cls({ initialLearningRate: 1, decaySteps: 1, decayRate: 1, boundaries: [], values: [1] }).getConfig());
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(isObject(value.config) ? value.config : {})) if (known.includes(toCamelCase(k))) args[toCamelCase(k)] = v;
  return new Cls(args);
}

function optimizerFromFile(spec: unknown): Optimizer {
  if (!isObject(spec) || typeof spec.class_name !== 'string') throw new ConfigError(`malformed optimizer_config ${JSON.stringify(spec)?.slice(0, 200)}`);
  const probe = getOptimizer(spec.class_name);
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

function nameOf(entry: unknown): string | null {
  if (typeof entry === 'string') return entry;
  if (isObject(entry) && typeof entry.class_name === 'string') return entry.class_name;
  return null;
}

/** Compiles `model` as the file says; returns a warning instead when the settings cannot be used. */
export function compileFromFile(model: Model, tc: unknown): string | null {
  try {
    if (!isObject(tc)) throw new ConfigError('training config must be an object');
    const optimizer = optimizerFromFile(tc.optimizer_config);
    if (model.outputs.length > 1 && (isObject(tc.loss) || Array.isArray(tc.loss))) {
      // several outputs: losses, metrics and weights per output (lists in output order or dicts by name)
      const perOutput = (v: unknown): unknown => (isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? x.map(nameOf) : nameOf(x)])) : Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.map(nameOf) : nameOf(x))) : undefined);
      const lw = tc.loss_weights;
      model.compile({ optimizer, loss: perOutput(tc.loss) as never, ...(tc.metrics ? { metrics: perOutput(tc.metrics) as never } : {}), ...(isObject(lw) || Array.isArray(lw) ? { lossWeights: lw as never } : {}) });
      return null;
    }
    const loss = nameOf(Array.isArray(tc.loss) ? tc.loss[0] : tc.loss);
    if (!loss) throw new ConfigError(`unsupported loss ${JSON.stringify(tc.loss)}`);
    const metrics = (Array.isArray(tc.metrics) ? tc.metrics : []).flat().map(nameOf).filter((m): m is string => m !== null);
    // resolve the metrics first so a bad name leaves the model uncompiled rather than half compiled
    if (model.outputShape) for (const m of metrics) getMetric(m, getLoss(loss), model.outputShape[model.outputShape.length - 1]);
    model.compile({ optimizer, loss, metrics });
    return null;
  } catch (e) {
    return `the model is not compiled: its training config could not be used (${(e as Error).message})`;
  }
}

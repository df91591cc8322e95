// `compile` arguments per model output (Keras trainers/compile_utils.py CompileLoss / CompileMetrics): one loss
// for all outputs, a list with one per output, or an object keyed by output name (a missing output has no
// loss); `lossWeights` as a list or object (default 1); `metrics` as a flat list (one output), or a list with
// one entry per output / an object keyed by output name, each entry a metric or a list of metrics.
import { ConfigError, checkOptions } from '../errors.js';
import { getLoss, type Loss } from '../losses/losses.js';
import type { Metric } from '../metrics/metric.js';
import { getMetric } from '../metrics/metrics.js';
import type { Optimizer } from '../optimizers/optimizer.js';

export type LossSpec = string | Loss;
export type MetricSpec = string | Metric;

export interface CompileArgs {
  /** 'sgd' | 'adam' | 'rmsprop' | … or an optimizer object; default 'rmsprop' (as Keras). */
  optimizer?: string | Optimizer;
  /**
   * A loss name ('mse', 'huber', 'binary_crossentropy', …) or Loss object for every output; or one per output
   * (a list in output order, or an object keyed by output layer name; null = no loss for that output).
   */
  loss: LossSpec | (LossSpec | null)[] | Record<string, LossSpec | null>;
  /** Weight of each output's loss in the total (list or object by output name); default 1 each. */
  lossWeights?: number[] | Record<string, number>;
  /**
   * Metric names ('mae', 'accuracy', …) or Metric objects, logged under their names; with several outputs a
   * list with one entry per output or an object by output name (logged as '<output>_<metric>').
   */
  metrics?: MetricSpec[] | (MetricSpec | MetricSpec[] | null)[] | Record<string, MetricSpec | MetricSpec[]>;
}

/** What compile sets for one output. */
export interface OutputCompile {
  loss: Loss | null;
  weight: number;
  metrics: MetricSpec[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Spreads a per-output argument (list or by-name object) over the outputs; `single` decides a bare value. */
function perOutput<T>(what: string, value: unknown, names: readonly string[], isSingle: (v: unknown) => boolean, fill: T): (T | unknown)[] {
  if (isPlainObject(value) && !isSingle(value)) {
    for (const key of Object.keys(value)) {
      if (!names.includes(key)) throw new ConfigError(`compile: ${what} names output '${key}', but the model's outputs are ${names.map((n) => `'${n}'`).join(', ')}`);
    }
    return names.map((n) => (n in value ? value[n] : fill));
  }
  if (Array.isArray(value) && !isSingle(value)) {
    if (value.length !== names.length) throw new ConfigError(`compile: ${what} must have one entry per output (${names.length}: ${names.join(', ')}), got ${value.length}`);
    return value;
  }
  return names.map(() => value);
}

/** Resolves compile's loss, lossWeights and metrics for outputs named `names`. */
export function resolveCompile(args: CompileArgs, names: readonly string[]): OutputCompile[] {
  checkOptions('compile', args, ['optimizer', 'loss', 'metrics', 'lossWeights']);
  if (!args || args.loss === undefined) throw new ConfigError("compile needs a loss, e.g. compile({ optimizer: 'adam', loss: 'mse' })");
  const isLoss = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'object' && v !== null && typeof (v as Loss).rowLosses === 'function');
  const losses = perOutput('loss', args.loss, names, isLoss, null).map((l) => (l === null ? null : getLoss(l as LossSpec)));
  if (losses.every((l) => l === null)) throw new ConfigError('compile: no output has a loss');
  const weights = args.lossWeights === undefined ? names.map(() => 1) : perOutput('lossWeights', args.lossWeights, names, (v) => typeof v === 'number', 1);
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new ConfigError(`compile: lossWeights for output '${names[i]}' must be a finite number, got ${String(w)}`);
  });
  const metrics = resolveMetrics(args.metrics, names);
  return names.map((_, i) => {
    if (losses[i] === null && metrics[i].length > 0) throw new ConfigError(`compile: output '${names[i]}' has metrics but no loss; give it a loss (or a lossWeight of 0)`);
    for (const id of metrics[i]) getMetric(id, losses[i]!, 1); // unknown names fail here, not at the first fit
    return { loss: losses[i], weight: weights[i] as number, metrics: metrics[i] };
  });
}

function resolveMetrics(metrics: CompileArgs['metrics'], names: readonly string[]): MetricSpec[][] {
  if (metrics === undefined || metrics === null) return names.map(() => []);
  if (!Array.isArray(metrics) && !isPlainObject(metrics)) throw new ConfigError("compile: metrics must be a list, e.g. ['mae']");
  const asList = (v: unknown): MetricSpec[] => (v === null || v === undefined ? [] : Array.isArray(v) ? (v as MetricSpec[]) : [v as MetricSpec]);
  if (names.length === 1) {
    if (isPlainObject(metrics)) return [asList((perOutput('metrics', metrics, names, () => false, null) as unknown[])[0])];
    return [(metrics as unknown[]).flatMap((m) => asList(m))];
  }
  // Keras 3: with several outputs, a list has one entry (a metric or a list of metrics) per output
  return (perOutput('metrics', metrics, names, () => false, null) as unknown[]).map(asList);
}

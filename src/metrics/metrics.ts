// The metrics of Keras's `compile(metrics=[...])` for regression and classification, by class and by name.
// Error metrics reuse the loss kernels (without gradient); accuracies have their own row kernels.
import { ConfigError, checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { LossOptions } from '../kernels/ref/losses.js';
import type { FloatArray } from '../kernels/types.js';
import type { Loss } from '../losses/losses.js';
import { MeanMetric, Metric } from './metric.js';

export { Metric };

const NO_OPTIONS: LossOptions = { fromLogits: false, labelSmoothing: 0, delta: 1 };
type LossKernel = keyof ReturnType<typeof kernels>['losses'];
type MetricKernel = keyof ReturnType<typeof kernels>['metrics'];

interface NameArgs { name?: string }

/** Error metrics: the mean of a loss kernel's row values; smaller is better. */
export class ErrorMetric extends MeanMetric {
  readonly direction = 'down';
  constructor(className: string, name: string, private readonly kernel: LossKernel, args: NameArgs) {
    checkOptions(className, args, ['name']);
    super(args.name ?? name);
  }
  protected rowValues(v: FloatArray, p: FloatArray, t: FloatArray, rows: number, D: number): void {
    kernels().losses[this.kernel](v, null, p, t, rows, D, NO_OPTIONS);
  }
}

export class MeanSquaredError extends ErrorMetric {
  static override className = 'MeanSquaredError';
  constructor(args: NameArgs = {}) { super('MeanSquaredError', 'mean_squared_error', 'mse', args); }
}
export class MeanAbsoluteError extends ErrorMetric {
  static override className = 'MeanAbsoluteError';
  constructor(args: NameArgs = {}) { super('MeanAbsoluteError', 'mean_absolute_error', 'mae', args); }
}
export class MeanAbsolutePercentageError extends ErrorMetric {
  static override className = 'MeanAbsolutePercentageError';
  constructor(args: NameArgs = {}) { super('MeanAbsolutePercentageError', 'mean_absolute_percentage_error', 'mape', args); }
}
export class MeanSquaredLogarithmicError extends ErrorMetric {
  static override className = 'MeanSquaredLogarithmicError';
  constructor(args: NameArgs = {}) { super('MeanSquaredLogarithmicError', 'mean_squared_logarithmic_error', 'msle', args); }
}
export class LogCoshError extends ErrorMetric {
  static override className = 'LogCoshError';
  constructor(args: NameArgs = {}) { super('LogCoshError', 'logcosh', 'logCosh', args); }
}

/** √(weighted mean of squared errors) over the epoch (Keras RootMeanSquaredError). */
export class RootMeanSquaredError extends MeanSquaredError {
  static override className = 'RootMeanSquaredError';
  constructor(args: NameArgs = {}) {
    super({ name: 'root_mean_squared_error', ...args });
  }
  override result(): number {
    return Math.sqrt(super.result());
  }
}

/** Accuracy metrics: the mean of a row kernel; larger is better. `param` is the threshold or k. */
export class AccuracyMetric extends MeanMetric {
  readonly direction = 'up';
  constructor(name: string, private readonly kernel: MetricKernel, readonly param = 0, readonly sparseTargets = false) {
    super(name);
  }
  override get sparse(): boolean {
    return this.sparseTargets;
  }
  protected rowValues(v: FloatArray, p: FloatArray, t: FloatArray, rows: number, D: number): void {
    kernels().metrics[this.kernel](v, p, t, rows, D, this.param);
  }
}

/** Exact equality of predictions and targets. */
export class Accuracy extends AccuracyMetric {
  static override className = 'Accuracy';
  constructor(args: NameArgs = {}) {
    checkOptions('Accuracy', args, ['name']);
    super(args.name ?? 'accuracy', 'accuracy');
  }
}
/** (ŷ > threshold) == y; threshold default 0.5. */
export class BinaryAccuracy extends AccuracyMetric {
  static override className = 'BinaryAccuracy';
  constructor(args: NameArgs & { threshold?: number } = {}) {
    checkOptions('BinaryAccuracy', args, ['name', 'threshold']);
    super(args.name ?? 'binary_accuracy', 'binaryAccuracy', args.threshold ?? 0.5);
  }
}
/** argmax(ŷ) == argmax(y), one-hot targets. */
export class CategoricalAccuracy extends AccuracyMetric {
  static override className = 'CategoricalAccuracy';
  constructor(args: NameArgs = {}) {
    checkOptions('CategoricalAccuracy', args, ['name']);
    super(args.name ?? 'categorical_accuracy', 'categoricalAccuracy');
  }
}
/** argmax(ŷ) == label, integer targets. */
export class SparseCategoricalAccuracy extends AccuracyMetric {
  static override className = 'SparseCategoricalAccuracy';
  constructor(args: NameArgs = {}) {
    checkOptions('SparseCategoricalAccuracy', args, ['name']);
    super(args.name ?? 'sparse_categorical_accuracy', 'sparseCategoricalAccuracy', 0, true);
  }
}
/** The true class is among the k largest predictions; k default 5. */
export class TopKCategoricalAccuracy extends AccuracyMetric {
  static override className = 'TopKCategoricalAccuracy';
  constructor(args: NameArgs & { k?: number } = {}) {
    checkOptions('TopKCategoricalAccuracy', args, ['name', 'k']);
    super(args.name ?? 'top_k_categorical_accuracy', 'topKCategoricalAccuracy', args.k ?? 5);
  }
}

/**
 * Coefficient of determination over the epoch, per output column, averaged uniformly (Keras R2Score with
 * class_aggregation 'uniform_average'): 1 − Σw(y−ŷ)² / (Σwy² − (Σwy)²/Σw).
 */
export class R2Score extends Metric {
  static override className = 'R2Score';
  readonly direction = 'up';
  private sum = new Float64Array(0);
  private squares = new Float64Array(0);
  private residuals = new Float64Array(0);
  private count = new Float64Array(0);

  constructor(args: NameArgs = {}) {
    checkOptions('R2Score', args, ['name']);
    super(args.name ?? 'r2_score');
  }

  reset(): void {
    for (const a of [this.sum, this.squares, this.residuals, this.count]) a.fill(0);
  }

  update(p: FloatArray, t: FloatArray, rows: number, D: number, w: FloatArray | null): void {
    if (this.sum.length !== D) {
      [this.sum, this.squares, this.residuals, this.count] = [0, 0, 0, 0].map(() => new Float64Array(D));
    }
    for (let r = 0, i = 0; r < rows; r++) {
      const wr = w ? w[r] : 1;
      for (let j = 0; j < D; j++, i++) {
        const d = t[i] - p[i];
        this.sum[j] += wr * t[i];
        this.squares[j] += wr * t[i] * t[i];
        this.residuals[j] += wr * d * d;
        this.count[j] += wr;
      }
    }
  }

  result(): number {
    const D = this.sum.length;
    if (D === 0) return 0;
    let total = 0;
    for (let j = 0; j < D; j++) {
      const mean = this.count[j] === 0 ? 0 : this.sum[j] / this.count[j];
      const score = 1 - this.residuals[j] / (this.squares[j] - this.sum[j] * mean);
      total += Number.isFinite(score) ? score : 0; // Keras: infinite scores (constant targets) count as 0
    }
    return total / D;
  }
}

const byName: Record<string, () => Metric> = {
  mse: () => new MeanSquaredError(), meansquarederror: () => new MeanSquaredError(),
  mae: () => new MeanAbsoluteError(), meanabsoluteerror: () => new MeanAbsoluteError(),
  mape: () => new MeanAbsolutePercentageError(), meanabsolutepercentageerror: () => new MeanAbsolutePercentageError(),
  msle: () => new MeanSquaredLogarithmicError(), meansquaredlogarithmicerror: () => new MeanSquaredLogarithmicError(),
  logcosh: () => new LogCoshError(), logcosherror: () => new LogCoshError(),
  rootmeansquarederror: () => new RootMeanSquaredError(),
  r2score: () => new R2Score(),
  binaryaccuracy: () => new BinaryAccuracy(),
  categoricalaccuracy: () => new CategoricalAccuracy(),
  sparsecategoricalaccuracy: () => new SparseCategoricalAccuracy(),
  topkcategoricalaccuracy: () => new TopKCategoricalAccuracy(),
};

/** Names accepted by `compile({ metrics })` (case and underscores ignored), besides 'accuracy'/'acc'. */
export const metricNames = ['accuracy', 'acc', ...Object.keys(byName)];

/**
 * Resolves a metric for a compiled model. As Keras (trainers/compile_utils.py), 'accuracy'/'acc' becomes
 * binary accuracy for one output unit, sparse categorical accuracy for sparse targets, categorical otherwise;
 * a metric given by name is logged under that name.
 */
export function getMetric(id: string | Metric, loss: Loss, outputWidth: number): Metric {
  if (id instanceof Metric) return id;
  if (typeof id !== 'string') throw new ConfigError(`metrics must be names such as 'mae' or Metric objects, got ${typeof id}`);
  const key = id.replace(/_/g, '').toLowerCase();
  let metric: Metric;
  if (key === 'accuracy' || key === 'acc') {
    metric = outputWidth === 1 && !loss.sparse ? new BinaryAccuracy() : loss.sparse ? new SparseCategoricalAccuracy() : new CategoricalAccuracy();
  } else {
    const make = byName[key];
    if (!make) throw new ConfigError(`Unknown metric '${id}'. Known: ${metricNames.join(', ')}`);
    metric = make();
  }
  metric.name = id;
  return metric;
}

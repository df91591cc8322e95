// Loss functions with Keras's names, defaults and options. A loss computes one value per row (a row is one
// prediction vector along the last axis) and its gradient; losses/reduction.ts turns rows into the batch loss
// (sample weights, masks, Keras's `sum_over_batch_size`). The arithmetic lives in the kernels.
import { ConfigError, checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { LossOptions, RowLoss } from '../kernels/ref/losses.js';
import type { FloatArray } from '../kernels/types.js';

export interface Loss {
  /** Keras's snake_case name, e.g. 'mean_squared_error'. */
  readonly name: string;
  /** True when targets are integer class indices (one per row) rather than rows like the predictions. */
  readonly sparse: boolean;
  /** loss[r] for each of `rows` rows of D predictions; ∂loss[r]/∂ŷ into dy when given. */
  rowLosses(loss: FloatArray, dy: FloatArray | null, yPred: FloatArray, yTrue: FloatArray, rows: number, D: number): void;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
}

type KernelName = keyof ReturnType<typeof kernels>['losses'];

/** A loss backed by one row kernel of the active kernel set. */
export abstract class KernelLoss implements Loss {
  static className = 'Loss';
  readonly sparse: boolean = false;
  protected readonly options: LossOptions = { fromLogits: false, labelSmoothing: 0, delta: 1 };

  constructor(readonly name: string, private readonly kernel: KernelName) {}

  rowLosses(loss: FloatArray, dy: FloatArray | null, yPred: FloatArray, yTrue: FloatArray, rows: number, D: number): void {
    (kernels().losses[this.kernel] as RowLoss)(loss, dy, yPred, yTrue, rows, D, this.options);
  }

  getClassName(): string {
    return (this.constructor as typeof KernelLoss).className;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }
}

export interface NameArgs { name?: string }
export interface HuberArgs extends NameArgs { delta?: number }
export interface CrossentropyArgs extends NameArgs { fromLogits?: boolean; labelSmoothing?: number }
export interface SparseCrossentropyArgs extends NameArgs { fromLogits?: boolean }

export class MeanSquaredError extends KernelLoss {
  static override className = 'MeanSquaredError';
  constructor(args: NameArgs = {}) {
    checkOptions('MeanSquaredError', args, ['name']);
    super(args.name ?? 'mean_squared_error', 'mse');
  }
}
export class MeanAbsoluteError extends KernelLoss {
  static override className = 'MeanAbsoluteError';
  constructor(args: NameArgs = {}) {
    checkOptions('MeanAbsoluteError', args, ['name']);
    super(args.name ?? 'mean_absolute_error', 'mae');
  }
}
export class MeanAbsolutePercentageError extends KernelLoss {
  static override className = 'MeanAbsolutePercentageError';
  constructor(args: NameArgs = {}) {
    checkOptions('MeanAbsolutePercentageError', args, ['name']);
    super(args.name ?? 'mean_absolute_percentage_error', 'mape');
  }
}
export class MeanSquaredLogarithmicError extends KernelLoss {
  static override className = 'MeanSquaredLogarithmicError';
  constructor(args: NameArgs = {}) {
    checkOptions('MeanSquaredLogarithmicError', args, ['name']);
    super(args.name ?? 'mean_squared_logarithmic_error', 'msle');
  }
}
export class LogCosh extends KernelLoss {
  static override className = 'LogCosh';
  constructor(args: NameArgs = {}) {
    checkOptions('LogCosh', args, ['name']);
    super(args.name ?? 'log_cosh', 'logCosh');
  }
}
export class Poisson extends KernelLoss {
  static override className = 'Poisson';
  constructor(args: NameArgs = {}) {
    checkOptions('Poisson', args, ['name']);
    super(args.name ?? 'poisson', 'poisson');
  }
}
export class KLDivergence extends KernelLoss {
  static override className = 'KLDivergence';
  constructor(args: NameArgs = {}) {
    checkOptions('KLDivergence', args, ['name']);
    super(args.name ?? 'kl_divergence', 'kld');
  }
}
export class CosineSimilarity extends KernelLoss {
  static override className = 'CosineSimilarity';
  constructor(args: NameArgs = {}) {
    checkOptions('CosineSimilarity', args, ['name']);
    super(args.name ?? 'cosine_similarity', 'cosineSimilarity');
  }
}

/** Huber loss; delta default 1.0. */
export class Huber extends KernelLoss {
  static override className = 'Huber';
  constructor(args: HuberArgs = {}) {
    checkOptions('Huber', args, ['name', 'delta']);
    super(args.name ?? 'huber_loss', 'huber');
    this.options.delta = args.delta ?? 1;
    if (!(this.options.delta > 0)) throw new ConfigError(`Huber: delta must be > 0, got ${args.delta}`);
  }
  override getConfig(): Record<string, unknown> {
    return { name: this.name, delta: this.options.delta };
  }
}

/** Crossentropy with fromLogits and labelSmoothing. */
export class CrossentropyLoss extends KernelLoss {
  constructor(className: string, name: string, kernel: KernelName, args: CrossentropyArgs) {
    checkOptions(className, args, ['name', 'fromLogits', 'labelSmoothing']);
    super(args.name ?? name, kernel);
    this.options.fromLogits = args.fromLogits ?? false;
    this.options.labelSmoothing = args.labelSmoothing ?? 0;
    const s = this.options.labelSmoothing;
    if (!(s >= 0 && s <= 1)) throw new ConfigError(`${className}: labelSmoothing must be in [0, 1], got ${s}`);
  }
  override getConfig(): Record<string, unknown> {
    return { name: this.name, fromLogits: this.options.fromLogits, labelSmoothing: this.options.labelSmoothing };
  }
}

export class BinaryCrossentropy extends CrossentropyLoss {
  static override className = 'BinaryCrossentropy';
  constructor(args: CrossentropyArgs = {}) { super('BinaryCrossentropy', 'binary_crossentropy', 'binaryCrossentropy', args); }
}
export class CategoricalCrossentropy extends CrossentropyLoss {
  static override className = 'CategoricalCrossentropy';
  constructor(args: CrossentropyArgs = {}) { super('CategoricalCrossentropy', 'categorical_crossentropy', 'categoricalCrossentropy', args); }
}

/** Targets are class indices (shape [..., 1] or [...]) against predictions of shape [..., classes]. */
export class SparseCategoricalCrossentropy extends KernelLoss {
  static override className = 'SparseCategoricalCrossentropy';
  override readonly sparse = true;
  constructor(args: SparseCrossentropyArgs = {}) {
    checkOptions('SparseCategoricalCrossentropy', args, ['name', 'fromLogits']);
    super(args.name ?? 'sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy');
    this.options.fromLogits = args.fromLogits ?? false;
  }
  override getConfig(): Record<string, unknown> {
    return { name: this.name, fromLogits: this.options.fromLogits };
  }
}

const byName: Record<string, () => Loss> = {
  mse: () => new MeanSquaredError(), meansquarederror: () => new MeanSquaredError(),
  mae: () => new MeanAbsoluteError(), meanabsoluteerror: () => new MeanAbsoluteError(),
  mape: () => new MeanAbsolutePercentageError(), meanabsolutepercentageerror: () => new MeanAbsolutePercentageError(),
  msle: () => new MeanSquaredLogarithmicError(), meansquaredlogarithmicerror: () => new MeanSquaredLogarithmicError(),
  huber: () => new Huber(), huberloss: () => new Huber(),
  logcosh: () => new LogCosh(),
  poisson: () => new Poisson(),
  kld: () => new KLDivergence(), kldivergence: () => new KLDivergence(), kullbackleiblerdivergence: () => new KLDivergence(),
  cosinesimilarity: () => new CosineSimilarity(),
  bce: () => new BinaryCrossentropy(), binarycrossentropy: () => new BinaryCrossentropy(),
  categoricalcrossentropy: () => new CategoricalCrossentropy(),
  sparsecategoricalcrossentropy: () => new SparseCategoricalCrossentropy(),
};

/** Canonical name keys accepted by `getLoss` (case and underscores ignored). */
export const lossNames = Object.keys(byName);

/** Resolves 'mse', 'mean_squared_error', 'MeanSquaredError', 'huber', 'bce', … (case and underscores ignored, as Keras). */
export function getLoss(id: string | Loss): Loss {
  if (typeof id === 'object' && id !== null && typeof id.rowLosses === 'function') return id;
  if (typeof id !== 'string') throw new ConfigError(`loss must be a name such as 'mse' or a Loss object, got ${typeof id}`);
  const make = byName[id.replace(/_/g, '').toLowerCase()];
  if (!make) throw new ConfigError(`Unknown loss '${id}'. Known: ${lossNames.join(', ')}`);
  return make();
}

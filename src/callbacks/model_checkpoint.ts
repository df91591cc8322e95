// ModelCheckpoint (Keras callbacks/model_checkpoint.py): saves the model (or its weights) at the end of each
// epoch, or only when the monitored value improves. The filepath may hold `{epoch}` (1-based, as Keras) and
// any log value with a Python-style format: 'ckpt/epoch-{epoch:02d}-{val_loss:.4f}.keras'.
// Full saves include the optimizer state, so `fit` resumed from a checkpoint continues exactly.
import { ConfigError, checkOptions } from '../errors.js';
import { Callback, type Logs } from './callback.js';
import { checkMode, monitorMaximizes, type Mode } from './monitor.js';

export interface ModelCheckpointArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  verbose?: 0 | 1;
  /** Save only when the monitored value improves; default false. */
  saveBestOnly?: boolean;
  /** Save only the weights (the path must end in .weights.h5); default false. */
  saveWeightsOnly?: boolean;
  mode?: Mode;
  /** With saveBestOnly: the value to beat before the first save. */
  initialValueThreshold?: number | null;
}

/** Fills `{name}` / `{name:spec}` placeholders (spec: 0Nd, .Nf, .Ne) from the epoch and the logs. */
export function formatFilepath(template: string, epoch: number, logs: Logs): string {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (_m, key: string, spec?: string) => {
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    if (value === undefined) throw new ConfigError(`ModelCheckpoint: filepath uses {${key}}, which is not in the logs (${['epoch', ...Object.keys(logs)].join(', ')})`);
    if (!spec) return String(value);
    const m = /^(0?)(\d*)(?:\.(\d+))?([dfe])$/.exec(spec);
    if (!m) throw new ConfigError(`ModelCheckpoint: unsupported format '{${key}:${spec}}' (use d, .Nf or .Ne)`);
    const [, zero, width, precision, type] = m;
    const text = type === 'd' ? String(Math.round(value)) : type === 'f' ? value.toFixed(Number(precision ?? 6)) : value.toExponential(Number(precision ?? 6));
    return width ? text.padStart(Number(width), zero ? '0' : ' ') : text;
  });
}

export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly verbose: 0 | 1;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: Mode;
  best: number | null;
  private readonly threshold: number | null;

  constructor(readonly filepath: string, args: ModelCheckpointArgs = {}) {
    super();
    checkOptions('ModelCheckpoint', args, ['monitor', 'verbose', 'saveBestOnly', 'saveWeightsOnly', 'mode', 'initialValueThreshold']);
    if (typeof filepath !== 'string' || filepath.length === 0) throw new ConfigError('ModelCheckpoint needs a filepath');
    this.monitor = args.monitor ?? 'val_loss';
    this.verbose = args.verbose ?? 0;
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.mode = checkMode('ModelCheckpoint', args.mode ?? 'auto');
    this.threshold = args.initialValueThreshold ?? null;
    this.best = this.threshold;
    if (this.saveWeightsOnly && !filepath.endsWith('.weights.h5')) throw new ConfigError(`ModelCheckpoint: with saveWeightsOnly the filepath must end in .weights.h5, got '${filepath}'`);
  }

  override onTrainBegin(): void {
    this.best = this.threshold;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const model = this.requireModel();
    const path = formatFilepath(this.filepath, epoch, logs);
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`ModelCheckpoint: can save best model only with '${this.monitor}' available, skipping. Available: ${Object.keys(logs).join(', ')}`);
        return;
      }
      // Keras: 'auto' without a known direction treats the value as one to minimize
      const maximize = monitorMaximizes(model, this.monitor, this.mode) ?? false;
      if (this.best !== null && !(maximize ? current > this.best : current < this.best)) {
        if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best}`);
        return;
      }
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${this.best ?? (maximize ? -Infinity : Infinity)} to ${current}, saving model to ${path}`);
      this.best = current;
    } else if (this.verbose > 0) {
      console.log(`\nEpoch ${epoch + 1}: saving model to ${path}`);
    }
    if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path, { includeOptimizer: true });
  }
}

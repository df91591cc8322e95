// EarlyStopping (Keras callbacks/early_stopping.py): stop when the monitored value has not improved by
// more than minDelta for `patience` epochs; optionally restore the weights of the best epoch at the end.
import { ConfigError, checkOptions } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Callback, type Logs } from './callback.js';
import { checkMode, monitorMaximizes, type Mode } from './monitor.js';

export interface EarlyStoppingArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement; default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping; default 0. */
  patience?: number;
  verbose?: 0 | 1;
  mode?: Mode;
  /** Training stops unless the value beats this baseline within `patience` epochs. */
  baseline?: number | null;
  /** Restore the weights of the best epoch when training ends; default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts; default 0. */
  startFromEpoch?: number;
}

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly mode: Mode;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly minDeltaAbs: number;
  private maximize: boolean | null = null;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    checkOptions('EarlyStopping', args, ['monitor', 'minDelta', 'patience', 'verbose', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch']);
    this.monitor = args.monitor ?? 'val_loss';
    this.minDeltaAbs = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.verbose = args.verbose ?? 0;
    this.mode = checkMode('EarlyStopping', args.mode ?? 'auto');
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ConfigError(`EarlyStopping: patience must be an integer >= 0, got ${args.patience}`);
  }

  // Keras keeps `best` across fits; rnnkit starts every fit afresh so a reused callback behaves the same each time
  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = null;
    this.bestEpoch = 0;
    this.maximize = null;
  }

  private improves(value: number, reference: number): boolean {
    return this.maximize ? value - this.minDeltaAbs > reference : value + this.minDeltaAbs < reference;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const model = this.requireModel();
    if (this.maximize === null) {
      this.maximize = monitorMaximizes(model, this.monitor, this.mode);
      if (this.maximize === null) {
        throw new ConfigError(`EarlyStopping: cannot tell whether '${this.monitor}' should be minimized or maximized; pass mode: 'min' or 'max'`);
      }
      this.best = this.maximize ? -Infinity : Infinity;
    }
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`EarlyStopping conditioned on '${this.monitor}', which is not available. Available: ${Object.keys(logs).join(', ')}`);
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.getWeights();
      // the wait restarts only when the value beats both the previous best and the baseline
      if (this.baseline === null || this.improves(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.requireModel().setWeights(this.bestWeights);
    }
  }
}

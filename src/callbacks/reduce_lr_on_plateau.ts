// ReduceLROnPlateau (Keras callbacks/reduce_lr_on_plateau.py): multiply the learning rate by `factor` when
// the monitored value has not improved for `patience` epochs, then wait `cooldown` epochs.
import { ConfigError, checkOptions } from '../errors.js';
import { Callback, type Logs } from './callback.js';
import { checkMode, type Mode } from './monitor.js';

export interface ReduceLROnPlateauArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** Default 0.1; must be < 1. */
  factor?: number;
  /** Default 10. */
  patience?: number;
  verbose?: 0 | 1;
  mode?: Mode;
  /** Default 1e-4. */
  minDelta?: number;
  /** Default 0. */
  cooldown?: number;
  /** Default 0. */
  minLr?: number;
}

export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly mode: Mode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  private maximize = false;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    checkOptions('ReduceLROnPlateau', args, ['monitor', 'factor', 'patience', 'verbose', 'mode', 'minDelta', 'cooldown', 'minLr']);
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    this.patience = args.patience ?? 10;
    this.verbose = args.verbose ?? 0;
    this.mode = checkMode('ReduceLROnPlateau', args.mode ?? 'auto');
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    if (!(this.factor < 1)) throw new ConfigError(`ReduceLROnPlateau does not support a factor >= 1, got ${this.factor}`);
  }

  override onTrainBegin(): void {
    // Keras: 'auto' maximizes when the monitored name contains "acc"
    this.maximize = this.mode === 'max' || (this.mode === 'auto' && this.monitor.includes('acc'));
    this.best = this.maximize ? -Infinity : Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const optimizer = this.requireModel().optimizer!;
    logs.learning_rate = optimizer.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`ReduceLROnPlateau conditioned on '${this.monitor}', which is not available. Available: ${Object.keys(logs).join(', ')}`);
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    const better = this.maximize ? current > this.best + this.minDelta : current < this.best - this.minDelta;
    if (better) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = optimizer.learningRate;
        if (old > Math.fround(this.minLr)) {
          const next = Math.max(old * this.factor, this.minLr);
          optimizer.learningRate = next;
          if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

// History: the callback fit always adds and returns (Keras callbacks/history.py): per-epoch logs by name.
import { Callback, type Logs } from './callback.js';

export class History extends Callback {
  /** Epoch indices (0-based), one per completed epoch. */
  readonly epoch: number[] = [];
  /** Per-epoch values by name: `history.loss[i]` is the loss of epoch i, `history.val_loss[i]` its validation loss. */
  readonly history: Record<string, number[]> = {};

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.record(epoch, logs);
  }

  /** Appends one epoch's logs. */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

// History: what `fit` returns (Keras callbacks/history.py): per-epoch logs keyed by metric name.
export class History {
  /** Epoch indices (0-based), one per completed epoch. */
  readonly epoch: number[] = [];
  /** Per-epoch values by name: `history.loss[i]` is the loss of epoch i. */
  readonly history: Record<string, number[]> = {};
  /** The fit arguments that produced it. */
  params: Record<string, unknown> = {};

  /** Appends one epoch's logs. */
  record(epoch: number, logs: Record<string, number>): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

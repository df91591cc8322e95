// Metric base (Keras metrics/metric.py): a stateful accumulator over an epoch — reset, update with each
// batch, read the result. Updates take rows (prediction vectors along the last axis) and optional row
// weights (the timestep mask), and allocate nothing once their buffer fits the batch.
import type { FloatArray } from '../kernels/types.js';
import { floats } from '../memory/precision.js';

export abstract class Metric {
  static className = 'Metric';
  /** Whether larger is better ('up', accuracies and R²) or smaller ('down', errors); EarlyStopping's 'auto' mode reads it. */
  abstract readonly direction: 'up' | 'down';
  /** True when targets are class indices (one per row). */
  get sparse(): boolean {
    return false;
  }

  constructor(public name: string) {}

  getClassName(): string {
    return (this.constructor as typeof Metric).className;
  }

  abstract reset(): void;
  abstract update(yPred: FloatArray, yTrue: FloatArray, rows: number, D: number, w: FloatArray | null): void;
  abstract result(): number;
}

/** A metric that is the weighted mean of a per-row value (Keras MeanMetricWrapper). */
export abstract class MeanMetric extends Metric {
  protected total = 0;
  protected count = 0;
  private values: FloatArray = floats(0);

  /** values[r] = the metric of row r. */
  protected abstract rowValues(values: FloatArray, yPred: FloatArray, yTrue: FloatArray, rows: number, D: number): void;

  reset(): void {
    this.total = 0;
    this.count = 0;
  }

  update(yPred: FloatArray, yTrue: FloatArray, rows: number, D: number, w: FloatArray | null): void {
    if (this.values.length < rows) this.values = floats(rows);
    this.rowValues(this.values, yPred, yTrue, rows, D);
    for (let r = 0; r < rows; r++) {
      const wr = w ? w[r] : 1;
      this.total += wr * this.values[r];
      this.count += wr;
    }
  }

  result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
}

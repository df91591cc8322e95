// What `compile` configures, applied to one batch: the loss reduced over rows with the timestep mask and
// sample weights (Keras losses/loss.py), and the compiled metrics (Keras trainers/compile_utils.py). A row
// is one output vector along the last axis: an output of shape [B, T, D] has B·T rows of D values.
import { ConfigError } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { Loss } from '../losses/losses.js';
import { maskedWeights, reduceRows } from '../losses/reduction.js';
import { floats } from '../memory/precision.js';
import type { Metric } from '../metrics/metric.js';
import { getMetric } from '../metrics/metrics.js';
import { sizeOf } from '../tensor/tensor.js';

/** Rows per sample and values per row of an output shape (without batch). */
export function rowLayout(outShape: readonly number[]): { rowsPerSample: number; width: number } {
  const width = outShape[outShape.length - 1];
  return { rowsPerSample: sizeOf(outShape) / width, width };
}

export class Compiled {
  readonly metrics: Metric[];
  private rowLoss: FloatArray = floats(0);
  private lossWeights: FloatArray = floats(0);
  private metricWeights: FloatArray = floats(0);

  /** Rows per sample and values per row of the model's output (computed per output shape: steps allocate nothing). */
  private rowsPerSample: number;
  private width: number;
  private outShape: readonly number[];

  constructor(readonly loss: Loss, metricIds: (string | Metric)[], outShape: readonly number[]) {
    const { rowsPerSample, width } = rowLayout(outShape);
    this.rowsPerSample = rowsPerSample;
    this.width = width;
    this.outShape = outShape;
    this.metrics = metricIds.map((id) => getMetric(id, loss, width));
    for (const m of this.metrics) {
      if (m.sparse !== loss.sparse) {
        throw new ConfigError(`metric '${m.name}' expects ${m.sparse ? 'integer class labels' : 'targets shaped like the outputs'}, but loss '${loss.name}' uses ${loss.sparse ? 'integer class labels' : 'targets shaped like the outputs'}`);
      }
    }
    const names = new Set<string>(['loss']);
    for (const m of this.metrics) {
      if (names.has(m.name)) throw new ConfigError(`two metrics are named '${m.name}'; give one a different name`);
      names.add(m.name);
    }
  }

  /** Follows a new output shape of the same width (a variable-length time axis); metrics keep their state. */
  setOutputShape(outShape: readonly number[]): void {
    if (outShape === this.outShape) return;
    const { rowsPerSample, width } = rowLayout(outShape);
    if (width !== this.width) throw new ConfigError(`the output width changed from ${this.width} to ${width}; compile again`);
    this.rowsPerSample = rowsPerSample;
    this.outShape = outShape;
  }

  private grow(rows: number): void {
    if (this.rowLoss.length >= rows) return;
    this.rowLoss = floats(rows);
    this.lossWeights = floats(rows);
    this.metricWeights = floats(rows);
  }

  /**
   * The loss of one batch of B samples, and dL/dŷ into dy when given. `mask` (B·T entries, sequence outputs
   * only) drops masked timesteps as Keras apply_mask does; `sampleWeights` holds one weight per row.
   */
  batchLoss(dy: FloatArray | null, out: FloatArray, y: FloatArray, B: number, outShape: readonly number[], mask: Uint8Array | null, sampleWeights: FloatArray | null): number {
    const rowsPerSample = this.rowsPerSample, width = this.width;
    const rows = B * rowsPerSample;
    this.grow(rows);
    this.loss.rowLosses(this.rowLoss, dy, out, y, rows, width);
    let w = sampleWeights;
    if (mask && outShape.length >= 2) {
      maskedWeights(this.lossWeights, mask, rowsPerSample / outShape[0], sampleWeights, rows);
      w = this.lossWeights;
    }
    return reduceRows(this.rowLoss, dy, rows, width, w);
  }

  /** Adds one batch to every metric (masked timesteps carry weight 0; sample weights are not applied, as Keras's `metrics`). */
  updateMetrics(out: FloatArray, y: FloatArray, B: number, outShape: readonly number[], mask: Uint8Array | null): void {
    if (this.metrics.length === 0) return;
    const rowsPerSample = this.rowsPerSample, width = this.width;
    const rows = B * rowsPerSample;
    this.grow(rows);
    let w: FloatArray | null = null;
    if (mask && outShape.length >= 2) {
      const group = rowsPerSample / outShape[0];
      for (let r = 0; r < rows; r++) this.metricWeights[r] = mask[Math.floor(r / group)] !== 0 ? 1 : 0;
      w = this.metricWeights;
    }
    for (const m of this.metrics) m.update(out, y, rows, width, w);
  }

  resetMetrics(): void {
    for (const m of this.metrics) m.reset();
  }

  /** Writes each metric's result into logs under prefix + name. */
  metricLogs(logs: Record<string, number>, prefix = ''): void {
    for (const m of this.metrics) logs[prefix + m.name] = m.result();
  }
}

// Turns user data (Tensors or nested arrays) into validated tensors for fit/evaluate/predict, and copies
// batches into preallocated buffers. Checks: shapes against the model, x/y length agreement, finiteness.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import { Tensor, assertFinite, sizeOf, tensor, type TensorLike } from '../tensor/tensor.js';

/** Converts `x` and checks it has samples and only finite values. */
export function toInput(x: TensorLike, what = 'x'): Tensor {
  if (x === undefined || x === null) throw new ValueError(`${what} is required`);
  const t = tensor(x);
  if (t.rank === 0 || t.shape[0] === 0) throw new ShapeError(`${what} must hold at least one sample, got shape ${fmtShape(t.shape)}`);
  assertFinite(t, what);
  return t;
}

/**
 * Converts `y` to the model's output shape [n, ...outputShape]. As Keras, a target of shape [n] is read as
 * [n, 1] when the model outputs one value per sample. For sparse losses (integer class labels) the target
 * has one label per output row: shape [n, ...outputShape[:-1], 1] or [n, ...outputShape[:-1]].
 */
export function toTarget(y: TensorLike, outputShape: readonly number[], n: number, sparse = false, what = 'y'): Tensor {
  let t = toInput(y, what);
  if (t.shape[0] !== n) {
    throw new ShapeError(`x and ${what} must have the same number of samples: x has ${n}, ${what} has ${t.shape[0]}`);
  }
  const classes = outputShape[outputShape.length - 1];
  const expected = sparse ? [n, ...outputShape.slice(0, -1), 1] : [n, ...outputShape];
  if (t.rank === expected.length - 1 && expected[expected.length - 1] === 1) t = t.reshape(expected);
  if (t.rank !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
    const needs = sparse ? `${what} must hold one integer class label per output row, shape` : `${what} must have shape`;
    throw new ShapeError(`${needs} ${fmtShape(expected)} to match the model output ${fmtShape([n, ...outputShape])}, got ${fmtShape(t.shape)}`);
  }
  if (sparse) {
    const bad = t.data.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= classes);
    if (bad >= 0) throw new ValueError(`${what} must hold integer class labels in [0, ${classes - 1}] for a sparse loss, got ${t.data[bad]} at flat index ${bad}`);
  }
  return t;
}

/** Samples [start, end) of a tensor, as a view (no copy). */
export function sliceSamples(t: Tensor, start: number, end: number): Tensor {
  const size = sampleSize(t);
  return new Tensor(t.data.subarray(start * size, end * size), [end - start, ...t.shape.slice(1)]);
}

/** Values per sample of a tensor (product of the non-batch axes). */
export function sampleSize(t: Tensor): number {
  return sizeOf(t.shape.slice(1));
}

/** dst[0 .. count) rows = src rows order[start .. start+count) (rows of `rowSize` values). No allocation. */
export function gatherRows(dst: FloatArray, src: Float32Array, order: Int32Array, start: number, count: number, rowSize: number): void {
  for (let r = 0; r < count; r++) {
    const from = order[start + r] * rowSize;
    const to = r * rowSize;
    for (let j = 0; j < rowSize; j++) dst[to + j] = src[from + j];
  }
}

/** Validates a positive integer option such as batchSize or epochs. */
export function positiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

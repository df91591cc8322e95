// Windowing of time series: an equivalent of `keras.utils.timeseries_dataset_from_array`, and the
// tutorial helper "a window of n values predicts the next one".
import { ConfigError, ShapeError, ValueError, checkOptions, fmtShape } from '../errors.js';
import { Tensor, assertFinite, sizeOf, tensor, type TensorLike } from '../tensor/tensor.js';

export interface TimeseriesArgs {
  /** Steps between the starts of consecutive windows; default 1. */
  sequenceStride?: number;
  /** Steps between the values inside one window; default 1. */
  samplingRate?: number;
  /** First time index used (inclusive); default 0. */
  startIndex?: number;
  /** Last time index used (exclusive); default the data length. */
  endIndex?: number;
}

/**
 * Windows of `sequenceLength` steps from `data` (axis 0 is time). Window i starts at
 * startIndex + i·sequenceStride and takes every samplingRate-th step; `targets[startIndex + start]` is its
 * target (Keras: targets[i] belongs to the window *starting* at i — to predict the next value, pass
 * `data.slice(sequenceLength)` as targets).
 *
 * Keras returns a batched tf.data.Dataset; rnnkit returns every window at once as `{ x, y }` because `fit`
 * batches and shuffles by itself. x is [n, sequenceLength] for 1-D data and [n, sequenceLength, ...features]
 * otherwise (as Keras); y is [n, ...target shape], or absent when targets is null.
 */
export function timeseriesDatasetFromArray(
  data: TensorLike, targets: TensorLike | null, sequenceLength: number, args: TimeseriesArgs = {},
): { x: Tensor; y?: Tensor } {
  checkOptions('timeseriesDatasetFromArray', args, ['sequenceStride', 'samplingRate', 'startIndex', 'endIndex']);
  const d = tensor(data);
  assertFinite(d, 'data');
  const len = d.shape[0];
  const stride = args.sequenceStride ?? 1;
  const rate = args.samplingRate ?? 1;
  const startIndex = args.startIndex ?? 0;
  const endIndex = args.endIndex ?? len;
  const int = (v: number, name: string, lo: number, hi: number): void => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new ConfigError(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  };
  int(sequenceLength, 'sequenceLength', 1, len);
  int(stride, 'sequenceStride', 1, Math.max(1, len - 1));
  int(rate, 'samplingRate', 1, Math.max(1, len - 1));
  int(startIndex, 'startIndex', 0, len - 1);
  int(endIndex, 'endIndex', startIndex + 1, len);

  let numSeqs = endIndex - startIndex - (sequenceLength - 1) * rate;
  let t: Tensor | null = null;
  if (targets !== null && targets !== undefined) {
    t = tensor(targets);
    assertFinite(t, 'targets');
    numSeqs = Math.min(numSeqs, t.shape[0] - startIndex);
  }
  if (numSeqs <= 0) {
    throw new ValueError(`No complete window: ${endIndex - startIndex} steps cannot hold a window of ${sequenceLength} steps at samplingRate ${rate}`);
  }
  const starts: number[] = [];
  for (let p = 0; p < numSeqs; p += stride) starts.push(startIndex + p);

  const step = sizeOf(d.shape.slice(1));
  const x = new Float32Array(starts.length * sequenceLength * step);
  starts.forEach((s, i) => {
    for (let k = 0; k < sequenceLength; k++) {
      const from = (s + k * rate) * step;
      x.set(d.data.subarray(from, from + step), (i * sequenceLength + k) * step);
    }
  });
  const xt = new Tensor(x, [starts.length, sequenceLength, ...d.shape.slice(1)]);
  if (!t) return { x: xt };
  const tStep = sizeOf(t.shape.slice(1));
  const y = new Float32Array(starts.length * tStep);
  starts.forEach((s, i) => y.set(t!.data.subarray(s * tStep, (s + 1) * tStep), i * tStep));
  return { x: xt, y: new Tensor(y, [starts.length, ...t.shape.slice(1)]) };
}

/**
 * The Keras RNN tutorial's windows: each run of `windowSize` consecutive values predicts the value after it.
 * From n values: x [n − windowSize, windowSize, 1], y [n − windowSize].
 */
export function slidingWindows(series: readonly number[] | Float32Array | Float64Array, windowSize: number): { x: Tensor; y: Tensor } {
  if (!Number.isInteger(windowSize) || windowSize < 1) throw new ConfigError(`windowSize must be a positive integer, got ${windowSize}`);
  if (series.length <= windowSize) {
    throw new ShapeError(`slidingWindows needs more than ${windowSize} values to make one window and its target, got ${fmtShape([series.length])}`);
  }
  const values = Float32Array.from(series);
  const { x, y } = timeseriesDatasetFromArray(values, values.subarray(windowSize), windowSize);
  return { x: x.reshape([x.shape[0], windowSize, 1]), y: y! };
}

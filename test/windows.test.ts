// timeseriesDatasetFromArray against the semantics and examples of keras.utils.timeseries_dataset_from_array.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, ValueError, slidingWindows, timeseriesDatasetFromArray } from '../src/index.js';

test('windows of 10 at sampling rate 2: targets[i] belongs to the window starting at i', () => {
  // num_seqs = 100 − 9·2 = 82, clipped to len(targets) = 80 (Keras _timeseries_dataset_tf); the first window is
  // [0, 2, …, 18] with target data[0 + 20] = 20.
  const data = Array.from({ length: 100 }, (_, i) => i);
  const offset = 10 * 2;
  const { x, y } = timeseriesDatasetFromArray(data, data.slice(offset), 10, { samplingRate: 2 });
  assert.deepEqual(x.shape, [80, 10]);
  assert.deepEqual(Array.from(x.data.subarray(0, 10)), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  assert.equal(y!.data[0], 20);
  assert.deepEqual(Array.from(x.data.subarray(790, 800)), [79, 81, 83, 85, 87, 89, 91, 93, 95, 97]);
  assert.equal(y!.data[79], 99);
});

test('stride, start and end index select the windows Keras selects', () => {
  const data = Array.from({ length: 20 }, (_, i) => [i, -i]);
  // num_seqs = end − start − (L − 1)·rate = 15 − 2 − 3 = 10 → starts 2, 5, 8, 11
  const { x, y } = timeseriesDatasetFromArray(data, null, 4, { sequenceStride: 3, startIndex: 2, endIndex: 15 });
  assert.equal(y, undefined);
  assert.deepEqual(x.shape, [4, 4, 2]);
  assert.deepEqual(Array.from(x.data.subarray(0, 8)), [2, -2, 3, -3, 4, -4, 5, -5]);
  assert.deepEqual(Array.from(x.data.subarray(24, 32)), [11, -11, 12, -12, 13, -13, 14, -14]);
});

test('slidingWindows gives the tutorial data: 0..99 → x [90, 10, 1], y [90], y[i] = i + 10', () => {
  const { x, y } = slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);
  assert.deepEqual(x.shape, [90, 10, 1]);
  assert.deepEqual(y.shape, [90]);
  assert.deepEqual(Array.from(x.data.subarray(10, 20)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(y.data[0], 10);
  assert.equal(y.data[89], 99);
});

test('bad windowing arguments are clear errors', () => {
  assert.throws(() => slidingWindows([1, 2, 3], 3), /needs more than 3 values/);
  assert.throws(() => timeseriesDatasetFromArray([1, 2, 3, 4], null, 2, { samplingRate: 0 }), ConfigError);
  assert.throws(() => timeseriesDatasetFromArray([1, 2, NaN, 4], null, 2), (e: Error) => e instanceof ValueError && /NaN at index \[2\]/.test(e.message));
  assert.throws(() => timeseriesDatasetFromArray([1, 2, 3], null, 2, { stride: 1 } as never), /unknown option 'stride'/);
});

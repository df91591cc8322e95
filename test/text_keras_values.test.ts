// Keras's own test cases for the text layers (keras/src/layers/…/*_test.py, Keras 3), replayed: Embedding
// test_correctness, LeakyReLU test_leaky_relu_correctness, GlobalAveragePooling1D's masked np_gap1d reference,
// BatchNormalization test_correctness (momentum 0, three training calls on data centred on 5 with scale 10).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as rk from '../src/index.js';
import { BatchNormalization, Embedding, GlobalAveragePooling1D, LeakyReLU, tensor } from '../src/index.js';
import { assertClose, randomArray } from './helpers.js';

test('Keras embedding_test.py test_correctness: rows of [[0, 0], [2, 2], [3, 3]] looked up by [2, 1, 0]', () => {
  const layer = new Embedding({ inputDim: 3, outputDim: 2 });
  layer.build([1]);
  layer.setWeights([[[0, 0], [2, 2], [3, 3]]]);
  assert.deepEqual(Array.from((layer.apply([[2], [1], [0]]) as rk.Tensor).data), [3, 3, 2, 2, 0, 0]);
});

test('Keras leaky_relu_test.py: negative_slope 0.5 on [-10, -5, 0, 5, 10] gives [-5, -2.5, 0, 5, 10]', () => {
  assert.deepEqual(Array.from((new LeakyReLU({ negativeSlope: 0.5 }).apply([[-10, -5, 0, 5, 10]]) as rk.Tensor).data), [-5, -2.5, 0, 5, 10]);
});

test("Keras global_average_pooling_test.py: mask [[1, 1, 0], [0, 1, 0]] against its np_gap1d (Σ m·x / Σ m)", () => {
  const x = Array.from(randomArray(2 * 3 * 4, 3));
  const mask = [[1, 1, 0], [0, 1, 0]];
  const out = new GlobalAveragePooling1D().apply(tensor(x, [2, 3, 4]), { mask }) as rk.Tensor;
  const expected: number[] = [];
  for (let b = 0; b < 2; b++) {
    for (let c = 0; c < 4; c++) {
      let s = 0, n = 0;
      for (let t = 0; t < 3; t++) { s += x[(b * 3 + t) * 4 + c] * mask[b][t]; n += mask[b][t]; }
      expected.push(s / n);
    }
  }
  assertClose(out.data, expected, { rtol: 1e-6, atol: 1e-7, what: 'masked mean' });
});

test('Keras batch_normalization_test.py test_correctness: momentum 0, three training calls, then inference = training', () => {
  for (const [shape, init] of [[[10, 4], 'zeros'], [[10, 4, 3], 'ones']] as const) {
    const layer = new BatchNormalization({ momentum: 0, movingMeanInitializer: init, movingVarianceInitializer: init });
    const u = randomArray(shape.reduce((a, b) => a * b, 1) * 2, 11, 1e-9, 1);
    // normal(5, 10) by Box–Muller from a fixed uniform stream
    const x = tensor(Array.from({ length: u.length / 2 }, (_, i) => 5 + 10 * Math.sqrt(-2 * Math.log(u[2 * i])) * Math.cos(2 * Math.PI * u[2 * i + 1])), [...shape]);
    let out = x;
    for (let k = 0; k < 3; k++) out = layer.apply(out, { training: true }) as rk.Tensor;
    const C = shape[shape.length - 1], rows = out.data.length / C;
    for (let c = 0; c < C; c++) {
      const col = Array.from({ length: rows }, (_, r) => out.data[r * C + c]); // gamma 1, beta 0
      const mean = col.reduce((a, b) => a + b, 0) / rows;
      const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / rows);
      assert.ok(Math.abs(mean) < 1e-3 && Math.abs(std - 1) < 1e-3, `channel ${c}: mean ${mean}, std ${std}`);
      assert.ok(Math.abs(layer.getWeights()[2].data[c]) < 1e-3 && Math.abs(layer.getWeights()[3].data[c] - 1) < 1e-3, 'moving statistics of normalized data');
    }
    // inference before training on x differs; with momentum 0, inference after a training call matches it
    const before = layer.apply(x) as rk.Tensor;
    const training = layer.apply(x, { training: true }) as rk.Tensor;
    assert.ok(before.data.some((v, i) => Math.abs(v - training.data[i]) > 1e-2));
    assertClose((layer.apply(x) as rk.Tensor).data, training.data, { rtol: 1e-4, atol: 1e-4, what: 'inference after training' });
  }
});

// Conv1D and the 1-D pooling layers (issue 12): forward against TF.js's conv1d / maxPooling1d /
// averagePooling1d / globalMaxPooling1d / globalAveragePooling1d (the oracle; TF.js uses TensorFlow's padding
// rule as Keras on its TensorFlow backend) for every padding, stride and dilation; the masked mean of
// GlobalAveragePooling1D against a hand-computed value (Keras 3 global_average_pooling1d.py: Σ m·x / Σ m);
// float64 gradient checks; errors; configs from Keras files; round trips through all three formats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { AveragePooling1D, Conv1D, Dense, GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling1D, Sequential, checkGradients } from '../src/index.js';
import { layerFromFile } from '../src/io/layer_config.js';
import type { Layer } from '../src/layers/layer.js';
import { assertClose } from './helpers.js';
import { data, expectPass, roundTrip } from './text_helpers.js';

await tf.setBackend('cpu');

/** Runs our layer and the TF.js layer (given our weights) on x and compares. */
function compare(ours: Layer, theirs: (weights: tf.Tensor[]) => tf.layers.Layer, x: rk.Tensor, what: string): void {
  const y = ours.apply(x) as rk.Tensor;
  const w = ours.getWeights().map((t) => tf.tensor(Array.from(t.data), t.shape));
  const ty = theirs(w).apply(tf.tensor(Array.from(x.data), x.shape)) as tf.Tensor;
  assert.deepEqual(y.shape, ty.shape, what);
  assertClose(y.data, ty.dataSync(), { rtol: 1e-5, atol: 1e-6, what });
}

test('Conv1D matches TF.js for valid / same / causal padding, strides, dilation, activations, no bias', () => {
  const cases = [
    { kernelSize: 3, padding: 'valid', strides: 1, dilationRate: 1, activation: 'linear', useBias: true },
    { kernelSize: 3, padding: 'same', strides: 1, dilationRate: 1, activation: 'relu', useBias: true },
    { kernelSize: 4, padding: 'same', strides: 2, dilationRate: 1, activation: 'tanh', useBias: false },
    { kernelSize: 2, padding: 'causal', strides: 1, dilationRate: 2, activation: 'linear', useBias: true },
    { kernelSize: 3, padding: 'valid', strides: 3, dilationRate: 1, activation: 'sigmoid', useBias: true },
    { kernelSize: 2, padding: 'same', strides: 1, dilationRate: 3, activation: 'linear', useBias: true },
  ] as const;
  cases.forEach((c, i) => {
    rk.setRandomSeed(10 + i);
    const ours = new Conv1D({ filters: 4, ...c, biasInitializer: 'random_normal' });
    const x = data([2, 9, 3], 20 + i);
    if (c.padding === 'causal') {
      // TF.js has no causal conv1d: Keras defines causal as left-padding (k − 1)·d zeros, then 'valid'
      const y = ours.apply(x) as rk.Tensor;
      const w = ours.getWeights().map((t) => tf.tensor(Array.from(t.data), t.shape));
      const padded = tf.pad(tf.tensor(Array.from(x.data), x.shape), [[0, 0], [(c.kernelSize - 1) * c.dilationRate, 0], [0, 0]]);
      const ty = tf.layers.conv1d({ filters: 4, ...c, padding: 'valid', weights: w }).apply(padded) as tf.Tensor;
      assert.deepEqual(y.shape, ty.shape);
      assertClose(y.data, ty.dataSync(), { rtol: 1e-5, atol: 1e-6, what: 'causal' });
    } else compare(ours, (w) => tf.layers.conv1d({ filters: 4, ...c, weights: w }), x, JSON.stringify(c));
    assert.deepEqual(ours.getWeights()[0].shape, [c.kernelSize, 3, 4]);
  });
  // causal: y[t] depends on x[≤ t] only
  const causal = new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal' });
  const x = data([1, 6, 2], 5);
  const y0 = (causal.apply(x) as rk.Tensor).data.slice();
  const x2 = x.clone();
  x2.data[5 * 2] += 1; // change step 5 only
  const y1 = (causal.apply(x2) as rk.Tensor).data;
  assert.deepEqual(Array.from(y1.slice(0, 10)), Array.from(y0.slice(0, 10)));
  assert.notEqual(y1[10], y0[10]);
});

test('Conv1D gradients (float64) for each padding, stride and dilation; shape and option errors', () => {
  for (const [i, c] of ([
    { kernelSize: 3, padding: 'valid' }, { kernelSize: 4, padding: 'same', strides: 2 }, { kernelSize: 2, padding: 'causal', dilationRate: 2, activation: 'tanh' },
  ] as const).entries()) {
    rk.setRandomSeed(30 + i);
    expectPass(checkGradients(new Conv1D({ filters: 3, ...c, biasInitializer: 'random_normal', kernelRegularizer: { className: 'L1L2', config: { l1: 0.01, l2: 0.02 } } as never }), data([2, 7, 2], 40 + i)));
  }
  const conv = new Conv1D({ filters: 2, kernelSize: 5 });
  assert.throws(() => conv.apply(data([1, 4, 2], 1)), /input of 4 steps is shorter than the kernel's span 5/);
  assert.throws(() => new Conv1D({ filters: 2, kernelSize: 2 }).apply(data([2, 3], 1)), /Conv1D expects input of shape \[batch, steps, channels\], got \[batch, 3\]/);
  assert.throws(() => new Conv1D({ filters: 2, kernelSize: 2, padding: 'full' as never }), /padding must be one of 'valid', 'same', 'causal', got "full"/);
  assert.throws(() => new Conv1D({ filters: 0, kernelSize: 2 }), /filters must be a positive integer/);
  assert.throws(() => new Conv1D({ filters: 2, kernelSize: 2, strides: 2, dilationRate: 2 }), /strides > 1 is incompatible with dilationRate > 1/);
  assert.throws(() => new Conv1D({ filters: 2, kernelSize: 2, dataFormat: 'channels_first' as never }), /only dataFormat 'channels_last'/);
  assert.throws(() => new Conv1D({ filters: 2, kernelSize: 2, kernel_size: 3 } as never), /unknown option 'kernel_size'/);
});

test('pooling layers match TF.js (valid and same padding, strides); GlobalAveragePooling1D honours masks as Keras', () => {
  const x = data([2, 7, 3], 50);
  for (const c of [{ poolSize: 2 }, { poolSize: 3, strides: 2, padding: 'same' }, { poolSize: 3, strides: 1, padding: 'valid' }, { poolSize: 2, padding: 'same' }] as const) {
    compare(new MaxPooling1D(c), () => tf.layers.maxPooling1d(c), x, `max ${JSON.stringify(c)}`);
    compare(new AveragePooling1D(c), () => tf.layers.averagePooling1d(c), x, `avg ${JSON.stringify(c)}`);
  }
  assert.deepEqual((new MaxPooling1D().apply(x) as rk.Tensor).shape, [2, 3, 3]); // Keras defaults: poolSize 2, strides 2, valid
  compare(new GlobalMaxPooling1D(), () => tf.layers.globalMaxPooling1d({}), x, 'global max');
  compare(new GlobalAveragePooling1D(), () => tf.layers.globalAveragePooling1d({}), x, 'global avg');
  assert.deepEqual((new GlobalAveragePooling1D({ keepdims: true }).apply(x) as rk.Tensor).shape, [2, 1, 3]);
  // mask: sample 0 uses steps 0, 2; sample 1 all steps; the mean is over the unmasked steps (Keras Σ m·x / Σ m)
  const xs = rk.tensor([[[1, 10], [100, 100], [3, 20]], [[1, 2], [3, 4], [5, 6]]]);
  const masked = new GlobalAveragePooling1D().apply(xs, { mask: [[1, 0, 1], [1, 1, 1]] }) as rk.Tensor;
  assert.deepEqual(Array.from(masked.data), [2, 15, 3, 4]);
  // Keras 3's GlobalMaxPooling1D takes no mask: masked steps count (the 100s win)
  assert.deepEqual(Array.from((new GlobalMaxPooling1D().apply(xs, { mask: [[1, 0, 1], [1, 1, 1]] }) as rk.Tensor).data), [100, 100, 5, 6]);
});

test('pooling gradients (float64), masked mean gradient, errors', () => {
  const x = data([2, 7, 3], 60);
  for (const c of [{ poolSize: 2 }, { poolSize: 3, strides: 2, padding: 'same' }] as const) {
    expectPass(checkGradients(new MaxPooling1D(c), x));
    expectPass(checkGradients(new AveragePooling1D(c), x));
  }
  expectPass(checkGradients(new GlobalMaxPooling1D(), x));
  expectPass(checkGradients(new GlobalAveragePooling1D({ keepdims: true }), x));
  expectPass(checkGradients(new GlobalAveragePooling1D(), x, { mask: [[1, 1, 0, 1, 0, 0, 1], [0, 1, 1, 1, 1, 1, 1]] }));
  assert.throws(() => new MaxPooling1D({ poolSize: 4 }).apply(data([1, 3, 2], 1)), /input of 3 steps is shorter than poolSize 4/);
  assert.throws(() => new AveragePooling1D({ padding: 'causal' as never }), /padding must be one of 'valid', 'same'/);
  assert.throws(() => new GlobalMaxPooling1D().apply(data([2, 3], 1)), /GlobalMaxPooling1D expects input of shape \[batch, steps, channels\]/);
  assert.throws(() => new GlobalAveragePooling1D({ keepdims: 1 } as never), /keepdims must be true or false/);
});

test('Conv1D and pooling configs from Keras 3 and Keras 2 files; round trips through all three formats', async () => {
  const k3 = layerFromFile({ module: 'keras.layers', class_name: 'Conv1D', config: { name: 'conv1d', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } }, filters: 8, kernel_size: [5], strides: [1], padding: 'causal', data_format: 'channels_last', dilation_rate: [2], groups: 1, activation: 'relu', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {} }, kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 } }, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null } }, 'keras3', 'm.keras') as Conv1D;
  assert.deepEqual([k3.filters, k3.kernelSize, k3.padding, k3.dilationRate, k3.kernelRegularizer?.l2], [8, 5, 'causal', 2, 0.01]);
  assert.throws(() => layerFromFile({ class_name: 'Conv1D', config: { name: 'c', filters: 2, kernel_size: 3, data_format: 'channels_first' } }, 'keras2', 'm.h5'), /'data_format' = "channels_first" is not supported/);
  const k2 = layerFromFile({ class_name: 'MaxPooling1D', config: { name: 'max_pooling1d', trainable: true, dtype: 'float32', strides: [2], pool_size: [2], padding: 'valid', data_format: 'channels_last' } }, 'keras2', 'm.h5') as MaxPooling1D;
  assert.deepEqual([k2.poolSize, k2.strides, k2.padding], [2, 2, 'valid']);
  rk.setRandomSeed(70);
  const model = new Sequential({ layers: [
    new Conv1D({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [12, 2] }),
    new MaxPooling1D({ poolSize: 2 }), new Conv1D({ filters: 3, kernelSize: 2, padding: 'causal', dilationRate: 2 }),
    new AveragePooling1D({ poolSize: 2, padding: 'same' }), new GlobalMaxPooling1D(), new Dense({ units: 2 }),
  ] });
  await roundTrip(model, data([3, 12, 2], 71));
  const model2 = new Sequential({ layers: [new Conv1D({ filters: 2, kernelSize: 3, inputShape: [6, 2], biasInitializer: 'ones' }), new GlobalAveragePooling1D()] });
  await roundTrip(model2, data([2, 6, 2], 72));
});

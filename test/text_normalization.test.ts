// BatchNormalization and LayerNormalization (issue 12): inference and training outputs against TF.js's
// batchNormalization / layerNormalization; moving statistics after one forward and after one fit step against
// Keras 3's update rule (momentum·old + (1 − momentum)·batch, biased variance); masked moments against a float64
// reference written from Keras 3's _moments (Σ m·x / (Σ m + 1e-7)); float64 gradient checks in inference mode
// (checkGradients) and in training mode (central differences below); non-trainable moving statistics; errors;
// Keras 2 configs (axis [2]); round trips with weights at layers/batch_normalization/vars/0..3 in .keras files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { BatchNormalization, Conv1D, Dense, GlobalAveragePooling1D, LayerNormalization, Sequential, checkGradients } from '../src/index.js';
import { layerFromFile } from '../src/io/layer_config.js';
import { weightPaths } from '../src/io/keras_v3.js';
import { newContext, type Layer } from '../src/layers/layer.js';
import { withPrecision } from '../src/memory/precision.js';
import { assertClose, randomArray } from './helpers.js';
import { data, expectPass, roundTrip } from './text_helpers.js';

await tf.setBackend('cpu');
const tfT = (t: rk.Tensor) => tf.tensor(Array.from(t.data), t.shape);

/** A BatchNormalization with random gamma, beta, moving statistics (variance in [0.5, 2]). */
function randomBN(C: number, seed: number, args: rk.BatchNormalizationArgs = {}): BatchNormalization {
  const bn = new BatchNormalization(args);
  bn.build([5, C]);
  bn.setWeights([data([C], seed), data([C], seed + 1), data([C], seed + 2), data([C], seed + 3, 0.5, 2)]);
  return bn;
}

test('BatchNormalization matches TF.js in inference and training mode; moving statistics follow Keras', () => {
  const x = data([3, 5, 4], 1, -2, 3);
  const bn = randomBN(4, 10);
  const w = bn.getWeights();
  const theirs = tf.layers.batchNormalization({ axis: -1, momentum: 0.99, epsilon: 1e-3, weights: w.map(tfT) });
  assertClose((bn.apply(x) as rk.Tensor).data, (theirs.apply(tfT(x)) as tf.Tensor).dataSync(), { rtol: 1e-5, atol: 1e-5, what: 'inference' });
  assertClose((bn.apply(x, { training: true }) as rk.Tensor).data, (theirs.apply(tfT(x), { training: true }) as tf.Tensor).dataSync(), { rtol: 1e-4, atol: 1e-5, what: 'training' });
  // after that training call: moving ← 0.99·old + 0.01·batch (biased variance over the 15 rows)
  const [, , mm, mv] = bn.getWeights();
  for (let c = 0; c < 4; c++) {
    const col = Array.from({ length: 15 }, (_, r) => x.data[r * 4 + c]);
    const mean = col.reduce((a, b) => a + b, 0) / 15;
    const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / 15;
    assert.ok(Math.abs(mm.data[c] - (0.99 * w[2].data[c] + 0.01 * mean)) < 1e-6, `moving_mean ${c}`);
    assert.ok(Math.abs(mv.data[c] - (0.99 * w[3].data[c] + 0.01 * variance)) < 1e-6, `moving_variance ${c}`);
  }
  // a frozen layer runs in inference mode even in training (Keras: training and self.trainable)
  const frozen = randomBN(4, 10);
  frozen.trainable = false;
  const fresh = tf.layers.batchNormalization({ axis: -1, epsilon: 1e-3, weights: w.map(tfT) });
  assertClose((frozen.apply(x, { training: true }) as rk.Tensor).data, (fresh.apply(tfT(x)) as tf.Tensor).dataSync(), { rtol: 1e-5, atol: 1e-5, what: 'frozen' });
  assert.deepEqual(Array.from(frozen.getWeights()[2].data), Array.from(w[2].data));
});

test('BatchNormalization masked moments follow Keras 3 (Σ m·x / (Σ m + 1e-7)); LayerNormalization passes masks', () => {
  const x = data([2, 3, 2], 3, -1, 2);
  const mask = [[1, 1, 0], [1, 0, 0]];
  const bn = new BatchNormalization({ center: false, scale: false, momentum: 0 });
  const y = bn.apply(x, { training: true, mask }) as rk.Tensor;
  const on = [0, 1, 3]; // unmasked rows of the 6
  for (let c = 0; c < 2; c++) {
    const mean = on.reduce((a, r) => a + x.data[r * 2 + c], 0) / (3 + 1e-7);
    const variance = on.reduce((a, r) => a + (x.data[r * 2 + c] - mean) ** 2, 0) / (3 + 1e-7);
    for (let r = 0; r < 6; r++) assert.ok(Math.abs(y.data[r * 2 + c] - (x.data[r * 2 + c] - mean) / Math.sqrt(variance + 1e-3)) < 1e-5, `row ${r} channel ${c}`);
    assert.ok(Math.abs(bn.getWeights()[0].data[c] - mean) < 1e-6, 'momentum 0: moving_mean = batch mean');
  }
  assert.deepEqual(Array.from(bn.outputMask!), [1, 1, 0, 1, 0, 0]);
  const ln = new LayerNormalization();
  ln.apply(x, { mask });
  assert.deepEqual(Array.from(ln.outputMask!), [1, 1, 0, 1, 0, 0]);
});

/** Float64 central differences of L = Σ y·R for a layer run in training mode, against its backward. */
function trainingGradCheck(make: () => Layer, shape: number[], mask: Uint8Array | null): void {
  withPrecision('float64', () => {
    const layer = make();
    const inner = shape.slice(1), B = shape[0];
    layer.build(inner);
    const n = shape.reduce((a, b) => a * b, 1);
    const x = Float64Array.from(randomArray(n, 5, -1, 2));
    const R = randomArray(n, 6);
    const ctx = { ...newContext(inner, true), mask, masks: [mask] };
    const loss = () => {
      const y = layer.forward(x, B, ctx);
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i] * R[i];
      return s;
    };
    for (const v of layer.weights) v.grad.fill(0);
    loss();
    const dx = Float64Array.from(layer.backward(R, B, true)!);
    const grads = layer.weights.map((v) => Float64Array.from(v.grad));
    const eps = 1e-6;
    const check = (arr: Float64Array | Float32Array, analytic: Float64Array, what: string) => {
      for (let i = 0; i < arr.length; i++) {
        const keep = arr[i];
        arr[i] = keep + eps; const plus = loss();
        arr[i] = keep - eps; const minus = loss();
        arr[i] = keep;
        const numeric = (plus - minus) / (2 * eps);
        assert.ok(Math.abs(numeric - analytic[i]) <= 1e-6 + 1e-4 * Math.abs(numeric), `${what}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`);
      }
    };
    check(x, dx, 'input');
    layer.weights.forEach((v, k) => check(v.value, grads[k], v.name));
  });
}

test('normalization gradients in float64: inference (checkGradients) and training mode (with and without a mask)', () => {
  expectPass(checkGradients(randomBN(3, 20), data([2, 5, 3], 21)));
  trainingGradCheck(() => new BatchNormalization({ gammaInitializer: 'random_normal', betaInitializer: 'random_normal' }), [2, 5, 3], null);
  trainingGradCheck(() => new BatchNormalization({ gammaInitializer: 'random_normal' }), [2, 4, 3], Uint8Array.from([1, 1, 0, 1, 0, 1, 1, 0]));
  trainingGradCheck(() => new BatchNormalization(), [6, 3], null);
  const ln = new LayerNormalization({ gammaInitializer: 'random_normal', betaInitializer: 'random_normal' });
  expectPass(checkGradients(ln, data([2, 4, 5], 22)));
  expectPass(checkGradients(new LayerNormalization({ center: false }), data([3, 4], 23)));
});

test('LayerNormalization matches TF.js on [B, T, C] and [B, C]', () => {
  for (const shape of [[2, 4, 5], [3, 6]]) {
    rk.setRandomSeed(30);
    const ln = new LayerNormalization({ gammaInitializer: 'random_normal', betaInitializer: 'random_normal' });
    const x = data(shape, 31, -3, 5);
    const y = ln.apply(x) as rk.Tensor;
    const theirs = tf.layers.layerNormalization({ axis: -1, epsilon: 1e-3, weights: ln.getWeights().map(tfT) });
    assertClose(y.data, (theirs.apply(tfT(x)) as tf.Tensor).dataSync(), { rtol: 1e-4, atol: 1e-5, what: `layer norm ${shape}` });
    assert.deepEqual(ln.getWeights().map((w) => w.shape), [[shape[shape.length - 1]], [shape[shape.length - 1]]]);
  }
});

test('fit updates the moving statistics in its forward pass; the optimizer never touches them', async () => {
  rk.setRandomSeed(40);
  const x = data([8, 4, 3], 41, 0, 4), y = data([8, 1], 42);
  const model = new Sequential({ layers: [new BatchNormalization({ inputShape: [4, 3] }), new GlobalAveragePooling1D(), new Dense({ units: 1 })] });
  model.compile({ optimizer: new rk.Adam({ learningRate: 0.1 }), loss: 'mse' });
  const bn = model.layers[0] as BatchNormalization;
  assert.deepEqual(bn.trainableWeights.map((v) => v.name), ['gamma', 'beta']);
  assert.deepEqual(bn.nonTrainableWeights.map((v) => v.name), ['moving_mean', 'moving_variance']);
  assert.equal(model.trainableWeights.length, 4);
  assert.equal(model.nonTrainableWeights.length, 2);
  await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, shuffle: false });
  const [gamma, , mm, mv] = bn.getWeights();
  assert.ok(gamma.data.some((v) => v !== 1), 'gamma trained');
  for (let c = 0; c < 3; c++) {
    const col = Array.from({ length: 32 }, (_, r) => x.data[r * 3 + c]);
    const mean = col.reduce((a, b) => a + b, 0) / 32;
    const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / 32;
    assert.ok(Math.abs(mm.data[c] - 0.01 * mean) < 1e-6, `moving_mean ${c}: ${mm.data[c]} vs ${0.01 * mean}`);
    assert.ok(Math.abs(mv.data[c] - (0.99 + 0.01 * variance)) < 1e-6, `moving_variance ${c}`);
  }
  const before = Array.from(mm.data);
  model.predict(x);
  model.evaluate(x, y, { verbose: 0 });
  assert.deepEqual(Array.from(bn.getWeights()[2].data), before, 'predict and evaluate run in inference mode');
});

test('normalization errors, Keras 2 configs, and round trips with Keras 3 weight paths', async () => {
  assert.throws(() => new BatchNormalization({ axis: 1 }).apply(data([2, 3, 4], 1)), /only the last \(features\) axis can be normalized \(axis -1 or 2 for input \[batch, 3, 4\]\), got axis 1/);
  assert.throws(() => new LayerNormalization({ axis: [1, 2] }).apply(data([2, 3, 4], 1)), /axis must be the features axis/);
  assert.throws(() => new BatchNormalization({ momentum: 1.5 }), /momentum must be in \[0, 1\]/);
  assert.throws(() => new BatchNormalization({ renorm: true }), /renorm .* is not supported/);
  assert.throws(() => new LayerNormalization({ epsilon: 0 }), /epsilon must be a positive number/);
  const k2 = layerFromFile({ class_name: 'BatchNormalization', config: { name: 'batch_normalization', trainable: true, dtype: 'float32', axis: [2], momentum: 0.99, epsilon: 0.001, center: true, scale: true, beta_initializer: { class_name: 'Zeros', config: {} }, gamma_initializer: { class_name: 'Ones', config: {} }, moving_mean_initializer: { class_name: 'Zeros', config: {} }, moving_variance_initializer: { class_name: 'Ones', config: {} }, beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null } }, 'keras2', 'm.h5') as BatchNormalization;
  assert.deepEqual(k2.computeOutputShape([7, 3]), [7, 3]);
  const ln3 = layerFromFile({ module: 'keras.layers', class_name: 'LayerNormalization', config: { name: 'ln', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } }, axis: -1, epsilon: 1e-6, center: true, scale: true, rms_scaling: false, beta_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {} }, gamma_initializer: { module: 'keras.initializers', class_name: 'Ones', config: {} }, beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null } }, 'keras3', 'm.keras') as LayerNormalization;
  assert.equal(ln3.epsilon, 1e-6);
  assert.throws(() => layerFromFile({ class_name: 'LayerNormalization', config: { name: 'ln', rms_scaling: true } }, 'keras3', 'm.keras'), /'rms_scaling' = true is not supported/);
  rk.setRandomSeed(50);
  const model = new Sequential({ layers: [new Conv1D({ filters: 4, kernelSize: 2, inputShape: [6, 3] }), new BatchNormalization(), new LayerNormalization(), new GlobalAveragePooling1D(), new Dense({ units: 2 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(data([4, 6, 3], 51), data([4, 2], 52), { epochs: 2, verbose: 0 }); // moving statistics away from 0 and 1
  assert.deepEqual(weightPaths(model).filter((p) => p.includes('normalization')), [
    'layers/batch_normalization/vars/0', 'layers/batch_normalization/vars/1', 'layers/batch_normalization/vars/2', 'layers/batch_normalization/vars/3',
    'layers/layer_normalization/vars/0', 'layers/layer_normalization/vars/1',
  ]);
  await roundTrip(model, data([3, 6, 3], 53));
});

// SpatialDropout1D, LeakyReLU, ZeroPadding1D, Cropping1D, UpSampling1D (issue 12): LeakyReLU against TF.js's
// leakyReLU; the reshaping layers against values written out by hand from Keras's definitions (ops.pad,
// slicing, ops.repeat; TF.js has only their 2-D versions); SpatialDropout1D's channel-wise noise; float64
// gradient checks; errors; Keras 2 / TF.js `alpha` vs Keras 3 `negative_slope`; round trips in all three formats.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { Conv1D, Cropping1D, Dense, GlobalMaxPooling1D, LeakyReLU, Sequential, SpatialDropout1D, UpSampling1D, ZeroPadding1D, checkGradients, tensor } from '../src/index.js';
import { layerFromFile } from '../src/io/layer_config.js';
import { kerasV3Config } from '../src/io/keras_v3.js';
import { assertClose } from './helpers.js';
import { data, expectPass, roundTrip } from './text_helpers.js';

await tf.setBackend('cpu');
const values = (t: unknown) => Array.from((t as rk.Tensor).data);

test('LeakyReLU matches TF.js (default slope 0.3 and a given one); gradients; Keras 2 alpha', () => {
  const x = data([2, 5, 3], 1, -2, 2);
  for (const slope of [undefined, 0.1]) {
    const ours = new LeakyReLU(slope === undefined ? {} : { negativeSlope: slope });
    const theirs = tf.layers.leakyReLU(slope === undefined ? {} : { alpha: slope });
    assertClose((ours.apply(x) as rk.Tensor).data, (theirs.apply(tf.tensor(Array.from(x.data), x.shape)) as tf.Tensor).dataSync(), { rtol: 1e-6, atol: 0, what: `slope ${slope}` });
    expectPass(checkGradients(ours, x));
  }
  assert.deepEqual(values(new LeakyReLU().apply([[-10, 0, 4]])), [-3, 0, 4]); // float32(0.3·−10)
  assert.throws(() => new LeakyReLU({ negativeSlope: -0.1 }), /negativeSlope must be a number >= 0 \(Keras 2's alpha\), got -0.1/);
  assert.throws(() => new LeakyReLU({ alpha: 0.2 } as never), /unknown option 'alpha'/);
  const k2 = layerFromFile({ class_name: 'LeakyReLU', config: { name: 'leaky_re_lu', trainable: true, dtype: 'float32', alpha: 0.2 } }, 'keras2', 'm.h5') as LeakyReLU;
  assert.ok(Math.abs(k2.negativeSlope - 0.2) < 1e-12);
  const k3 = layerFromFile({ module: 'keras.layers', class_name: 'LeakyReLU', config: { name: 'leaky_re_lu', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } }, negative_slope: 0.25 } }, 'keras3', 'm.keras') as LeakyReLU;
  assert.equal(k3.negativeSlope, 0.25);
});

test('ZeroPadding1D, Cropping1D and UpSampling1D give the hand-written values; gradients; errors', () => {
  const x = tensor([[[1, 10], [2, 20], [3, 30]]]);
  const padded = new ZeroPadding1D({ padding: [1, 2] }).apply(x) as rk.Tensor;
  assert.deepEqual(padded.shape, [1, 6, 2]);
  assert.deepEqual(values(padded), [0, 0, 1, 10, 2, 20, 3, 30, 0, 0, 0, 0]);
  assert.deepEqual((new ZeroPadding1D().apply(x) as rk.Tensor).shape, [1, 5, 2]); // default 1 on each side
  const cropped = new Cropping1D({ cropping: [1, 0] }).apply(x) as rk.Tensor;
  assert.deepEqual(values(cropped), [2, 20, 3, 30]);
  assert.deepEqual(values(new Cropping1D().apply(x)), [2, 20]); // default (1, 1)
  const up = new UpSampling1D({ size: 3 }).apply(tensor([[[1, 2], [3, 4]]])) as rk.Tensor;
  assert.deepEqual(up.shape, [1, 6, 2]);
  assert.deepEqual(values(up), [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
  const xr = data([2, 5, 3], 2);
  expectPass(checkGradients(new ZeroPadding1D({ padding: 2 }), xr));
  expectPass(checkGradients(new Cropping1D({ cropping: [2, 1] }), xr));
  expectPass(checkGradients(new UpSampling1D({ size: 2 }), xr));
  assert.throws(() => new Cropping1D({ cropping: [2, 1] }).apply(x), /cropping \[2, 1\] must leave at least one of the input's 3 steps/);
  assert.throws(() => new ZeroPadding1D({ padding: -1 }), /padding must be a non-negative integer or \[left, right\] of them, got -1/);
  assert.throws(() => new Cropping1D({ cropping: [1, 2, 3] as never }), /cropping must be a non-negative integer or \[left, right\]/);
  assert.throws(() => new UpSampling1D({ size: 0 }), /size must be a positive integer, got 0/);
  assert.throws(() => new UpSampling1D().apply([[1, 2]]), /UpSampling1D expects input of shape \[batch, steps, channels\]/);
  assert.throws(() => new ZeroPadding1D({ dataFormat: 'channels_first' as never }), /only dataFormat 'channels_last'/);
});

test('SpatialDropout1D drops whole channels in training only, scaled by 1/(1 − rate); passes the mask', () => {
  const x = tensor(Array.from({ length: 40 }, () => Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => 1))));
  const layer = new SpatialDropout1D({ rate: 0.25, seed: 3 });
  assert.deepEqual(values(layer.apply(x)), Array.from(x.data)); // inference: identity
  const y = (layer.apply(x, { training: true }) as rk.Tensor).data;
  let dropped = 0;
  for (let b = 0; b < 40; b++) {
    for (let c = 0; c < 8; c++) {
      const col = Array.from({ length: 6 }, (_, t) => y[(b * 6 + t) * 8 + c]);
      assert.ok(col.every((v) => v === col[0]) && (col[0] === 0 || Math.abs(col[0] - 1 / 0.75) < 1e-6), `sample ${b} channel ${c}: ${col}`);
      if (col[0] === 0) dropped++;
    }
  }
  assert.ok(dropped > 0.15 * 320 && dropped < 0.35 * 320, `dropped ${dropped} of 320 channels at rate 0.25`);
  // the backward pass applies the same channel mask
  const dx = layer.backward(new Float32Array(40 * 48).fill(1), 40, true)!;
  assert.deepEqual(Array.from(dx.subarray(0, 40 * 48)), Array.from(y.subarray(0, 40 * 48)));
  expectPass(checkGradients(new SpatialDropout1D({ rate: 0.5 }), data([2, 3, 2], 4)));
  const masked = new SpatialDropout1D({ rate: 0.5 });
  masked.apply(data([1, 3, 2], 5), { training: true, mask: [[1, 1, 0]] });
  assert.deepEqual(Array.from(masked.outputMask!), [1, 1, 0]);
  assert.throws(() => new SpatialDropout1D({ rate: 1 }), /rate must be in \[0, 1\), got 1/);
  assert.throws(() => new SpatialDropout1D({ rate: 0.1 }).apply([[1, 2]]), /SpatialDropout1D expects input of shape \[batch, steps, channels\]/);
});

test('the small layers round-trip through all three formats; LeakyReLU is written as alpha (TF.js, Keras 2) and negative_slope (Keras 3)', async () => {
  rk.setRandomSeed(9);
  const model = new Sequential({ layers: [
    new ZeroPadding1D({ padding: [2, 1], inputShape: [7, 3] }), new Conv1D({ filters: 4, kernelSize: 3 }), new LeakyReLU({ negativeSlope: 0.15 }),
    new SpatialDropout1D({ rate: 0.2, seed: 1 }), new Cropping1D({ cropping: [1, 2] }), new UpSampling1D({ size: 2 }), new GlobalMaxPooling1D(), new Dense({ units: 2 }),
  ] });
  await roundTrip(model, data([3, 7, 3], 10));
  const d = mkdtempSync(join(tmpdir(), 'rnnkit-leaky-'));
  await model.save(d);
  const json = readFileSync(join(d, 'model.json'), 'utf8');
  assert.ok(json.includes('"alpha":0.15') && !json.includes('negative_slope'), 'TF.js file: alpha');
  assert.ok(JSON.stringify(kerasV3Config(model)).includes('"negative_slope":0.15'), 'Keras 3 file: negative_slope');
  // TF.js itself reads the LeakyReLU config rnnkit wrote
  const tfLayer = tf.layers.leakyReLU({ alpha: 0.15 });
  assert.equal((tfLayer.getConfig() as { alpha: number }).alpha, 0.15);
});

test('auto-names follow Keras 3 to_snake_case (conv1d, max_pooling1d, leaky_re_lu …), as do .keras weight paths', async () => {
  const { weightPaths } = await import('../src/io/keras_v3.js');
  const expected: [rk.Layer, string][] = [
    [new Conv1D({ filters: 2, kernelSize: 2 }), 'conv1d'], [new rk.MaxPooling1D(), 'max_pooling1d'], [new rk.GlobalAveragePooling1D(), 'global_average_pooling1d'],
    [new LeakyReLU(), 'leaky_re_lu'], [new UpSampling1D(), 'up_sampling1d'], [new SpatialDropout1D({ rate: 0.1 }), 'spatial_dropout1d'],
    [new rk.BatchNormalization(), 'batch_normalization'], [new rk.Embedding({ inputDim: 2, outputDim: 2 }), 'embedding'], [new rk.SimpleRNN({ units: 1 }), 'simple_rnn'],
  ];
  for (const [layer, base] of expected) assert.match(layer.name, new RegExp(`^${base}(_\\d+)?$`), layer.getClassName());
  const model = new Sequential({ layers: [new Conv1D({ filters: 2, kernelSize: 2, inputShape: [4, 1] }), new Conv1D({ filters: 2, kernelSize: 2 }), new rk.BatchNormalization()] });
  assert.deepEqual(weightPaths(model), ['layers/conv1d/vars/0', 'layers/conv1d/vars/1', 'layers/conv1d_1/vars/0', 'layers/conv1d_1/vars/1', 'layers/batch_normalization/vars/0', 'layers/batch_normalization/vars/1', 'layers/batch_normalization/vars/2', 'layers/batch_normalization/vars/3']);
});

// Integer inputs and Embedding (issue 12): tensor() from every typed array and arrays of typed rows, the 2^24
// limit; Embedding forward against TF.js's embedding layer, maskZero's mask (an LSTM after it gives the same
// result on padded and unpadded sequences), id errors naming the position, a float64 gradient check, the
// gradient touching only the batch's rows, Keras 2 configs (input_length), round trips, and a trained
// Sequential Embedding(maskZero) → LSTM → Dense on a tiny integer task.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { Conv1D, Dense, Embedding, GlobalAveragePooling1D, Input, LSTM, Model, Sequential, SymbolicTensor, checkGradients, checkModelGradients, tensor } from '../src/index.js';
import { layerFromFile } from '../src/io/layer_config.js';
import { newContext } from '../src/layers/layer.js';
import { assertClose } from './helpers.js';
import { expectPass, roundTrip } from './text_helpers.js';

await tf.setBackend('cpu');

test('tensor() takes every typed array and arrays of typed rows, converted to float32 once', () => {
  const t = tensor(new Int32Array([1, 2, 3]), [1, 3, 1]);
  assert.deepEqual(t.shape, [1, 3, 1]);
  assert.ok(t.data instanceof Float32Array);
  assert.deepEqual(Array.from(t.data), [1, 2, 3]);
  for (const Typed of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float64Array]) {
    assert.deepEqual(Array.from(tensor(new Typed([0, 5, 7])).data), [0, 5, 7], Typed.name);
  }
  assert.deepEqual(Array.from(tensor(new BigInt64Array([3n, 4n])).data), [3, 4]);
  const rows = tensor([new Int32Array([1, 2]), new Int32Array([3, 4]), new Int32Array([5, 0])]);
  assert.deepEqual(rows.shape, [3, 2]);
  assert.deepEqual(Array.from(rows.data), [1, 2, 3, 4, 5, 0]);
  assert.deepEqual(tensor([[new Uint16Array([1, 2])], [new Uint16Array([3, 4])]]).shape, [2, 1, 2]);
  assert.throws(() => tensor([new Int32Array([1, 2]), new Int32Array([3])]), /Ragged array: expected length 2 at \[1\], got a Int32Array of length 1/);
  assert.throws(() => tensor(new Int32Array([1, 2 ** 24 + 1])), /Integer 16777217 at \[1\] is beyond 2\^24/);
  assert.throws(() => tensor([new Uint32Array([0]), new Uint32Array([2 ** 25])]), /at \[1, 0\] is beyond 2\^24/);
  assert.equal(tensor(new Int32Array([2 ** 24])).data[0], 2 ** 24); // the limit itself is exact
  assert.equal(rk.MAX_EXACT_INTEGER, 2 ** 24);
});

test('Embedding matches TF.js and takes integer typed arrays; maskZero gives the [B, T] mask', () => {
  rk.setRandomSeed(1);
  const layer = new Embedding({ inputDim: 7, outputDim: 3, maskZero: true });
  const ids = [new Int32Array([1, 6, 0, 0]), new Int32Array([3, 2, 5, 4])];
  const out = layer.apply(ids) as rk.Tensor;
  assert.deepEqual(out.shape, [2, 4, 3]);
  const W = layer.getWeights()[0];
  assert.deepEqual(W.shape, [7, 3]);
  assert.ok(W.data.every((v) => v >= -0.05 && v <= 0.05), 'uniform(−0.05, 0.05) initialisation');
  const theirs = tf.layers.embedding({ inputDim: 7, outputDim: 3, weights: [tf.tensor(Array.from(W.data), [7, 3])] });
  assertClose(out.data, (theirs.apply(tf.tensor([[1, 6, 0, 0], [3, 2, 5, 4]])) as tf.Tensor).dataSync(), { rtol: 0, atol: 0, what: 'embedding' });
  assert.deepEqual(Array.from(layer.outputMask!), [1, 1, 0, 0, 1, 1, 1, 1]);
  const unmasked = new Embedding({ inputDim: 7, outputDim: 3 });
  unmasked.apply([[1, 2]]);
  assert.equal(unmasked.outputMask, null);
  // Keras 3's own docstring example: Embedding(1000, 64) on (32, 10) ids gives (32, 10, 64)
  const big = new Embedding({ inputDim: 1000, outputDim: 64 });
  assert.deepEqual((big.apply(tensor(Int32Array.from({ length: 320 }, (_, i) => (i * 37) % 1000), [32, 10])) as rk.Tensor).shape, [32, 10, 64]);
});

test('Embedding rejects bad ids naming the id and position, and bad options', () => {
  const layer = new Embedding({ inputDim: 5, outputDim: 2 });
  assert.throws(() => layer.apply([[1, 2], [3, 5]]), /id 5 at \[1, 1\] is out of range; ids must be integers in \[0, 4\] \(inputDim 5\)/);
  assert.throws(() => layer.apply([[1, -1]]), /id -1 at \[0, 1\] is negative/);
  assert.throws(() => layer.apply([[1.5, 1]]), /id 1.5 at \[0, 0\] is not an integer/);
  assert.throws(() => new Embedding({ inputDim: 0, outputDim: 2 }), /inputDim must be a positive integer, got 0/);
  assert.throws(() => new Embedding({ inputDim: 3, outputDim: 2.5 }), /outputDim must be a positive integer/);
  assert.throws(() => new Embedding({ inputDim: 3, outputDim: 2, maskzero: true } as never), /unknown option 'maskzero'/);
  assert.throws(() => new Embedding({ inputDim: 3, outputDim: 2, inputLength: -2 }), /inputLength must be a positive integer/);
});

test('Embedding gradient: float64 check, only the batch rows are written, and input_length from Keras 2 configs', () => {
  rk.setRandomSeed(2);
  const layer = new Embedding({ inputDim: 6, outputDim: 3, embeddingsRegularizer: { className: 'L2', config: { l2: 0.1 } } as never });
  expectPass(checkGradients(layer, [[1, 3, 3], [0, 5, 1]], { checkInput: false }));
  // one backward: rows 2 and 4 are never looked up and stay exactly zero; row 3 sums two steps
  const e = new Embedding({ inputDim: 6, outputDim: 2 });
  e.build([3]);
  const ctx = newContext([3]);
  e.forward(Float32Array.from([1, 3, 3, 0, 5, 1]), 2, ctx);
  const dy = Float32Array.from({ length: 12 }, (_, i) => i + 1);
  e.backward(dy, 2, false);
  // ids 1,3,3,0,5,1 with dy rows [1,2],[3,4],…,[11,12]: row 0 ← [7,8]; row 1 ← [1,2]+[11,12]; row 3 ← [3,4]+[5,6]; row 5 ← [9,10]
  assert.deepEqual(Array.from(e.weights[0].grad), [7, 8, 12, 14, 0, 0, 8, 10, 0, 0, 9, 10]);
  const k2 = layerFromFile({ class_name: 'Embedding', config: { name: 'emb', trainable: true, batch_input_shape: [null, 4], dtype: 'float32', input_dim: 9, output_dim: 2, embeddings_initializer: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } }, embeddings_regularizer: null, activity_regularizer: null, embeddings_constraint: null, mask_zero: true, input_length: 4 } }, 'keras2', 'test.h5') as Embedding;
  assert.equal(k2.inputLength, 4);
  assert.equal(k2.maskZero, true);
  assert.deepEqual(k2.batchInputShape, [null, 4]);
  assert.throws(() => layerFromFile({ class_name: 'Embedding', config: { name: 'e', input_dim: 3, output_dim: 2, embeddings_constraint: { class_name: 'NonNeg', config: {} } } }, 'keras3', 'x.keras'), /'embeddings_constraint'.*is not supported/);
});

test('maskZero reaches an LSTM: padded and unpadded sequences give the same output; round trips keep it', async () => {
  rk.setRandomSeed(3);
  const model = new Sequential({ layers: [new Embedding({ inputDim: 10, outputDim: 4, maskZero: true, inputShape: [null] }), new LSTM({ units: 5 }), new Dense({ units: 2 })] });
  const padded = model.predict([new Int32Array([4, 7, 2, 0, 0])]) as rk.Tensor;
  const plain = model.predict([new Int32Array([4, 7, 2])]) as rk.Tensor;
  assertClose(padded.data, plain.data, { rtol: 1e-6, atol: 1e-7, what: 'masked LSTM' });
  const model2 = new Sequential({ layers: [new Embedding({ inputDim: 10, outputDim: 4, maskZero: true, inputShape: [5] }), new LSTM({ units: 5 }), new Dense({ units: 2 })] });
  await roundTrip(model2, tensor([new Int32Array([4, 7, 2, 0, 0]), new Int32Array([1, 2, 3, 4, 5])]));
});

test('Sequential Embedding(maskZero) → LSTM → Dense learns a tiny integer task from Int32Array rows (fit, evaluate, predict)', async () => {
  // task: is token 3 anywhere in a left-aligned, zero-padded sequence of ids 1..5?
  rk.setRandomSeed(4);
  const rows: Int32Array[] = [], labels: number[] = [];
  let s = 7;
  const rnd = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  for (let i = 0; i < 160; i++) {
    const len = 2 + rnd(5), row = new Int32Array(6);
    for (let t = 0; t < len; t++) row[t] = 1 + rnd(5);
    rows.push(row);
    labels.push(row.includes(3) ? 1 : 0);
  }
  const model = new Sequential({ layers: [new Embedding({ inputDim: 6, outputDim: 8, maskZero: true, inputShape: [6] }), new LSTM({ units: 8 }), new Dense({ units: 1, activation: 'sigmoid' })] });
  model.compile({ optimizer: new rk.Adam({ learningRate: 0.03 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const y = labels.map((v) => [v]);
  await model.fit(rows, y, { epochs: 25, batchSize: 32, verbose: 0 });
  const [loss, acc] = model.evaluate(rows, y, { verbose: 0 }) as number[];
  assert.ok(acc >= 0.95 && loss < 0.2, `accuracy ${acc}, loss ${loss}`);
  const p = model.predict([new Int32Array([3, 1, 0, 0, 0, 0]), new Int32Array([1, 2, 4, 5, 0, 0])]) as rk.Tensor;
  assert.ok(p.data[0] > 0.5 && p.data[1] < 0.5, `predictions ${Array.from(p.data)}`);
});

test('float64 model gradient checks through Embedding(maskZero) → LSTM → Dense and Embedding → Conv1D → GlobalAveragePooling1D', () => {
  rk.setRandomSeed(6);
  const a = Input({ shape: [5], dtype: 'int32' });
  const seq = new LSTM({ units: 3 }).apply(new Embedding({ inputDim: 8, outputDim: 3, maskZero: true }).apply(a) as SymbolicTensor) as SymbolicTensor;
  const m1 = new Model({ inputs: a, outputs: new Dense({ units: 2 }).apply(seq) as SymbolicTensor });
  // ids are not differentiable: only the weights are checked (checkInput false)
  expectPass(checkModelGradients(m1, tensor([new Int32Array([3, 7, 1, 0, 0]), new Int32Array([2, 2, 5, 6, 4])]), { checkInput: false }));
  const b = Input({ shape: [6] });
  const conv = new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal', biasInitializer: 'random_normal' }).apply(new Embedding({ inputDim: 5, outputDim: 3 }).apply(b) as SymbolicTensor) as SymbolicTensor;
  const m2 = new Model({ inputs: b, outputs: new GlobalAveragePooling1D().apply(conv) as SymbolicTensor });
  expectPass(checkModelGradients(m2, [[1, 4, 4, 0, 2, 3], [0, 0, 1, 2, 3, 4]], { checkInput: false }));
});

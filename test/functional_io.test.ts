// Graph models in files: rnnkit's own round trips in all formats (TF.js directory, .keras), real TF.js loading
// rnnkit's functional model.json, a Keras 2 `.h5` and a Keras 3 `.keras` encoder–decoder built by hand in the
// layouts Keras writes (keras-and-peers.md) checked against a float64 LSTM written from the Keras formula,
// user classes through registerLayer / customObjects, and hostile graph configs.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import * as rk from '../src/index.js';
import { Dense, GRU, Input, LSTM, Model, SimpleRNN, SymbolicTensor } from '../src/index.js';
import { writeH5 } from '../src/io/hdf5.js';
import { assertClose } from './helpers.js';

await tf.setBackend('cpu');
const tmp = () => mkdtempSync(join(tmpdir(), 'rnnkit-fio-'));
const sym = (x: unknown) => x as SymbolicTensor;
const syms = (x: unknown) => x as SymbolicTensor[];
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);
const seq = (shape: number[], k = 1) => rk.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.7 * k)), shape);

/** The lstm_seq2seq training model: encoder states start the decoder; a softmax over the decoder's tokens. */
function seq2seq(): Model {
  rk.setRandomSeed(11);
  const encIn = Input({ shape: [null, 3], name: 'encoder_inputs' });
  const [, h, c] = syms(new LSTM({ units: 4, returnState: true, name: 'encoder' }).apply(encIn));
  const decIn = Input({ shape: [null, 3], name: 'decoder_inputs' });
  const [decSeq] = syms(new LSTM({ units: 4, returnSequences: true, returnState: true, name: 'decoder' }).apply(decIn, { initialState: [h, c] }));
  const out = sym(new Dense({ units: 3, activation: 'softmax', name: 'probs' }).apply(decSeq));
  return new Model({ inputs: [encIn, decIn], outputs: out, name: 'seq2seq' });
}

test('functional models round-trip through TF.js directories, .keras and Keras 2 .h5 files with identical predictions', async () => {
  const d = tmp();
  const model = seq2seq();
  model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const xs = [seq([2, 5, 3]), seq([2, 4, 3], 2)];
  const expected = model.predict(xs).data;
  for (const path of [join(d, 'tfjs'), join(d, 'm.keras'), join(d, 'm.h5')]) {
    await model.save(path);
    const back = await rk.loadModel(path);
    assert.ok(back instanceof Model && !(back instanceof rk.Sequential), path);
    assert.ok(same(back.predict(xs).data, expected), path);
    assert.deepEqual(back.layers.map((l) => l.name), model.layers.map((l) => l.name));
    assert.deepEqual(back.inputs.map((t) => t.shape), [[null, null, 3], [null, null, 3]]);
    if (!path.endsWith('tfjs')) assert.deepEqual(back.metrics.map((m) => m.name), ['accuracy']);
  }
});

test('shared layers, nested models and several outputs survive a save and load', async () => {
  rk.setRandomSeed(12);
  const i1 = Input({ shape: [4, 2] });
  const inner = new Model({ inputs: i1, outputs: sym(new SimpleRNN({ units: 3 }).apply(i1)), name: 'inner' });
  const a = Input({ shape: [4, 2], name: 'a' }), b = Input({ shape: [4, 2], name: 'b' });
  const head = new Dense({ units: 2, name: 'head' });
  const model = new Model({ inputs: [a, b], outputs: [sym(head.apply(sym(inner.apply(a)))), sym(head.apply(sym(inner.apply(b))))] });
  model.compile({ optimizer: 'sgd', loss: ['mse', 'mae'], lossWeights: [1, 0.5] });
  const xs = [seq([3, 4, 2]), seq([3, 4, 2], 3)];
  const expected = model.predictAll(xs).map((t) => t.data);
  const d = tmp();
  for (const path of [join(d, 'tfjs'), join(d, 'm.keras'), join(d, 'm.h5')]) {
    await model.save(path);
    const back = await rk.loadModel(path);
    assert.equal(back.weights.length, model.weights.length, 'shared weights stay shared');
    back.predictAll(xs).forEach((t, k) => assert.ok(same(t.data, expected[k]), `${path} output ${k}`));
    if (!path.endsWith('tfjs')) assert.equal(back.trainer.outputs?.[1].weight, 0.5); // TF.js directories keep compile settings only with includeOptimizer
  }
});

test('TF.js loads rnnkit\'s functional model.json and predicts the same', async () => {
  rk.setRandomSeed(13);
  const inp = Input({ shape: [5, 3] });
  const h = sym(new GRU({ units: 4, resetAfter: false, returnSequences: true }).apply(inp));
  const model = new Model({ inputs: inp, outputs: [sym(new Dense({ units: 2 }).apply(h)), sym(new LSTM({ units: 2, recurrentActivation: 'sigmoid' }).apply(h))] });
  const theirs = await tf.loadLayersModel(tf.io.fromMemory(model.toArtifacts() as tf.io.ModelArtifacts));
  const x = seq([2, 5, 3]);
  const preds = theirs.predict(tf.tensor(Array.from(x.data), x.shape)) as tf.Tensor[];
  const ours = model.predictAll(x);
  preds.forEach((p, k) => assertClose(p.dataSync(), ours[k].data, { rtol: 1e-5, atol: 1e-6, what: `output ${k}` }));
});

// ---- files written as Keras writes them -------------------------------------------------------------

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** Keras LSTM (gates i, f, c, o; keras-math.md) in float64: returns the states after each step and the final [h, c]. */
function lstm64(x: number[][][], W: Float32Array, U: Float32Array, b: Float32Array, H: number, h0?: number[][], c0?: number[][]) {
  const I = x[0][0].length;
  return x.map((sample, n) => {
    let h = h0 ? [...h0[n]] : Array(H).fill(0), c = c0 ? [...c0[n]] : Array(H).fill(0);
    const hs: number[][] = [];
    for (const xt of sample) {
      const z = Array.from({ length: 4 * H }, (_, j) => b[j] + xt.reduce((s, v, i) => s + v * W[i * 4 * H + j], 0) + h.reduce((s, v, k) => s + v * U[k * 4 * H + j], 0));
      const nc = c.map((cv, j) => sigmoid(z[H + j]) * cv + sigmoid(z[j]) * Math.tanh(z[2 * H + j]));
      h = nc.map((cv, j) => sigmoid(z[3 * H + j]) * Math.tanh(cv));
      c = nc;
      hs.push(h);
    }
    return { hs, h, c };
  });
}

const H = 2, F = 3;
const weights = {
  encW: Float32Array.from({ length: F * 4 * H }, (_, i) => Math.sin(i + 1) * 0.4),
  encU: Float32Array.from({ length: H * 4 * H }, (_, i) => Math.cos(i) * 0.3),
  encB: Float32Array.from({ length: 4 * H }, (_, i) => (i - 3) * 0.05),
  decW: Float32Array.from({ length: F * 4 * H }, (_, i) => Math.cos(i + 2) * 0.4),
  decU: Float32Array.from({ length: H * 4 * H }, (_, i) => Math.sin(i * 1.3) * 0.3),
  decB: Float32Array.from({ length: 4 * H }, (_, i) => (2 - i) * 0.04),
  denseW: Float32Array.from({ length: H * F }, (_, i) => (i % 3) * 0.5 - 0.4),
  denseB: Float32Array.from([0.1, -0.2, 0.05]),
};

function expectedSeq2seq(enc: number[][][], dec: number[][][]): number[] {
  const e = lstm64(enc, weights.encW, weights.encU, weights.encB, H);
  const d = lstm64(dec, weights.decW, weights.decU, weights.decB, H, e.map((s) => s.h), e.map((s) => s.c));
  return d.flatMap((s) => s.hs.flatMap((h) => {
    const z = Array.from({ length: F }, (_, j) => weights.denseB[j] + h.reduce((acc, v, k) => acc + v * weights.denseW[k * F + j], 0));
    const m = Math.max(...z), ex = z.map((v) => Math.exp(v - m)), sum = ex.reduce((a, v) => a + v, 0);
    return ex.map((v) => v / sum);
  }));
}

const encX = [[[0.1, -0.2, 0.3], [0.5, 0.1, -0.4], [0.2, 0.2, 0.2]], [[-0.3, 0.4, 0.1], [0.0, -0.5, 0.6], [0.3, -0.1, 0.2]]];
const decX = [[[1, 0, 0], [0, 1, 0]], [[0, 0, 1], [1, 0, 0]]];

test('a Keras 2 .h5 functional encoder–decoder (nested-list inbound_nodes, states as extra inputs) matches a float64 reference', async () => {
  const lstmCfg = (name: string, extra: Record<string, unknown>) => ({ name, trainable: true, dtype: 'float32', return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, time_major: false, units: H, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0, recurrent_dropout: 0, implementation: 2, ...extra });
  const modelConfig = {
    class_name: 'Functional',
    config: {
      name: 'model',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, null, F], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' }, name: 'input_1', inbound_nodes: [] },
        { class_name: 'InputLayer', config: { batch_input_shape: [null, null, F], dtype: 'float32', sparse: false, ragged: false, name: 'input_2' }, name: 'input_2', inbound_nodes: [] },
        { class_name: 'LSTM', config: lstmCfg('lstm', { return_state: true }), name: 'lstm', inbound_nodes: [[['input_1', 0, 0, {}]]] },
        { class_name: 'LSTM', config: lstmCfg('lstm_1', { return_sequences: true, return_state: true }), name: 'lstm_1', inbound_nodes: [[['input_2', 0, 0, {}], ['lstm', 0, 1, {}], ['lstm', 0, 2, {}]]] },
        { class_name: 'Dense', config: { name: 'dense', trainable: true, dtype: 'float32', units: F, activation: 'softmax', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null }, name: 'dense', inbound_nodes: [[['lstm_1', 0, 0, {}]]] },
      ],
      input_layers: [['input_1', 0, 0], ['input_2', 0, 0]],
      output_layers: [['dense', 0, 0]],
    },
  };
  const bytes = await writeH5((f) => {
    f.create_attribute('model_config', JSON.stringify(modelConfig));
    f.create_attribute('keras_version', '2.15.0');
    f.create_attribute('backend', 'tensorflow');
    f.create_attribute('training_config', JSON.stringify({ loss: 'categorical_crossentropy', metrics: [[{ class_name: 'MeanMetricWrapper', config: { name: 'accuracy', dtype: 'float32', fn: 'categorical_accuracy' } }]], weighted_metrics: null, loss_weights: null, optimizer_config: { class_name: 'RMSprop', config: { name: 'RMSprop', learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false } } }));
    const g = f.create_group('model_weights');
    g.create_attribute('layer_names', ['input_1', 'input_2', 'lstm', 'lstm_1', 'dense']);
    for (const n of ['input_1', 'input_2']) f.create_group(`model_weights/${n}`).create_attribute('weight_names', [] as string[]);
    const put = (layer: string, names: [string, Float32Array, number[]][]) => {
      const lg = f.create_group(`model_weights/${layer}`);
      lg.create_attribute('weight_names', names.map(([n]) => n));
      for (const [n, data, shape] of names) {
        const parts = n.split('/');
        for (let k = 1; k < parts.length; k++) {
          const group = `model_weights/${layer}/${parts.slice(0, k).join('/')}`;
          if (!f.get(group)) f.create_group(group);
        }
        f.create_dataset({ name: `model_weights/${layer}/${n}`, data, shape, dtype: '<f' });
      }
    };
    put('lstm', [['lstm/lstm_cell/kernel:0', weights.encW, [F, 4 * H]], ['lstm/lstm_cell/recurrent_kernel:0', weights.encU, [H, 4 * H]], ['lstm/lstm_cell/bias:0', weights.encB, [4 * H]]]);
    put('lstm_1', [['lstm_1/lstm_cell_1/kernel:0', weights.decW, [F, 4 * H]], ['lstm_1/lstm_cell_1/recurrent_kernel:0', weights.decU, [H, 4 * H]], ['lstm_1/lstm_cell_1/bias:0', weights.decB, [4 * H]]]);
    put('dense', [['dense/kernel:0', weights.denseW, [H, F]], ['dense/bias:0', weights.denseB, [F]]]);
  });
  const file = join(tmp(), 's2s.h5');
  writeFileSync(file, bytes);
  const model = await rk.loadModel(file);
  assert.deepEqual(model.layers.map((l) => l.name), ['input_1', 'input_2', 'lstm', 'lstm_1', 'dense']);
  const y = model.predict([rk.tensor(encX), rk.tensor(decX)]);
  assert.deepEqual(y.shape, [2, 2, F]);
  assertClose(y.data, expectedSeq2seq(encX, decX), { rtol: 1e-5, atol: 1e-6 });
});

test('a Keras 3 .keras functional encoder–decoder ({args, kwargs} nodes, initial_state in kwargs) matches a float64 reference', async () => {
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const kt = (name: string, index: number, shape: (number | null)[]) => ({ class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [name, 0, index] } });
  const lstm = (name: string, extra: Record<string, unknown>) => ({ module: 'keras.layers', class_name: 'LSTM', registered_name: null, name, build_config: { input_shape: [null, null, F] },
    config: { name, trainable: true, dtype: policy, return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, zero_output_for_mask: false, units: H, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null }, recurrent_initializer: { module: 'keras.initializers', class_name: 'Orthogonal', config: { gain: 1, seed: null }, registered_name: null }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null }, unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0, recurrent_dropout: 0, seed: null, ...extra } });
  const input = (name: string) => ({ module: 'keras.layers', class_name: 'InputLayer', registered_name: null, name, config: { batch_shape: [null, null, F], dtype: 'float32', sparse: false, ragged: false, name, optional: false }, inbound_nodes: [] });
  const config = {
    module: 'keras.src.models.functional', class_name: 'Functional', registered_name: 'Functional',
    config: {
      name: 'functional', trainable: true,
      layers: [
        input('encoder_in'), input('decoder_in'),
        { ...lstm('lstm', { return_state: true }), inbound_nodes: [{ args: [kt('encoder_in', 0, [null, null, F])], kwargs: { training: false, mask: null } }] },
        { ...lstm('lstm_1', { return_sequences: true, return_state: true }), inbound_nodes: [{ args: [kt('decoder_in', 0, [null, null, F])], kwargs: { initial_state: [kt('lstm', 1, [null, H]), kt('lstm', 2, [null, H])], training: false, mask: null } }] },
        { module: 'keras.layers', class_name: 'Dense', registered_name: null, name: 'dense', build_config: { input_shape: [null, null, H] }, config: { name: 'dense', trainable: true, dtype: policy, units: F, activation: 'softmax', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null }, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null }, inbound_nodes: [{ args: [kt('lstm_1', 0, [null, null, H])], kwargs: {} }] },
      ],
      input_layers: [['encoder_in', 0, 0], ['decoder_in', 0, 0]],
      output_layers: [['dense', 0, 0]],
    },
    build_config: { input_shape: null },
    compile_config: { optimizer: 'rmsprop', loss: 'categorical_crossentropy', loss_weights: null, metrics: null, weighted_metrics: null, run_eagerly: false, steps_per_execution: 1, jit_compile: false },
  };
  const h5 = await writeH5((f) => {
    for (const g of ['layers', 'layers/input_layer', 'layers/input_layer/vars', 'layers/input_layer_1', 'layers/input_layer_1/vars', 'layers/lstm', 'layers/lstm/vars', 'layers/lstm/cell', 'layers/lstm/cell/vars', 'layers/lstm_1', 'layers/lstm_1/vars', 'layers/lstm_1/cell', 'layers/lstm_1/cell/vars', 'layers/dense', 'layers/dense/vars', 'vars']) f.create_group(g);
    const put = (p: string, data: Float32Array, shape: number[]) => f.create_dataset({ name: p, data, shape, dtype: '<f' });
    put('layers/lstm/cell/vars/0', weights.encW, [F, 4 * H]); put('layers/lstm/cell/vars/1', weights.encU, [H, 4 * H]); put('layers/lstm/cell/vars/2', weights.encB, [4 * H]);
    put('layers/lstm_1/cell/vars/0', weights.decW, [F, 4 * H]); put('layers/lstm_1/cell/vars/1', weights.decU, [H, 4 * H]); put('layers/lstm_1/cell/vars/2', weights.decB, [4 * H]);
    put('layers/dense/vars/0', weights.denseW, [H, F]); put('layers/dense/vars/1', weights.denseB, [F]);
  });
  const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  const file = join(tmp(), 's2s.keras');
  writeFileSync(file, zipSync({ 'metadata.json': enc({ keras_version: '3.8.0', date_saved: '2026-01-01@00:00:00' }), 'config.json': enc(config), 'model.weights.h5': h5 }, { level: 0 }));
  const model = await rk.loadModel(file);
  assertClose(model.predict({ encoder_in: rk.tensor(encX), decoder_in: rk.tensor(decX) }).data, expectedSeq2seq(encX, decX), { rtol: 1e-5, atol: 1e-6 });
});

// ---- user classes --------------------------------------------------------------------------------

class MinimalCell extends rk.RNNCell {
  static override className = 'MinimalCell';
  readonly stateSize: number[];
  private W!: rk.Variable;
  constructor(readonly config: { units: number }) {
    super();
    this.stateSize = [config.units];
  }
  build(inputDim: number, addWeight: rk.AddWeight): void {
    this.W = addWeight('kernel', [inputDim, this.config.units], 'glorot_uniform');
  }
  stepForward(step: rk.CellStep): void {
    const { x, states, newStates, output, B } = step;
    const I = this.W.shape[0], U = this.config.units;
    for (let b = 0; b < B; b++) for (let j = 0; j < U; j++) {
      let s = states[0][b * U + j];
      for (let i = 0; i < I; i++) s += x[b * I + i] * this.W.value[i * U + j];
      newStates[0][b * U + j] = output[b * U + j] = Math.tanh(s);
    }
  }
  stepBackward(): void {
    throw new Error('not needed here');
  }
  getConfig(): Record<string, unknown> {
    return { units: this.config.units };
  }
}

test('a user cell round-trips: a clear error naming the class, then customObjects or registerCell', async () => {
  rk.setRandomSeed(14);
  const model = new rk.Sequential({ layers: [new rk.RNN({ cell: new MinimalCell({ units: 3 }), inputShape: [4, 2] }), new Dense({ units: 1 })] });
  const d = join(tmp(), 'cell');
  await model.save(d);
  await assert.rejects(rk.loadModel(d), /unknown cell class 'MinimalCell': register it with registerCell\(MinimalCell\)/);
  const x = seq([2, 4, 2]);
  const viaCustom = await rk.loadModel(d, { customObjects: { MinimalCell } });
  assert.ok(same(viaCustom.predict(x).data, model.predict(x).data));
  rk.registerCell(MinimalCell);
  assert.ok(same((await rk.loadModel(d)).predict(x).data, model.predict(x).data));
});

// ---- hostile graph configs ---------------------------------------------------------------------

test('hostile graph configs: cycles, missing layers and calls, absurd fan-in, deep nesting — clear errors, no hang', async () => {
  const dense = (name: string, inbound: unknown) => ({ class_name: 'Dense', config: { name, units: 2 }, name, inbound_nodes: inbound });
  const input = { class_name: 'InputLayer', config: { batch_input_shape: [null, 2], name: 'in' }, name: 'in', inbound_nodes: [] };
  const load = (layers: unknown[], extra: Record<string, unknown> = {}) => rk.loadModelFromArtifacts({ modelTopology: { class_name: 'Model', config: { name: 'm', layers, input_layers: [['in', 0, 0]], output_layers: [['b', 0, 0]], ...extra } }, weightSpecs: [], weightData: new ArrayBuffer(0) } as unknown as rk.ModelArtifacts);
  assert.throws(() => load([input, dense('a', [[['b', 0, 0, {}]]]), dense('b', [[['a', 0, 0, {}]]])]), /waits on tensors that are never produced/);
  assert.throws(() => load([input, dense('b', [[['ghost', 0, 0, {}]]])]), /refers to a layer 'ghost'/);
  assert.throws(() => load([input, dense('b', [[['in', 3, 0, {}]]])]), /waits on tensors that are never produced/);
  assert.throws(() => load([input, dense('b', [[['in', 0, 5, {}]]])]), /refers to output 5 of layer 'in'/);
  assert.throws(() => load([input, dense('b', [Array.from({ length: 5000 }, () => ['in', 0, 0, {}])])]), /a call with 5000 inputs/);
  assert.throws(() => load([input, dense('b', [[['in', 0, 0, {}]]]), dense('b', [[['in', 0, 0, {}]]])]), /two layers are named 'b'/);
  let nested: unknown = { class_name: 'Model', config: { name: 'leaf', layers: [input, dense('b', [[['in', 0, 0, {}]]])], input_layers: [['in', 0, 0]], output_layers: [['b', 0, 0]] }, name: 'leaf', inbound_nodes: [[['in', 0, 0, {}]]] };
  for (let i = 0; i < 40; i++) {
    nested = { class_name: 'Model', name: `m${i}`, inbound_nodes: [[['in', 0, 0, {}]]], config: { name: `m${i}`, layers: [input, { ...(nested as object), name: 'b' }], input_layers: [['in', 0, 0]], output_layers: [['b', 0, 0]] } };
  }
  assert.throws(() => load([input, { ...(nested as object), name: 'b' }]), /nested more than 16 deep/);
});

test('graph layers in files: merges, attention (with a causal call option), RepeatVector and Permute reload exactly', async () => {
  rk.setRandomSeed(15);
  const q = Input({ shape: [4, 3], name: 'q' }), v = Input({ shape: [5, 3], name: 'v' });
  const qs = sym(new LSTM({ units: 3, returnSequences: true }).apply(q));
  const attended = sym(new rk.Attention({ useScale: true }).apply([qs, v], { useCausalMask: true }));
  const additive = sym(new rk.AdditiveAttention().apply([qs, v]));
  const merged = sym(new rk.Concatenate({ axis: -1 }).apply([sym(new rk.Add().apply([attended, additive])), qs]));
  const pooled = sym(new GRU({ units: 2 }).apply(sym(new rk.Permute({ dims: [1, 2] }).apply(merged))));
  const repeated = sym(new rk.RepeatVector({ n: 3 }).apply(pooled));
  const model = new Model({ inputs: [q, v], outputs: [sym(new rk.Multiply().apply([repeated, repeated])), sym(new rk.Dot({ axes: [1, 1] }).apply([qs, qs]))] });
  const xs = [seq([2, 4, 3]), seq([2, 5, 3], 2)];
  const expected = model.predictAll(xs).map((t) => t.data);
  const d = tmp();
  for (const path of [join(d, 'tfjs'), join(d, 'm.keras'), join(d, 'm.h5')]) {
    await model.save(path);
    const back = await rk.loadModel(path);
    back.predictAll(xs).forEach((t, k) => assert.ok(same(t.data, expected[k]), `${path} output ${k}`));
    const node = back.layers.find((l) => l.getClassName() === 'Attention')!.inboundNodes[0];
    assert.deepEqual(node.kwargs, { useCausalMask: true }, path);
  }
});

// Every Keras file generation loads: Keras 1.2 `.h5` (Keras 1 config names, per-gate weights), Keras 3's legacy
// `.h5` (weights nested as <layer>/<model>/<layer>/<cell>/kernel, read in weight_names order), tf.keras 2.13–2.15
// `.keras` (layers under _layer_checkpoint_dependencies/), and a declared input shape on a later layer (ignored, as
// Keras's Sequential does). Test files are built here with h5wasm and fflate following the layouts in
// docs/FORMATS.md; expected predictions are computed in float64 from the same weights with the textbook gate
// formulas (Keras 1/2 hard_sigmoid = clip(0.2x + 0.5, 0, 1)).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import * as rk from '../src/index.js';
import { writeH5 } from '../src/io/hdf5.js';
import { compileFromFile } from '../src/io/training_config.js';
import { assertClose } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rnnkit-'));
type Mat = number[][];

/** Deterministic small values for weight [rows, cols] number `seed`. */
const mat = (rows: number, cols: number, seed: number): Mat => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => Math.sin(seed * 7.1 + r * 1.3 + c * 0.7) * 0.6));
const vec = (n: number, seed: number): number[] => mat(1, n, seed)[0];
const f32 = (m: Mat | number[]) => Float32Array.from((m as (number | number[])[]).flat() as number[]);
const shapeOf = (m: Mat | number[]) => (Array.isArray(m[0]) ? [m.length, (m[0] as number[]).length] : [m.length]);
/** Rounds through float32 so the float64 reference uses the stored values. */
const r32 = (m: Mat): Mat => m.map((row) => Array.from(Float32Array.from(row)));
const v32 = (v: number[]): number[] => Array.from(Float32Array.from(v));

const hs = (x: number) => Math.min(1, Math.max(0, 0.2 * x + 0.5));
const dot = (x: number[], W: Mat, j: number) => x.reduce((s, xi, i) => s + xi * W[i][j], 0);

/** Writes a legacy Keras .h5: root attributes, then model_weights/<layer> groups with weight_names and datasets. */
async function legacyH5(attrs: Record<string, string>, layers: { name: string; weights: { path: string; value: Mat | number[] }[] }[]): Promise<Uint8Array> {
  return writeH5((file) => {
    for (const [k, v] of Object.entries(attrs)) file.create_attribute(k, v);
    const root = file.create_group('model_weights');
    root.create_attribute('layer_names', layers.map((l) => l.name));
    for (const layer of layers) {
      const g = root.create_group(layer.name);
      g.create_attribute('weight_names', layer.weights.map((w) => w.path));
      for (const w of layer.weights) {
        const parts = w.path.split('/');
        for (let i = 1; i < parts.length; i++) if (!g.get(parts.slice(0, i).join('/'))) g.create_group(parts.slice(0, i).join('/'));
        g.create_dataset({ name: w.path, data: f32(w.value), shape: shapeOf(w.value), dtype: '<f' });
      }
    }
  });
}

test('Keras 1.2 .h5: output_dim, W_regularizer, U_regularizer, dropout_W/U, consume_less, inner_activation and per-gate weights', async () => {
  const [F, U, T] = [2, 3, 3];
  // Keras 1 LSTM weights in its trainable_weights order: W_i U_i b_i, W_c U_c b_c, W_f U_f b_f, W_o U_o b_o
  const gates = ['i', 'c', 'f', 'o'] as const;
  const W = Object.fromEntries(gates.map((g, k) => [g, r32(mat(F, U, 1 + k))])) as Record<string, Mat>;
  const Ur = Object.fromEntries(gates.map((g, k) => [g, r32(mat(U, U, 11 + k))])) as Record<string, Mat>;
  const b = Object.fromEntries(gates.map((g, k) => [g, v32(vec(U, 21 + k))])) as Record<string, number[]>;
  // Keras 1 GRU (3 units → 2): W_z U_z b_z, W_r U_r b_r, W_h U_h b_h
  const G = 2;
  const gw = ['z', 'r', 'h'].map((_, k) => ({ W: r32(mat(U, G, 31 + k)), U: r32(mat(G, G, 41 + k)), b: v32(vec(G, 51 + k)) }));
  const Wd = r32(mat(G, 1, 61));
  const bd = v32([0.1]);
  const lstmWeights = gates.flatMap((g) => [
    { path: `lstm_1_W_${g}:0`, value: W[g] }, { path: `lstm_1_U_${g}:0`, value: Ur[g] }, { path: `lstm_1_b_${g}:0`, value: b[g] },
  ]);
  const gruWeights = ['z', 'r', 'h'].flatMap((g, k) => [
    { path: `gru_1_W_${g}:0`, value: gw[k].W }, { path: `gru_1_U_${g}:0`, value: gw[k].U }, { path: `gru_1_b_${g}:0`, value: gw[k].b },
  ]);
  const modelConfig = {
    class_name: 'Sequential',
    config: [
      { class_name: 'LSTM', config: { name: 'lstm_1', trainable: true, batch_input_shape: [null, T, F], input_dtype: 'float32', output_dim: U, init: 'glorot_uniform', inner_init: 'orthogonal', forget_bias_init: 'one', activation: 'tanh', inner_activation: 'hard_sigmoid', W_regularizer: { name: 'WeightRegularizer', l1: 0, l2: 0.01 }, U_regularizer: null, b_regularizer: null, dropout_W: 0.0, dropout_U: 0.0, consume_less: 'cpu', return_sequences: true, go_backwards: false, stateful: false, unroll: false, input_dim: F, input_length: null } },
      { class_name: 'GRU', config: { name: 'gru_1', trainable: true, output_dim: G, init: 'glorot_uniform', inner_init: 'orthogonal', activation: 'tanh', inner_activation: 'hard_sigmoid', W_regularizer: null, U_regularizer: { name: 'WeightRegularizer', l1: 0.001, l2: 0 }, b_regularizer: null, dropout_W: 0.1, dropout_U: 0.2, consume_less: 'gpu', return_sequences: false, go_backwards: false, stateful: false, unroll: false, input_dim: U, input_length: null } },
      { class_name: 'Dense', config: { name: 'dense_1', trainable: true, output_dim: 1, init: 'glorot_uniform', activation: 'linear', W_regularizer: null, b_regularizer: null, activity_regularizer: null, W_constraint: null, b_constraint: null, bias: true, input_dim: G } },
    ],
  };
  const trainingConfig = { optimizer_config: { class_name: 'Adam', config: { lr: 0.002, beta_1: 0.9, beta_2: 0.999, decay: 0.0, epsilon: 1e-8 } }, loss: 'mse', metrics: ['mae'], sample_weight_mode: null, loss_weights: null };
  const bytes = await legacyH5({ keras_version: '1.2.2', backend: 'tensorflow', model_config: JSON.stringify(modelConfig), training_config: JSON.stringify(trainingConfig) }, [
    { name: 'lstm_1', weights: lstmWeights }, { name: 'gru_1', weights: gruWeights }, { name: 'dense_1', weights: [{ path: 'dense_1_W:0', value: Wd }, { path: 'dense_1_b:0', value: bd }] },
  ]);
  const d = tmp();
  writeFileSync(join(d, 'k1.h5'), bytes);
  const model = await rk.loadModel(join(d, 'k1.h5'));
  const lstm = model.layers[0] as rk.LSTM;
  assert.equal(lstm.units, U);
  assert.equal(lstm.getConfig().recurrentActivation, 'hard_sigmoid_tfjs', "Keras 1's hard_sigmoid is the 0.2-slope one");
  assert.deepEqual(lstm.getConfig().kernelRegularizer, { className: 'L1L2', config: { l1: 0, l2: 0.01 } });
  const gru = model.layers[1] as rk.GRU;
  assert.equal(gru.getConfig().dropout, 0.1);
  assert.equal(gru.getConfig().recurrentDropout, 0.2);
  assert.equal(gru.getConfig().resetAfter, false);
  assert.equal(model.optimizer?.getClassName(), 'Adam');
  assert.ok(Math.abs(model.optimizer!.learningRate - 0.002) < 1e-9);
  assert.deepEqual(model.metrics.map((m) => m.name), ['mae']);

  // float64 reference, gate by gate
  const xs = [[[0.5, -0.3], [0.1, 0.8], [-0.6, 0.2]], [[-0.2, 0.4], [0.9, -0.1], [0.3, 0.3]]];
  const expected = xs.map((seq) => {
    let h = new Array(U).fill(0), c = new Array(U).fill(0);
    const hs1: number[][] = [];
    for (const x of seq) {
      const pre = (g: string, j: number) => dot(x, W[g], j) + dot(h, Ur[g], j) + b[g][j];
      const i = h.map((_, j) => hs(pre('i', j))), f = h.map((_, j) => hs(pre('f', j)));
      const cc = h.map((_, j) => Math.tanh(pre('c', j))), o = h.map((_, j) => hs(pre('o', j)));
      c = c.map((cj, j) => f[j] * cj + i[j] * cc[j]);
      h = c.map((cj, j) => o[j] * Math.tanh(cj));
      hs1.push(h);
    }
    let g = new Array(G).fill(0);
    for (const x of hs1) {
      const z = g.map((_, j) => hs(dot(x, gw[0].W, j) + dot(g, gw[0].U, j) + gw[0].b[j]));
      const r = g.map((_, j) => hs(dot(x, gw[1].W, j) + dot(g, gw[1].U, j) + gw[1].b[j]));
      const rg = g.map((gj, j) => r[j] * gj);
      const hh = g.map((_, j) => Math.tanh(dot(x, gw[2].W, j) + dot(rg, gw[2].U, j) + gw[2].b[j]));
      g = g.map((gj, j) => z[j] * gj + (1 - z[j]) * hh[j]);
    }
    return dot(g, Wd, 0) + bd[0];
  });
  assertClose(model.predict(rk.tensor(xs)).data, expected, { rtol: 1e-5, atol: 1e-6, what: 'Keras 1.2 LSTM→GRU→Dense' });
});

test("Keras 3 legacy .h5 (model.save('m.h5') under Keras 3.8): weights nested under <layer>/<model>/<layer>/<cell>/ load in weight_names order", async () => {
  const [F, U] = [2, 3];
  const Wk = r32(mat(F, U, 1)), Uk = r32(mat(U, U, 2)), bk = v32(vec(U, 3)), Wd = r32(mat(U, 1, 4)), bd = v32([-0.2]);
  const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const modelConfig = {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: {
      name: 'sequential', trainable: true, dtype,
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', registered_name: null, config: { batch_shape: [null, 4, F], dtype: 'float32', sparse: false, name: 'input_layer' } },
        { module: 'keras.layers', class_name: 'SimpleRNN', registered_name: null, build_config: { input_shape: [null, 4, F] }, config: { name: 'simple_rnn_6', trainable: true, dtype, return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, zero_output_for_mask: false, units: U, activation: 'tanh', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null }, recurrent_initializer: { module: 'keras.initializers', class_name: 'Orthogonal', config: { seed: null, gain: 1.0 }, registered_name: null }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null }, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0, seed: null } },
        { module: 'keras.layers', class_name: 'Dense', registered_name: null, build_config: { input_shape: [null, U] }, config: { name: 'dense_3', trainable: true, dtype, units: 1, activation: 'linear', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null }, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null } },
      ],
    },
    build_config: { input_shape: [null, 4, F] },
  };
  // Keras 3 legacy training_config: the compile config with the optimizer serialized as a Keras 3 object
  const training = { loss: { module: 'keras.losses', class_name: 'MeanSquaredError', config: { name: 'mean_squared_error', reduction: 'sum_over_batch_size' }, registered_name: null }, loss_weights: null, metrics: ['mae'], weighted_metrics: null, run_eagerly: false, steps_per_execution: 1, jit_compile: false, optimizer_config: { module: 'keras.optimizers', class_name: 'Adam', config: { name: 'adam', learning_rate: 0.003, weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false }, registered_name: null } };
  const bytes = await legacyH5({ keras_version: '3.8.0', backend: 'tensorflow', model_config: JSON.stringify(modelConfig), training_config: JSON.stringify(training) }, [
    { name: 'simple_rnn_6', weights: [
      { path: 'sequential/simple_rnn_6/simple_rnn_cell/kernel', value: Wk },
      { path: 'sequential/simple_rnn_6/simple_rnn_cell/recurrent_kernel', value: Uk },
      { path: 'sequential/simple_rnn_6/simple_rnn_cell/bias', value: bk },
    ] },
    { name: 'dense_3', weights: [{ path: 'sequential/dense_3/kernel', value: Wd }, { path: 'sequential/dense_3/bias', value: bd }] },
  ]);
  const d = tmp();
  writeFileSync(join(d, 'k3.h5'), bytes);
  const model = await rk.loadModel(join(d, 'k3.h5'));
  assert.equal(model.loss?.name, 'mean_squared_error');
  assert.ok(Math.abs(model.optimizer!.learningRate - 0.003) < 1e-9);
  const xs = [[[0.5, -0.3], [0.1, 0.8], [-0.6, 0.2], [0.3, 0.3]]];
  const expected = xs.map((seq) => {
    let h = new Array(U).fill(0);
    for (const x of seq) h = h.map((_, j) => Math.tanh(dot(x, Wk, j) + dot(h, Uk, j) + bk[j]));
    return dot(h, Wd, 0) + bd[0];
  });
  assertClose(model.predict(rk.tensor(xs)).data, expected, { rtol: 1e-5, atol: 1e-6, what: 'Keras 3 legacy SimpleRNN' });
});

test('Keras 3 legacy .h5 with LSTM and Bidirectional: weight_names order decides, whatever the nesting', async () => {
  rk.setRandomSeed(12);
  const source = new rk.Sequential({ layers: [new rk.Bidirectional({ layer: new rk.LSTM({ units: 3, returnSequences: true }), inputShape: [4, 2], name: 'bidirectional' }), new rk.LSTM({ units: 2, name: 'lstm' }), new rk.Dense({ units: 1, name: 'dense' })] });
  const w = source.getWeights();
  const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const lstmConfig = (name: string, units: number, seq: boolean) => ({ module: 'keras.layers', class_name: 'LSTM', registered_name: null, config: { name, trainable: true, dtype, return_sequences: seq, return_state: false, go_backwards: false, stateful: false, unroll: false, zero_output_for_mask: false, units, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0, seed: null } });
  const modelConfig = {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: { name: 'sequential_4', trainable: true, dtype, layers: [
      { module: 'keras.layers', class_name: 'InputLayer', registered_name: null, config: { batch_shape: [null, 4, 2], dtype: 'float32', sparse: false, name: 'input_layer_4' } },
      { module: 'keras.layers', class_name: 'Bidirectional', registered_name: null, config: { name: 'bidirectional', trainable: true, dtype, merge_mode: 'concat', layer: lstmConfig('lstm_1', 3, true), backward_layer: { ...lstmConfig('backward_lstm_1', 3, true), config: { ...lstmConfig('backward_lstm_1', 3, true).config, go_backwards: true } } } },
      lstmConfig('lstm', 2, false),
      { module: 'keras.layers', class_name: 'Dense', registered_name: null, config: { name: 'dense', trainable: true, dtype, units: 1, activation: 'linear', use_bias: true, kernel_initializer: null, bias_initializer: null, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null } },
    ] },
  };
  const t = (k: number) => Array.from({ length: w[k].shape[0] }, (_, r) => (w[k].rank === 1 ? w[k].data[r] : Array.from(w[k].data.subarray(r * w[k].shape[1], (r + 1) * w[k].shape[1]))));
  // the layout: <layer>/<model name>/<layer>/<cell>/kernel, listed in weight_names in Keras's order
  const cells = ['kernel', 'recurrent_kernel', 'bias'];
  const bytes = await legacyH5({ keras_version: '3.8.0', backend: 'tensorflow', model_config: JSON.stringify(modelConfig) }, [
    { name: 'bidirectional', weights: [
      ...cells.map((c, i) => ({ path: `sequential_4/bidirectional/forward_lstm_1/lstm_cell/${c}`, value: t(i) as Mat })),
      ...cells.map((c, i) => ({ path: `sequential_4/bidirectional/backward_lstm_1/lstm_cell/${c}`, value: t(3 + i) as Mat })),
    ] },
    { name: 'lstm', weights: cells.map((c, i) => ({ path: `sequential_4/lstm/lstm_cell/${c}`, value: t(6 + i) as Mat })) },
    { name: 'dense', weights: [{ path: 'sequential_4/dense/kernel', value: t(9) as Mat }, { path: 'sequential_4/dense/bias', value: t(10) as Mat }] },
  ]);
  const d = tmp();
  writeFileSync(join(d, 'k3-lstm.h5'), bytes);
  const model = await rk.loadModel(join(d, 'k3-lstm.h5'));
  const x = rk.tensor(Float32Array.from({ length: 16 }, (_, i) => Math.sin(i * 0.9)), [2, 4, 2]);
  assert.deepEqual(Array.from(model.predict(x).data), Array.from(source.predict(x).data));
});

test('tf.keras 2.15 .keras: layers under _layer_checkpoint_dependencies/ (weighted layers counted twice) load', async () => {
  rk.setRandomSeed(5);
  const source = new rk.Sequential({ layers: [new rk.LSTM({ units: 3, inputShape: [4, 2], name: 'lstm' }), new rk.Dropout({ rate: 0.1, name: 'dropout' }), new rk.Dense({ units: 3, name: 'dense' }), new rk.Dense({ units: 1, name: 'dense_1' })] });
  const w = source.getWeights();
  const layerConf = (cls: string, config: Record<string, unknown>) => ({ module: 'keras.layers', class_name: cls, config: { trainable: true, dtype: 'float32', ...config }, registered_name: null });
  const config = {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: { name: 'sequential', layers: [
      { module: 'keras.layers', class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 2], dtype: 'float32', sparse: false, ragged: false, name: 'lstm_input' }, registered_name: null },
      { ...layerConf('LSTM', { name: 'lstm', batch_input_shape: [null, 4, 2], return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, time_major: false, units: 3, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0, implementation: 2 }), build_config: { input_shape: [null, 4, 2] } },
      layerConf('Dropout', { name: 'dropout', rate: 0.1, noise_shape: null, seed: null }),
      { ...layerConf('Dense', { name: 'dense', units: 3, activation: 'linear', use_bias: true }), build_config: { input_shape: [null, 3] } },
      { ...layerConf('Dense', { name: 'dense_1', units: 1, activation: 'linear', use_bias: true }), build_config: { input_shape: [null, 3] } },
    ] },
    build_config: { input_shape: [null, 4, 2] },
    compile_config: { optimizer: { module: 'keras.optimizers', class_name: 'Adam', config: { name: 'Adam', weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, jit_compile: true, is_legacy_optimizer: false, learning_rate: 0.0010000000474974513, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false }, registered_name: null }, loss: 'mean_squared_error', metrics: ['mae'], loss_weights: null, weighted_metrics: null, run_eagerly: null, steps_per_execution: null, jit_compile: null },
  };
  const h5 = await writeH5((file) => {
    const put = (path: string, t: rk.Tensor) => {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const g = parts.slice(0, i).join('/');
        if (!file.get(g)) file.create_group(g);
      }
      file.create_dataset({ name: path, data: Float32Array.from(t.data), shape: [...t.shape], dtype: '<f' });
    };
    const p = '_layer_checkpoint_dependencies';
    put(`${p}/lstm/cell/vars/0`, w[0]);
    put(`${p}/lstm/cell/vars/1`, w[1]);
    put(`${p}/lstm/cell/vars/2`, w[2]);
    file.create_group(`${p}/lstm/vars`);
    file.create_group(`${p}/dropout`);
    // the second Dense: 'dense' and 'dense_1' both name the first one (it is listed twice), so it is dense_2
    put(`${p}/dense/vars/0`, w[3]);
    put(`${p}/dense/vars/1`, w[4]);
    put(`${p}/dense_2/vars/0`, w[5]);
    put(`${p}/dense_2/vars/1`, w[6]);
    file.create_group('vars');
  });
  const text = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  const zip = zipSync({ 'metadata.json': text({ keras_version: '2.15.0', date_saved: '2024-01-05@10:00:00' }), 'config.json': text(config), 'model.weights.h5': h5 }, { level: 0 });
  const d = tmp();
  writeFileSync(join(d, 'tf215.keras'), zip);
  const model = await rk.loadModel(join(d, 'tf215.keras'));
  const x = rk.tensor(Float32Array.from({ length: 16 }, (_, i) => Math.cos(i)), [2, 4, 2]);
  assert.deepEqual(Array.from(model.predict(x).data), Array.from(source.predict(x).data));
  assert.equal(model.optimizer?.getClassName(), 'Adam');
  assert.deepEqual(model.metrics.map((m) => m.name), ['mae']);
});

test("a later layer's declared input shape is ignored, as Keras's Sequential ignores it", async () => {
  rk.setRandomSeed(2);
  const model = new rk.Sequential({ layers: [new rk.LSTM({ units: 5, returnSequences: true, inputShape: [4, 3], name: 'lstm' }), new rk.LSTM({ units: 2, name: 'lstm_1' }), new rk.Dense({ units: 1, name: 'dense' })] });
  const d = join(tmp(), 'm');
  await model.save(d);
  const json = JSON.parse(readFileSync(join(d, 'model.json'), 'utf8'));
  // the file says the second LSTM reads [batch, 4, 3] (user code passed input_shape to every layer); it reads 5 wide
  json.modelTopology.config.layers[1].config.batch_input_shape = [null, 4, 3];
  writeFileSync(join(d, 'model.json'), JSON.stringify(json));
  const loaded = await rk.loadModel(d);
  const x = rk.tensor(Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)), [2, 4, 3]);
  assert.deepEqual(Array.from(loaded.predict(x).data), Array.from(model.predict(x).data));
});

test('Keras 3 .keras compile_config with the optimizer as the string "adam" and metrics as objects compiles', async () => {
  rk.setRandomSeed(4);
  const model = new rk.Sequential({ layers: [new rk.GRU({ units: 2, inputShape: [3, 1] }), new rk.Dense({ units: 1 })] });
  const d = tmp();
  await model.save(join(d, 'm.keras'));
  const files = unzipSync(readFileSync(join(d, 'm.keras')));
  const config = JSON.parse(new TextDecoder().decode(files['config.json']));
  config.compile_config = { optimizer: 'adam', loss: 'mse', loss_weights: null, metrics: [{ module: 'keras.metrics', class_name: 'MeanMetricWrapper', config: { name: 'mae', dtype: 'float32', fn: 'mean_absolute_error' }, registered_name: null }], weighted_metrics: [{ module: 'keras.metrics', class_name: 'RootMeanSquaredError', config: { name: 'root_mean_squared_error', dtype: 'float32' }, registered_name: null }], run_eagerly: false, steps_per_execution: 1, jit_compile: false };
  files['config.json'] = new TextEncoder().encode(JSON.stringify(config));
  writeFileSync(join(d, 'a.keras'), zipSync(files, { level: 0 }));
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    const loaded = await rk.loadModel(join(d, 'a.keras'));
    assert.equal(loaded.optimizer?.getClassName(), 'Adam');
    assert.equal(loaded.loss?.name, 'mean_squared_error');
    assert.deepEqual(loaded.metrics.map((m) => m.name), ['mae', 'root_mean_squared_error']);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, []);
});

test('training configs in every Keras 2 / Keras 3 / TF.js form compile; an unusable one leaves one warning naming the piece', () => {
  const fresh = () => new rk.Sequential({ layers: [new rk.Dense({ units: 2, inputShape: [3] })] });
  const adam = (lr: number) => ({ class_name: 'Adam', config: { learning_rate: lr } });
  const cases: { tc: unknown; optimizer: string; lr?: number; loss: string; metrics: string[]; check?: (m: rk.Sequential) => void }[] = [
    // Keras 2 .h5 from compile(metrics=['mae']) under TF 2.x
    { tc: { optimizer_config: { class_name: 'Adam', config: { name: 'Adam', learning_rate: 0.001, decay: 0.0, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false } }, loss: 'mse', metrics: [[{ class_name: 'MeanMetricWrapper', config: { name: 'mae', dtype: 'float32', fn: 'mean_absolute_error' } }]], weighted_metrics: null, loss_weights: null, sample_weight_mode: null }, optimizer: 'Adam', lr: 0.001, loss: 'mean_squared_error', metrics: ['mae'] },
    // tf.keras 2.11–2.15: the optimizer registered as 'Custom>Adam', Keras 2 lr
    { tc: { optimizer_config: { class_name: 'Custom>Adam', config: { lr: 0.02, is_legacy_optimizer: false, jit_compile: true } }, loss: { class_name: 'MeanSquaredError', config: { reduction: 'auto', name: 'mean_squared_error' } }, metrics: ['mae'] }, optimizer: 'Adam', lr: 0.02, loss: 'mean_squared_error', metrics: ['mae'] },
    // Keras 3 compile_config: strings everywhere
    { tc: { optimizer: 'rmsprop', loss: 'mae', metrics: ['mse'], weighted_metrics: null }, optimizer: 'RMSprop', loss: 'mean_absolute_error', metrics: ['mse'] },
    // Keras 3 objects with module / registered_name; a loss object with options; weighted_metrics
    { tc: { optimizer: { module: 'keras.optimizers', class_name: 'SGD', config: { name: 'SGD', learning_rate: 0.05, momentum: 0.5, nesterov: false }, registered_name: null }, loss: { module: 'keras.losses', class_name: 'Huber', config: { name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 2.5 }, registered_name: null }, metrics: [{ module: 'keras.metrics', class_name: 'MeanAbsoluteError', config: { name: 'mean_absolute_error', dtype: 'float32' }, registered_name: null }], weighted_metrics: ['mse'] }, optimizer: 'SGD', lr: 0.05, loss: 'huber_loss', metrics: ['mean_absolute_error', 'mse'], check: (m) => assert.equal(m.loss!.getConfig().delta, 2.5) },
    // a loss serialized as a function, a per-output dict of one output, TF.js camelCase
    { tc: { optimizer: adam(0.01), loss: { module: 'keras.losses', class_name: 'function', config: 'mean_squared_error', registered_name: 'function' }, metrics: { dense: ['mae'] } }, optimizer: 'Adam', lr: 0.01, loss: 'mean_squared_error', metrics: ['mae'] },
    { tc: { optimizer_config: { class_name: 'Adam', config: {} }, loss: 'meanSquaredError', metrics: ['accuracy'] }, optimizer: 'Adam', loss: 'mean_squared_error', metrics: ['accuracy'] },
  ];
  for (const [k, c] of cases.entries()) {
    const model = fresh();
    assert.equal(compileFromFile(model, c.tc), null, `case ${k} compiles`);
    assert.equal(model.optimizer!.getClassName(), c.optimizer, `case ${k} optimizer`);
    if (c.lr !== undefined) assert.ok(Math.abs(model.optimizer!.learningRate - c.lr) < 1e-9, `case ${k} learning rate ${model.optimizer!.learningRate}`);
    assert.equal(model.loss!.name, c.loss, `case ${k} loss`);
    assert.deepEqual(model.metrics.map((m) => m.name), c.metrics, `case ${k} metrics`);
    c.check?.(model);
  }
  const unusable: [unknown, RegExp][] = [
    [{ optimizer: 'adam', loss: 'my_custom_loss' }, /Unknown loss 'my_custom_loss'/],
    [{ optimizer: 'adam', loss: 'mse', metrics: ['mae', 'auc'] }, /Unknown metric 'auc'/],
    [{ optimizer: { class_name: 'Adafactor', config: {} }, loss: 'mse' }, /Unknown optimizer 'Adafactor'/],
    [{ optimizer: 'adam', loss: { class_name: 'MeanSquaredError', config: { reduction: 'sum' } } }, /reduction 'sum' is not supported/],
    [{ optimizer: 'adam', loss: ['mse', 'mae'] }, /loss \["mse","mae"\] is for 2 outputs/],
    [{ optimizer: 'adam', loss: 'mse', loss_weights: [0.5] }, /loss_weights \[0.5\] are not supported/],
  ];
  for (const [tc, pattern] of unusable) {
    const model = fresh();
    const warning = compileFromFile(model, tc);
    assert.match(warning ?? '', /^the model is not compiled: its training config could not be used \(/);
    assert.match(warning!, pattern);
    assert.equal(model.optimizer, null, 'left uncompiled, not half compiled');
  }
});

// Keras files: every fixture in test/fixtures/keras (copied from ../shared/fixtures/keras: real files saved by Keras 2 and an old TF.js
// converter, with reference outputs — Keras's own predictions for two of them) loads and matches; `.keras`
// files rnnkit writes have Keras 3's layout and round-trip exactly; a Keras-3-style file built here by hand
// (batch_shape, DTypePolicy, build_config, backward_layer, GRU bias [2, 3u], cell/vars paths) loads;
// the container is recognised by magic bytes, not extension.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import * as rk from '../src/index.js';
import { readH5, writeH5 } from '../src/io/hdf5.js';
import { normwiseError } from './helpers.js';

const FIXTURES = new URL('../../test/fixtures/keras/', import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'rnnkit-'));
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

const fixtures: [string, string, string][] = [
  ['h5-k2-simplernn-dl4j', 'simple_rnn_tf_keras_2_model.h5', 'SimpleRNN,Dense'],
  ['h5-k2-lstm-dl4j', 'simple_flatten_lstm_tf_keras_2_model.h5', 'LSTM,Dense'],
  ['h5-k2-bilstm-dl4j', 'bidirectional_lstm_tensorflow_2.h5', 'Bidirectional'],
  ['h5-k2-gru-stacked-traffic', 'gru.h5', 'GRU,GRU,Dropout,Dense'],
  ['tfjs-lstm-textgen', 'model.json', 'LSTM,Dense,Activation'],
];

for (const [dir, file, classes] of fixtures) {
  test(`fixture ${dir}/${file} loads and matches its reference outputs`, async () => {
    const model = await rk.loadModel(join(FIXTURES, dir, file));
    assert.equal(model.layers.map((l) => l.getClassName()).join(','), classes);
    const ref = JSON.parse(readFileSync(join(FIXTURES, dir, 'reference_io.json'), 'utf8')) as { input: number[]; output: number[] };
    const out = model.predict(ref.input).data;
    const expected = (ref.output as unknown[]).flat(5) as number[];
    assert.equal(out.length, expected.length);
    assert.ok(normwiseError(out, expected) < 1e-5, `normwise error ${normwiseError(out, expected)}`);
    // the hard_sigmoid of Keras 2 / TF.js files is the 0.2-slope one
    const recurrent = JSON.stringify(model.layers.map((l) => l.getConfig()));
    if (recurrent.includes('hard_sigmoid')) assert.ok(recurrent.includes('"hard_sigmoid_tfjs"'));
  });
}

test('fixtures keep their training config: compiled with their optimizer and loss', async () => {
  const gru = await rk.loadModel(join(FIXTURES, 'h5-k2-gru-stacked-traffic', 'gru.h5'));
  assert.equal(gru.optimizer?.getClassName(), 'RMSprop');
  assert.equal(gru.loss?.name, 'mean_squared_error');
  const textgen = await rk.loadModel(join(FIXTURES, 'tfjs-lstm-textgen'));
  assert.equal(textgen.optimizer?.getClassName(), 'RMSprop');
  assert.ok(Math.abs(textgen.optimizer!.learningRate - 0.01) < 1e-8, 'Keras 2 "lr" read as learningRate');
});

function sampleModel(): rk.Sequential {
  rk.setRandomSeed(11);
  const model = new rk.Sequential({
    layers: [
      new rk.Masking({ maskValue: 0, inputShape: [6, 3] }),
      new rk.Bidirectional({ layer: new rk.LSTM({ units: 4, returnSequences: true }), mergeMode: 'concat' }),
      new rk.GRU({ units: 5, returnSequences: true }),
      new rk.TimeDistributed({ layer: new rk.Dense({ units: 2 }) }),
      new rk.SimpleRNN({ units: 3 }),
      new rk.Dropout({ rate: 0.1 }),
      new rk.Dense({ units: 1 }),
      new rk.Dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: new rk.Adam({ learningRate: 0.002 }), loss: 'mse', metrics: ['mae'] });
  return model;
}
const xs = rk.tensor(Array.from({ length: 2 * 6 * 3 }, (_, i) => Math.cos(i * 0.7)), [2, 6, 3]);

test('.keras written by rnnkit: Keras 3 layout, config structure, exact round trip', async () => {
  const model = sampleModel();
  const file = join(tmp(), 'm.keras');
  await model.save(file);
  const members = unzipSync(readFileSync(file));
  assert.deepEqual(Object.keys(members), ['metadata.json', 'config.json', 'model.weights.h5']);
  const config = JSON.parse(new TextDecoder().decode(members['config.json']));
  assert.equal(config.class_name, 'Sequential');
  const layers = config.config.layers;
  assert.equal(layers[0].class_name, 'InputLayer');
  assert.deepEqual(layers[0].config.batch_shape, [null, 6, 3]);
  assert.deepEqual(layers[2].config.dtype, { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null });
  assert.equal(layers[2].config.backward_layer.config.go_backwards, true);
  assert.deepEqual(layers[2].build_config, { input_shape: [null, 6, 3] });
  assert.equal(layers[3].config.reset_after, true);
  assert.equal(config.compile_config.optimizer.class_name, 'Adam');
  assert.equal(config.compile_config.optimizer.config.beta_1, 0.9);
  const paths = await readH5(members['model.weights.h5'], 'weights', (f) => f.paths());
  for (const p of ['layers/bidirectional/forward_layer/cell/vars/0', 'layers/bidirectional/backward_layer/cell/vars/2', 'layers/gru/cell/vars/2',
    'layers/time_distributed/layer/vars/1', 'layers/simple_rnn/cell/vars/1', 'layers/dense/vars/0', 'layers/dense_1/vars/1']) assert.ok(paths.includes(p), `${p} in ${paths.join(' ')}`);
  const gruBias = await readH5(members['model.weights.h5'], 'weights', (f) => (f.get('layers/gru/cell/vars/2') as { shape: number[] }).shape);
  assert.deepEqual(gruBias, [2, 15]);
  const back = await rk.loadModel(file);
  assert.ok(same(back.predict(xs).data, model.predict(xs).data), 'exact predictions after .keras round trip');
  assert.equal(back.optimizer?.getClassName(), 'Adam');
  assert.equal(back.optimizer?.learningRate, 0.002);
  assert.deepEqual(back.metrics.map((m) => m.name), ['mae']);
});

test('rnnkit → TF.js directory → .keras → rnnkit keeps predictions exactly', async () => {
  const model = sampleModel();
  const d = tmp();
  await model.save(join(d, 'tfjs'));
  const viaTfjs = await rk.loadModel(join(d, 'tfjs'));
  await viaTfjs.save(join(d, 'm.keras'));
  const back = await rk.loadModel(join(d, 'm.keras'));
  assert.ok(same(back.predict(xs).data, model.predict(xs).data));
});

test('a Keras-3-style .keras built by hand (as Keras writes it) loads', async () => {
  rk.setRandomSeed(5);
  const kernel = Float32Array.from({ length: 3 * 6 }, (_, i) => Math.sin(i) * 0.3);
  const recurrent = Float32Array.from({ length: 2 * 6 }, (_, i) => Math.cos(i) * 0.3);
  const bias = Float32Array.from({ length: 12 }, (_, i) => (i - 6) * 0.05);
  const dense = Float32Array.from([0.5, -0.25, 0.125, 1, -1, 0.75, 0.5, 0.25]);
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const init = (c: string) => ({ module: 'keras.initializers', class_name: c, config: { seed: null }, registered_name: null });
  const gru = (name: string, backwards: boolean) => ({
    module: 'keras.layers', class_name: 'GRU', registered_name: null,
    config: { name, trainable: true, dtype: policy, return_sequences: false, return_state: false, go_backwards: backwards, stateful: false, unroll: false, zero_output_for_mask: false,
      units: 2, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, kernel_initializer: init('GlorotUniform'), recurrent_initializer: init('Orthogonal'), bias_initializer: init('Zeros'),
      kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null,
      dropout: 0, recurrent_dropout: 0, reset_after: true, seed: null },
  });
  const config = {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: { name: 'sequential', trainable: true, dtype: policy, layers: [
      { module: 'keras.layers', class_name: 'InputLayer', registered_name: null, config: { batch_shape: [null, 4, 3], dtype: 'float32', sparse: false, ragged: false, name: 'input_layer', optional: false } },
      { module: 'keras.layers', class_name: 'Bidirectional', registered_name: null, build_config: { input_shape: [null, 4, 3] },
        config: { name: 'bidirectional', trainable: true, dtype: policy, merge_mode: 'concat', layer: gru('forward_gru', false), backward_layer: gru('backward_gru', true) } },
      { module: 'keras.layers', class_name: 'Dense', registered_name: null, build_config: { input_shape: [null, 4] },
        config: { name: 'dense', trainable: true, dtype: policy, units: 2, activation: 'linear', use_bias: true, kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null } },
    ] },
    build_config: { input_shape: [null, 4, 3] },
    compile_config: { optimizer: { module: 'keras.optimizers', class_name: 'Adam', config: { name: 'adam', learning_rate: 0.001, weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false }, registered_name: null }, loss: 'mean_squared_error', loss_weights: null, metrics: null, weighted_metrics: null, run_eagerly: false, steps_per_execution: 1, jit_compile: false },
  };
  const h5 = await writeH5((f) => {
    for (const g of ['layers', 'layers/bidirectional', 'layers/bidirectional/forward_layer', 'layers/bidirectional/forward_layer/cell', 'layers/bidirectional/forward_layer/cell/vars',
      'layers/bidirectional/backward_layer', 'layers/bidirectional/backward_layer/cell', 'layers/bidirectional/backward_layer/cell/vars', 'layers/dense', 'layers/dense/vars', 'vars']) f.create_group(g);
    for (const side of ['forward_layer', 'backward_layer']) {
      f.create_dataset({ name: `layers/bidirectional/${side}/cell/vars/0`, data: kernel, shape: [3, 6], dtype: '<f' });
      f.create_dataset({ name: `layers/bidirectional/${side}/cell/vars/1`, data: recurrent, shape: [2, 6], dtype: '<f' });
      f.create_dataset({ name: `layers/bidirectional/${side}/cell/vars/2`, data: bias, shape: [2, 6], dtype: '<f' });
    }
    f.create_dataset({ name: 'layers/dense/vars/0', data: dense, shape: [4, 2], dtype: '<f' });
    f.create_dataset({ name: 'layers/dense/vars/1', data: new Float32Array([0.1, -0.1]), shape: [2], dtype: '<f' });
  });
  const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  const file = join(tmp(), 'keras3.keras');
  writeFileSync(file, zipSync({ 'metadata.json': enc({ keras_version: '3.6.0', date_saved: '2026-01-01@00:00:00' }), 'config.json': enc(config), 'model.weights.h5': h5 }, { level: 0 }));
  const model = await rk.loadModel(file);
  const bi = model.layers[0] as rk.Bidirectional;
  assert.equal(bi.forwardLayer.name, 'forward_gru');
  assert.equal(bi.backwardLayer.goBackwards, true);
  assert.deepEqual(Array.from(model.getWeights()[2].data), Array.from(bias));
  // the same weights set by hand into an rnnkit model built in code give the same predictions
  const built = new rk.Sequential({ layers: [new rk.Bidirectional({ layer: new rk.GRU({ units: 2 }), inputShape: [4, 3] }), new rk.Dense({ units: 2 })] });
  built.setWeights([kernel, recurrent, bias, kernel, recurrent, bias, dense, [0.1, -0.1]].map((w, i) => rk.tensor(Array.from(w), built.getWeights()[i].shape)));
  const x4 = rk.tensor(Array.from({ length: 24 }, (_, i) => Math.sin(i)), [2, 4, 3]);
  assert.ok(same(model.predict(x4).data, built.predict(x4).data));
  assert.equal(model.optimizer?.getClassName(), 'Adam');
});

test('the container is recognised by its bytes: HDF5 named .keras, zip named .h5', async () => {
  const d = tmp();
  copyFileSync(join(FIXTURES, 'h5-k2-simplernn-dl4j', 'simple_rnn_tf_keras_2_model.h5'), join(d, 'actually_hdf5.keras'));
  assert.equal((await rk.loadModel(join(d, 'actually_hdf5.keras'))).layers[0].getClassName(), 'SimpleRNN');
  await sampleModel().save(join(d, 'm.keras'));
  copyFileSync(join(d, 'm.keras'), join(d, 'actually_zip.h5'));
  assert.equal((await rk.loadModel(join(d, 'actually_zip.h5'))).layers.length, 8);
  await assert.rejects(rk.loadModel(join(FIXTURES, 'README.md')), /not a model file rnnkit knows/);
  await assert.rejects(sampleModel().save(join(d, 'x.weights.h5')), /use model.saveWeights/);
});

test('Bidirectional of a goBackwards layer, or with a different backward layer, round-trips through .keras, .h5 and TF.js directories', async () => {
  const dir = tmp();
  const variants: [string, () => rk.Bidirectional, boolean][] = [
    // Keras 2 and TF.js re-create this backward copy themselves (the opposite go_backwards): no backward_layer
    ['mirrored', () => new rk.Bidirectional({ layer: new rk.LSTM({ units: 2, goBackwards: true }), backwardLayer: new rk.LSTM({ units: 2 }), inputShape: [6, 3] }), false],
    ['different', () => new rk.Bidirectional({ layer: new rk.GRU({ units: 2 }), backwardLayer: new rk.GRU({ units: 2, activation: 'relu', goBackwards: true }), inputShape: [6, 3] }), true],
  ];
  for (const [what, make, written] of variants) {
    rk.setRandomSeed(12);
    const model = new rk.Sequential({ layers: [make(), new rk.Dense({ units: 1 })] });
    const expected = model.predict(xs).data;
    type Layers = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const topology = model.toArtifacts().modelTopology as { model_config?: Layers } & Partial<Layers>;
    const bi = (topology.model_config ?? (topology as Layers)).config.layers.find((l) => l.class_name === 'Bidirectional')!;
    assert.equal('backward_layer' in bi.config, written, `${what}: backward_layer in the TF.js config`);
    for (const file of [join(dir, `${what}.keras`), join(dir, `${what}.h5`), join(dir, `${what}_tfjs`)]) {
      await model.save(file);
      const back = await rk.loadModel(file);
      const b = back.layers.find((l) => l instanceof rk.Bidirectional) as rk.Bidirectional;
      assert.deepEqual([b.forwardLayer.goBackwards, b.backwardLayer.goBackwards], [model.layers[0] as rk.Bidirectional].map((l) => [l.forwardLayer.goBackwards, l.backwardLayer.goBackwards])[0], `${what} ${file}`);
      assert.ok(same(back.predict(xs).data, expected), `${what}: exact predictions after ${file}`);
    }
  }
});

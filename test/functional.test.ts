// Graph models (Keras functional API): construction, equivalence with Sequential, shared layers, fan-out,
// encoder–decoder with initial states, nested models, variable-length time axes — each backward pass checked
// against float64 central differences (checkModelGradients), plus multi-output training semantics.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as rk from '../src/index.js';
import { Dense, GRU, Input, LSTM, Model, Sequential, SimpleRNN, SymbolicTensor, checkModelGradients, setRandomSeed, tensor } from '../src/index.js';
import { assertClose, randomArray } from './helpers.js';
import { wasmRuntime } from '../src/kernels/wasm/runtime.js';

const sym = (x: unknown): SymbolicTensor => x as SymbolicTensor;
const syms = (x: unknown): SymbolicTensor[] => x as SymbolicTensor[];
const data = (shape: number[], seed: number) => tensor(Array.from(randomArray(shape.reduce((a, b) => a * b, 1), seed)), shape);
const expectPass = (r: rk.GradientCheckResult) => assert.ok(r.passed, JSON.stringify(r.entries.filter((e) => !e.passed)));

test('a functional chain predicts exactly as the Sequential model with the same weights', () => {
  setRandomSeed(1);
  const seq = new Sequential({ layers: [new LSTM({ units: 4, inputShape: [5, 3], returnSequences: true }), new GRU({ units: 3 }), new Dense({ units: 2 })] });
  const inp = Input({ shape: [5, 3] });
  const a = new LSTM({ units: 4, returnSequences: true }), b = new GRU({ units: 3 }), c = new Dense({ units: 2 });
  const model = new Model({ inputs: inp, outputs: sym(c.apply(sym(b.apply(sym(a.apply(inp)))))) });
  model.setWeights(seq.getWeights());
  const x = data([7, 5, 3], 3);
  assert.deepEqual(Array.from(model.predict(x).data), Array.from(seq.predict(x).data));
  assert.deepEqual(model.layers.map((l) => l.getClassName()), ['InputLayer', 'LSTM', 'GRU', 'Dense']);
  assert.equal(model.countParams(), seq.countParams());
  assert.match(model.summary(), /Connected to/);
  assert.match(model.summary(), /lstm(_\d+)?\[0\]\[0\]/);
});

test('gradient check: a shared layer called twice (one set of weights, both calls back-propagate)', () => {
  setRandomSeed(2);
  const a = Input({ shape: [4, 2] }), b = Input({ shape: [4, 2] });
  const shared = new SimpleRNN({ units: 3 });
  const ya = sym(shared.apply(a)), yb = sym(shared.apply(b));
  const head = new Dense({ units: 2, activation: 'tanh' });
  const model = new Model({ inputs: [a, b], outputs: [sym(head.apply(ya)), sym(head.apply(yb))] });
  assert.equal(model.weights.length, 5); // SimpleRNN 3 + Dense 2, not doubled
  expectPass(checkModelGradients(model, [data([3, 4, 2], 5), data([3, 4, 2], 6)]));
});

test('gradient check: fan-out (one tensor into two branches) sums the gradients', () => {
  setRandomSeed(3);
  const inp = Input({ shape: [5, 2] });
  const h = sym(new LSTM({ units: 3, returnSequences: true }).apply(inp));
  const left = sym(new GRU({ units: 2 }).apply(h));
  const right = sym(new SimpleRNN({ units: 2, goBackwards: true }).apply(h));
  const model = new Model({ inputs: inp, outputs: [left, right, h] });
  expectPass(checkModelGradients(model, data([2, 5, 2], 7)));
});

test('gradient check: encoder–decoder with the decoder started from the encoder states (LSTM and GRU)', () => {
  setRandomSeed(4);
  const enc = Input({ shape: [4, 3] }), dec = Input({ shape: [3, 2] });
  const [, h, c] = syms(new LSTM({ units: 3, returnState: true }).apply(enc));
  const decoded = sym(new LSTM({ units: 3, returnSequences: true }).apply(dec, { initialState: [h, c] }));
  const out = sym(new Dense({ units: 2 }).apply(decoded));
  const model = new Model({ inputs: [enc, dec], outputs: out });
  expectPass(checkModelGradients(model, [data([2, 4, 3], 8), data([2, 3, 2], 9)]));

  const e2 = Input({ shape: [4, 3] }), d2 = Input({ shape: [3, 2] });
  const [seq, state] = syms(new GRU({ units: 3, returnSequences: true, returnState: true }).apply(e2));
  const [dOut, dState] = syms(new GRU({ units: 3, returnState: true }).apply(d2, { initialState: state }));
  const gru = new Model({ inputs: [e2, d2], outputs: [dOut, dState, seq] });
  expectPass(checkModelGradients(gru, [data([2, 4, 3], 10), data([2, 3, 2], 11)]));
});

test('gradient check: a model nested in another, called on two inputs', () => {
  setRandomSeed(5);
  const i1 = Input({ shape: [3, 2] });
  const inner = new Model({ inputs: i1, outputs: sym(new Dense({ units: 2, activation: 'tanh' }).apply(sym(new SimpleRNN({ units: 3, returnSequences: true }).apply(i1)))), name: 'inner' });
  const a = Input({ shape: [3, 2] }), b = Input({ shape: [3, 2] });
  const outer = new Model({ inputs: [a, b], outputs: [sym(inner.apply(a)), sym(new GRU({ units: 2 }).apply(sym(inner.apply(b))))] });
  assert.equal(outer.weights.length, inner.weights.length + 3);
  expectPass(checkModelGradients(outer, [data([2, 3, 2], 12), data([2, 3, 2], 13)]));
});

test('variable-length time axis: Input [null, F] trains on T = 6 and predicts T = 1 and T = 9 with the same weights', async () => {
  setRandomSeed(6);
  const inp = Input({ shape: [null, 2] });
  const rnn = new LSTM({ units: 4, returnSequences: true });
  const model = new Model({ inputs: inp, outputs: sym(new Dense({ units: 1 }).apply(sym(rnn.apply(inp)))) });
  assert.deepEqual(model.outputs[0].shape, [null, null, 1]);
  expectPass(checkModelGradients(model, data([2, 5, 2], 14)));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(data([16, 6, 2], 15), data([16, 6, 1], 16), { epochs: 2, batchSize: 8, verbose: 0 });
  const long = data([3, 9, 2], 17);
  const y9 = model.predict(long);
  assert.deepEqual(y9.shape, [3, 9, 1]);
  assert.deepEqual(model.predict(data([3, 1, 2], 18)).shape, [3, 1, 1]);
  // the first 4 steps of a 9-step run equal a 4-step run (causal recurrence)
  const first4 = tensor(Array.from({ length: 3 * 4 * 2 }, (_, i) => long.data[Math.floor(i / 8) * 18 + (i % 8)]), [3, 4, 2]);
  const y4 = model.predict(first4);
  assertClose(y4.data, Array.from({ length: 12 }, (_, i) => y9.data[Math.floor(i / 4) * 9 + (i % 4)]), { rtol: 1e-5, atol: 1e-6 });
  assert.throws(() => new Model({ inputs: inp, outputs: sym(new Dense({ units: 1 }).apply(Input({ shape: [null, null] }))) }), /known dimensions|graph disconnected/);
});

test('multi-output training: a loss per output (object by name), lossWeights, Keras log names', async () => {
  setRandomSeed(7);
  const inp = Input({ shape: [4, 2], name: 'series' });
  const h = sym(new GRU({ units: 5 }).apply(inp));
  const level = sym(new Dense({ units: 1, name: 'level' }).apply(h));
  const cls = sym(new Dense({ units: 3, activation: 'softmax', name: 'kind' }).apply(h));
  const model = new Model({ inputs: inp, outputs: [level, cls] });
  model.compile({ optimizer: 'adam', loss: { level: 'mse', kind: 'sparse_categorical_crossentropy' }, lossWeights: { level: 2, kind: 0.5 }, metrics: { level: ['mae'], kind: ['accuracy'] } });
  const x = data([12, 4, 2], 20), yl = data([12, 1], 21), yk = tensor(Array.from({ length: 12 }, (_, i) => i % 3), [12]);
  const before = model.evaluate({ series: x }, { level: yl, kind: yk }, { returnDict: true });
  assert.deepEqual(Object.keys(before), ['loss', 'level_loss', 'kind_loss', 'level_mae', 'kind_accuracy']);
  assertClose([before.loss], [2 * before.level_loss + 0.5 * before.kind_loss], { rtol: 1e-6 });
  const h1 = await model.fit(x, [yl, yk], { epochs: 3, batchSize: 4, verbose: 0, validationSplit: 0.25 });
  assert.ok('val_level_mae' in h1.history && 'kind_loss' in h1.history && 'val_kind_loss' in h1.history, Object.keys(h1.history).join());
  const [pl, pk] = model.predictAll(x);
  assert.deepEqual(pl.shape, [12, 1]);
  assert.deepEqual(pk.shape, [12, 3]);
  assert.throws(() => model.compile({ loss: ['mse'] }), /one entry per output/);
  assert.throws(() => model.compile({ loss: { levle: 'mse' } }), /names output 'levle'/);
  await assert.rejects(model.fit(x, yl), /one array per output/);
});

test('construction errors: inputs not from Input, disconnected graphs, symbolic misuse', () => {
  const a = Input({ shape: [3, 2] }), b = Input({ shape: [3, 2] });
  const y = sym(new SimpleRNN({ units: 2 }).apply(b));
  assert.throws(() => new Model({ inputs: a, outputs: y }), /graph disconnected/);
  assert.throws(() => new Model({ inputs: y, outputs: y }), /inputs must come from Input/);
  assert.throws(() => new Dense({ units: 2 }).apply([a, b]), /takes one input, got a list of 2/);
  assert.throws(() => new LSTM({ units: 2 }).apply(a, { initialState: [a] }), /takes 2 initial state/);
  assert.throws(() => Input({ shape: [0, 2] }), /positive integers/);
});

test('Sequential with inputShape [null, F]: trained on T = 50, run step by step (T = 1) as a stateful model with the same weights', async () => {
  setRandomSeed(8);
  assert.doesNotThrow(() => new LSTM({ units: 2, inputShape: [null, 1] }));
  const model = new Sequential({ layers: [new LSTM({ units: 6, inputShape: [null, 1], returnSequences: true }), new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const series = Array.from({ length: 8 * 51 }, (_, i) => Math.sin(i / 4));
  const x = tensor(Array.from({ length: 8 * 50 }, (_, i) => series[Math.floor(i / 50) * 51 + (i % 50)]), [8, 50, 1]);
  const y = tensor(Array.from({ length: 8 * 50 }, (_, i) => series[Math.floor(i / 50) * 51 + (i % 50) + 1]), [8, 50, 1]);
  await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
  const full = model.predict(x.reshape([8, 50, 1]));
  // the same weights in a stateful model with batchInputShape [8, null, 1], fed one step at a time
  const stepper = new Sequential({ layers: [new LSTM({ units: 6, batchInputShape: [8, null, 1], returnSequences: true, stateful: true }), new Dense({ units: 1 })] });
  stepper.setWeights(model.getWeights());
  const steps: number[][] = Array.from({ length: 8 }, () => []);
  for (let t = 0; t < 50; t++) {
    const xt = tensor(Array.from({ length: 8 }, (_, b) => x.data[b * 50 + t]), [8, 1, 1]);
    const yt = stepper.predictOnBatch(xt);
    assert.deepEqual(yt.shape, [8, 1, 1]);
    for (let b = 0; b < 8; b++) steps[b].push(yt.data[b]);
  }
  assertClose(steps.flat(), Array.from(full.data), { rtol: 1e-4, atol: 1e-5, what: 'stateful steps vs whole sequence' });
  stepper.resetStates();
  const again = stepper.predictOnBatch(tensor(Array.from({ length: 8 }, (_, b) => x.data[b * 50]), [8, 1, 1]));
  assertClose(again.data, steps.map((s) => s[0]), { rtol: 1e-6, atol: 1e-7 });
  // shorter and longer sequences reuse the model: predict on T = 20 and T = 80
  assert.deepEqual(model.predict(data([2, 20, 1], 30)).shape, [2, 20, 1]);
  assert.deepEqual(model.predict(data([2, 80, 1], 31)).shape, [2, 80, 1]);
});

test('gradient check: a Bidirectional encoder whose concatenated states start a decoder; mergeMode null; initial states in', () => {
  setRandomSeed(9);
  const enc = Input({ shape: [4, 2] }), dec = Input({ shape: [3, 2] });
  const [seq, fh, fc, bh, bc] = syms(new rk.Bidirectional({ layer: new LSTM({ units: 2, returnSequences: true, returnState: true }) }).apply(enc));
  const h = sym(new rk.Concatenate().apply([fh, bh])), c = sym(new rk.Concatenate().apply([fc, bc]));
  const decoded = sym(new LSTM({ units: 4, returnSequences: true }).apply(dec, { initialState: [h, c] }));
  const model = new Model({ inputs: [enc, dec], outputs: [decoded, seq] });
  expectPass(checkModelGradients(model, [data([2, 4, 2], 40), data([2, 3, 2], 41)]));

  const x = Input({ shape: [4, 2] }), s0 = Input({ shape: [3] }), s1 = Input({ shape: [3] });
  const [yf, yb, hf, hb] = syms(new rk.Bidirectional({ layer: new GRU({ units: 3, returnSequences: true, returnState: true }), mergeMode: null }).apply(x, { initialState: [s0, s1] }));
  const both = new Model({ inputs: [x, s0, s1], outputs: [yf, yb, hf, hb] });
  expectPass(checkModelGradients(both, [data([2, 4, 2], 42), data([2, 3], 43), data([2, 3], 44)]));
  // the backward output comes back in input order (Keras flips it), as the eager apply gives it (eager apply runs on
  // user memory, so the reference kernels: equal to float32 rounding)
  const bi = both.layers.find((l) => l instanceof rk.Bidirectional) as rk.Bidirectional;
  const xs = data([2, 4, 2], 45), st = [data([2, 3], 46), data([2, 3], 47)];
  const eager = bi.apply(xs, { initialState: st }) as rk.Tensor[];
  both.predictAll([xs, ...st]).forEach((t, k) => assertClose(t.data, eager[k].data, { rtol: 1e-5, atol: 1e-6, what: `output ${k}` }));
});

test('found by a new user: per-output monitors, a null-width output, duplicate names, zero-length axes, clear misuse errors', async () => {
  const { monitorMaximizes } = await import('../src/callbacks/monitor.js');
  setRandomSeed(10);
  const inp = Input({ shape: [4, 2] });
  const h = sym(new GRU({ units: 3 }).apply(inp));
  const model = new Model({ inputs: inp, outputs: [sym(new Dense({ units: 1, name: 'lvl' }).apply(h)), sym(new Dense({ units: 2, activation: 'softmax', name: 'cls' }).apply(h))] });
  model.compile({ optimizer: 'adam', loss: ['mse', 'sparse_categorical_crossentropy'], metrics: [['mae'], ['accuracy']] });
  assert.equal(monitorMaximizes(model, 'val_cls_accuracy', 'auto'), true);
  assert.equal(monitorMaximizes(model, 'val_lvl_mae', 'auto'), false);
  assert.equal(monitorMaximizes(model, 'lvl_loss', 'auto'), false);
  const stop = new rk.EarlyStopping({ monitor: 'val_cls_accuracy', patience: 5 });
  await model.fit(data([8, 4, 2], 50), [data([8, 1], 51), tensor([0, 1, 0, 1, 0, 1, 0, 1], [8])], { epochs: 1, verbose: 0, validationSplit: 0.25, callbacks: [stop] });

  // an output whose last axis is the (variable) time axis trains once data fixes it
  const v = Input({ shape: [null, 3] });
  const permuted = new Model({ inputs: v, outputs: sym(new rk.Permute({ dims: [2, 1] }).apply(sym(new Dense({ units: 2 }).apply(v)))) });
  permuted.compile({ optimizer: 'adam', loss: 'mse' });
  await permuted.fit(data([4, 5, 3], 52), data([4, 2, 5], 53), { epochs: 1, verbose: 0 });
  assert.deepEqual(new Model({ inputs: v, outputs: sym(new rk.Flatten().apply(v)) }).outputs[0].shape, [null, null]);

  const a = Input({ shape: [2], name: 'same' }), b = Input({ shape: [2], name: 'same' });
  assert.throws(() => new Model({ inputs: [a, b], outputs: sym(new rk.Add().apply([a, b])) }), /two layers are named 'same'/);
  assert.throws(() => permuted.predict(new rk.Tensor(new Float32Array(0), [2, 0, 3])), /axis of length 0/);
  assert.throws(() => new (Model as unknown as new (a: unknown, b: unknown) => Model)(inp, h), /Model takes one options object: new Model\(\{ inputs, outputs \}\)/);
  assert.throws(() => new rk.Concatenate().apply(h), /takes a list of inputs/);
  assert.throws(() => new rk.Add().apply([inp, data([2, 4, 2], 55)] as never), /mixing symbolic tensors and data/);
  assert.throws(() => new Model({ inputs: [], outputs: h }), /inputs is an empty list/);
  assert.throws(() => model.evaluate(data([8, 4, 2], 56), [data([8, 1], 57), tensor(Array(8).fill(5), [8])]), /y\['cls'\] must hold integer class labels/);
  assert.throws(() => rk.loadModelFromArtifacts({ modelTopology: { class_name: 'Model', config: { name: 'm', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 2], name: 'in' }, name: 'in', inbound_nodes: [] }, { class_name: 'constructor', config: { name: 'x' }, name: 'x', inbound_nodes: [[['in', 0, 0, {}]]] }], input_layers: [['in', 0, 0]], output_layers: [['x', 0, 0]] } }, weightSpecs: [], weightData: new ArrayBuffer(0) } as never), /unknown layer class 'constructor'/);
});

test('a model called on data (Keras model(x)) returns every output, takes several inputs, and runs Dropout only with training: true', () => {
  setRandomSeed(4);
  const a = Input({ shape: [4, 2] }), b = Input({ shape: [3] });
  const h = sym(new LSTM({ units: 3 }).apply(a));
  const joined = sym(new rk.Concatenate().apply([h, b]));
  const dropped = sym(new rk.Dropout({ rate: 0.5 }).apply(joined));
  const model = new Model({ inputs: [a, b], outputs: [sym(new Dense({ units: 1 }).apply(dropped)), sym(new Dense({ units: 2 }).apply(joined))] });
  const xa = data([5, 4, 2], 11), xb = data([5, 3], 12);
  const out = model.apply([xa, xb]) as rk.Tensor[];
  assert.deepEqual(out.map((t) => t.shape), [[5, 1], [5, 2]]);
  const predicted = model.predict([xa, xb]) as unknown as rk.Tensor[];
  out.forEach((t, k) => assert.deepEqual(Array.from(t.data), Array.from(predicted[k].data)));
  // training: Dropout zeroes about half of the joined features, so the first output moves; the second (no Dropout) does not
  const trained = model.apply([xa, xb], { training: true }) as rk.Tensor[];
  assert.notDeepEqual(Array.from(trained[0].data), Array.from(out[0].data));
  assert.deepEqual(Array.from(trained[1].data), Array.from(out[1].data));
  assert.throws(() => model.apply([xa, xb], { mask: [[1, 1, 1, 1]] }), /takes no mask/);
  assert.throws(() => model.apply([xa, xb], { initialState: [xb] }), /takes no initialState/);
  assert.throws(() => model.apply([xa, xb], { trainig: true } as never), /unknown option 'trainig'/);
  // Keras's None: no mask, no states, no options
  assert.deepEqual(Array.from((model.apply([xa, xb], { mask: null, initialState: null } as never) as rk.Tensor[])[1].data), Array.from(out[1].data));
  assert.deepEqual(Array.from((model.apply([xa, xb], null as never) as rk.Tensor[])[1].data), Array.from(out[1].data));
  assert.throws(() => model.apply(xa), /input/i);
});

test('a list of several tensors for a one-input model is refused by name; typed-array rows are still data', () => {
  const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
  const x = tensor([[1, 2], [3, 4]]);
  assert.throws(() => model.predict([x, x]), /x is a list of 2 arrays, but the model has one input \('[a-z_0-9]+'\): pass one array \(or a list of one\)/);
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  assert.throws(() => model.trainOnBatch(x, [tensor([[1], [2]]), tensor([[1], [2]])]), /y is a list of 2 arrays, but the model has one output/);
  assert.deepEqual(model.predict([new Float32Array([1, 2]), new Float32Array([3, 4])]).data, model.predict(x).data);
});

test('a model called on data without training runs in predict-sized batches (small buffers, the same bits); stateful models take the whole batch', () => {
  setRandomSeed(6);
  const model = new Sequential({ layers: [new Dense({ units: 256, inputShape: [100, 8] }), new rk.GlobalAveragePooling1D({}), new Dense({ units: 1 })] });
  const x = data([600, 100, 8], 21);
  const expected = Array.from(model.predict(x).data);
  const rt = wasmRuntime();
  const before = rt?.memory.buffer.byteLength ?? 0;
  assert.deepEqual(Array.from((model.apply(x) as rk.Tensor).data), expected);
  // the whole batch at once would hold 600 × 100 × 256 floats (59 MiB) for the first layer's output alone
  if (rt) assert.ok(rt.memory.buffer.byteLength - before < 16 * 2 ** 20, `grew by ${(rt.memory.buffer.byteLength - before) / 2 ** 20} MiB`);
  const stateful = new Sequential({ layers: [new LSTM({ units: 3, stateful: true, batchInputShape: [40, 2, 1] })] });
  const xs = data([40, 2, 1], 22);
  const first = (stateful.apply(xs) as rk.Tensor).data;
  assert.deepEqual((stateful.apply(xs) as rk.Tensor).shape, [40, 3]); // one batch of 40: the layer's declared batch
  stateful.resetStates();
  assert.deepEqual(Array.from((stateful.apply(xs) as rk.Tensor).data), Array.from(first));
});

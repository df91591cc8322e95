// Merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot): forward against TF.js's
// layers of the same names (the oracle; TF.js follows Keras 2's merge code, which computes the same values for
// unmasked inputs), masked semantics against a float64 reference written from Keras 3's base_merge.py /
// multiply.py / concatenate.py, float64 gradient checks of small models (inputs and weights), errors, configs.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { Add, Average, Concatenate, Dense, Dot, Input, Maximum, Minimum, Model, Multiply, Subtract, SymbolicTensor, checkModelGradients, setRandomSeed, tensor } from '../src/index.js';
import { deserializeLayer } from '../src/registry/registry.js';
import { newContext, type Layer } from '../src/layers/layer.js';
import { assertClose, randomArray } from './helpers.js';

const sym = (x: unknown): SymbolicTensor => x as SymbolicTensor;
const data = (shape: number[], seed: number) => tensor(Array.from(randomArray(shape.reduce((a, b) => a * b, 1), seed)), shape);
const expectPass = (r: rk.GradientCheckResult) => assert.ok(r.passed, JSON.stringify(r.entries.filter((e) => !e.passed)));

/** rnnkit's prediction of `layer` on inputs of these shapes (batch first) next to TF.js's. */
function compareWithTfjs(make: () => Layer, tfLayer: tf.layers.Layer | ((xs: tf.Tensor[]) => tf.Tensor), shapes: number[][], seed: number): void {
  const xs = shapes.map((s, i) => data(s, seed + i));
  const inputs = shapes.map((s) => Input({ shape: s.slice(1) }));
  const model = new Model({ inputs, outputs: sym(make().apply(inputs)) });
  const ours = model.predict(xs);
  const txs = xs.map((x) => tf.tensor(Array.from(x.data), x.shape));
  const theirs = typeof tfLayer === 'function' ? tfLayer(txs) : (tfLayer.apply(txs) as tf.Tensor);
  assert.deepEqual(ours.shape, theirs.shape);
  assertClose(ours.data, theirs.dataSync(), { rtol: 1e-5, atol: 1e-6, what: make().getClassName() });
}

test('elementwise merges match TF.js on equal and broadcast shapes', () => {
  // TF.js has no Subtract layer: its oracle is tf.sub after Keras's expansion of the lower-rank input at axis 1.
  const sub = (xs: tf.Tensor[]): tf.Tensor => tf.sub(xs[0].rank < xs[1].rank ? xs[0].expandDims(1) : xs[0], xs[1].rank < xs[0].rank ? xs[1].expandDims(1) : xs[1]);
  const cases: [() => Layer, () => tf.layers.Layer | typeof sub][] = [
    [() => new Add(), () => tf.layers.add({})], [() => new Subtract(), () => sub],
    [() => new Multiply(), () => tf.layers.multiply({})], [() => new Average(), () => tf.layers.average({})],
    [() => new Maximum(), () => tf.layers.maximum({})], [() => new Minimum(), () => tf.layers.minimum({})],
  ];
  cases.forEach(([ours, theirs], i) => {
    compareWithTfjs(ours, theirs(), [[3, 4, 5], [3, 4, 5]], 10 * i);
    compareWithTfjs(ours, theirs(), [[2, 3, 4], [2, 1, 4]], 10 * i + 3); // size-1 axis stretches
    compareWithTfjs(ours, theirs(), [[2, 3, 4], [2, 4]], 10 * i + 5); // lower rank: expanded after the batch axis
    if (i !== 1) compareWithTfjs(ours, theirs(), [[2, 5], [2, 5], [2, 5]], 10 * i + 7);
    if (i !== 1) { // Keras 3 merges accept a single input: the identity
      const inp = Input({ shape: [3] }), x = data([2, 3], i);
      assert.deepEqual(Array.from(new Model({ inputs: inp, outputs: sym(ours().apply([inp])) }).predict(x).data), Array.from(x.data));
    }
  });
});

test('Concatenate and Dot match TF.js', () => {
  compareWithTfjs(() => new Concatenate(), tf.layers.concatenate({}), [[2, 3, 4], [2, 3, 2]], 1);
  compareWithTfjs(() => new Concatenate({ axis: 1 }), tf.layers.concatenate({ axis: 1 }), [[2, 3, 4], [2, 2, 4], [2, 1, 4]], 2);
  compareWithTfjs(() => new Concatenate({ axis: -2 }), (xs) => tf.concat(xs, 2), [[2, 3, 4, 2], [2, 3, 1, 2]], 3); // tf.layers.concatenate throws on this 4-D case
  compareWithTfjs(() => new Dot({ axes: 1 }), tf.layers.dot({ axes: 1 }), [[3, 4], [3, 4]], 4);
  compareWithTfjs(() => new Dot({ axes: [2, 2] }), tf.layers.dot({ axes: [2, 2] }), [[2, 3, 4], [2, 5, 4]], 5);
  compareWithTfjs(() => new Dot({ axes: [1, 2] }), tf.layers.dot({ axes: [1, 2] }), [[2, 3, 4], [2, 5, 3]], 6);
  compareWithTfjs(() => new Dot({ axes: -1, normalize: true }), tf.layers.dot({ axes: -1, normalize: true }), [[2, 3, 4], [2, 5, 4]], 7);
  compareWithTfjs(() => new Dot({ axes: [1, 1] }), tf.layers.dot({ axes: [1, 1] }), [[2, 3, 4], [2, 3]], 8);
});

test('gradient check: every merge layer in a model (inputs and weights, float64)', () => {
  setRandomSeed(3);
  const makers: [string, () => Layer, number[][]][] = [
    ['Add', () => new Add(), [[3, 4], [3, 4], [1, 4]]], ['Subtract', () => new Subtract(), [[3, 4], [4]]],
    ['Multiply', () => new Multiply(), [[3, 4], [3, 1], [3, 4]]], ['Average', () => new Average(), [[3, 4], [3, 4]]],
    ['Maximum', () => new Maximum(), [[3, 4], [3, 4], [3, 4]]], ['Minimum', () => new Minimum(), [[3, 4], [4]]],
    ['Concatenate', () => new Concatenate({ axis: 1 }), [[3, 4], [2, 4]]], ['Dot', () => new Dot({ axes: [2, 2] }), [[3, 4], [2, 4]]],
    ['Dot normalize', () => new Dot({ axes: [1, 1], normalize: true }), [[3, 4], [3, 2]]],
  ];
  makers.forEach(([what, make, shapes], m) => {
    const inputs = shapes.map((s) => Input({ shape: s }));
    const dense = new Dense({ units: 4, activation: 'tanh' });
    const first = sym(dense.apply(inputs[0])); // a layer with weights before the merge
    const merged = sym(make().apply([first, ...inputs.slice(1)]));
    const model = new Model({ inputs, outputs: merged });
    const xs = shapes.map((s, i) => data([2, ...s], 100 * m + i));
    const r = checkModelGradients(model, xs);
    assert.ok(r.passed, `${what}: ${JSON.stringify(r.entries.filter((e) => !e.passed))}`);
  });
});

/** Runs a merge directly through the graph protocol with timestep masks; returns [output, output mask]. */
function runMasked(layer: Layer, xs: number[][], shape: number[], masks: (number[] | null)[], B: number): [number[], number[] | null] {
  layer.buildFromShapes(xs.map(() => shape));
  const ctx = { ...newContext(shape), inputShapes: xs.map(() => shape), masks: masks.map((m) => (m ? Uint8Array.from(m) : null)) };
  const [y] = layer.callForward(xs.map((x) => Float32Array.from(x)), B, ctx);
  return [Array.from(y.subarray(0, xs[0].length)), layer.outputMask ? Array.from(layer.outputMask) : null];
}

test('masked Multiply / Maximum / Minimum follow Keras 3 (masked steps skipped; output mask = OR)', () => {
  // B = 1, T = 3, F = 2. Reference written from Keras 3 multiply.py / base_merge._apply_merge_op_and_or_mask.
  const a = [1, 2, 3, 4, 5, 6], b = [-1, 7, 2, -2, 9, 1];
  const ma = [1, 0, 0], mb = [0, 1, 0];
  // Multiply: masked-out → 1, then 0 where both masked out: step0 a, step1 b, step2 0.
  assert.deepEqual(runMasked(new Multiply(), [a, b], [3, 2], [ma, mb], 1), [[1, 2, 2, -2, 0, 0], [1, 1, 0]]);
  // One mask missing: no output mask and no zeroing; b's masked steps count as 1 (a has no mask: all real).
  assert.deepEqual(runMasked(new Multiply(), [a, b], [3, 2], [null, mb], 1), [[1, 2, 6, -8, 5, 6], null]);
  // Maximum: step0 only a, step1 only b, step2 both masked → input 0 (Keras's fold keeps its running value).
  assert.deepEqual(runMasked(new Maximum(), [a, b], [3, 2], [ma, mb], 1), [[1, 2, 2, -2, 5, 6], [1, 1, 0]]);
  assert.deepEqual(runMasked(new Minimum(), [b, a], [3, 2], [mb, ma], 1), [[1, 2, 2, -2, 9, 1], [1, 1, 0]]);
  // Add ignores masks in its values (Keras 3 add.py) but passes the OR on.
  assert.deepEqual(runMasked(new Add(), [a, b], [3, 2], [ma, mb], 1), [[0, 9, 5, 2, 14, 7], [1, 1, 0]]);
});

test('Concatenate masks: time axis concatenates (missing = ones), feature axis ORs', () => {
  const a = [1, 2, 3, 4], b = [5, 6, 7, 8];
  assert.deepEqual(runMasked(new Concatenate({ axis: 1 }), [a, b], [2, 2], [[1, 0], null], 1)[1], [1, 0, 1, 1]);
  assert.deepEqual(runMasked(new Concatenate({ axis: -1 }), [a, b], [2, 2], [[1, 0], [0, 0]], 1)[1], [1, 0]);
  assert.deepEqual(runMasked(new Concatenate({ axis: -1 }), [a, b], [2, 2], [[1, 0], null], 1)[1], [1, 1]);
  assert.equal(runMasked(new Concatenate(), [a, b], [2, 2], [null, null], 1)[1], null);
  assert.equal(runMasked(new Dot({ axes: 2 }), [a, b], [2, 2], [[1, 0], [1, 1]], 1)[1], null);
});

test('gradient check: a Maximum with ties sends the gradient to the earliest input', () => {
  const inputs = [Input({ shape: [3] }), Input({ shape: [3] })];
  const model = new Model({ inputs, outputs: sym(new Maximum().apply(inputs)) });
  const exec = model.graphExecutor();
  exec.setInputGrads(true);
  exec.setInputShapes([[3], [3]]);
  exec.forward([Float32Array.from([1, 2, 3]), Float32Array.from([1, 5, 0])], 1, false);
  exec.backward([Float32Array.from([10, 20, 30])], 1);
  assert.deepEqual(Array.from(exec.grad(exec.inputSlots[0])!), [10, 0, 30]);
  assert.deepEqual(Array.from(exec.grad(exec.inputSlots[1])!), [0, 20, 0]);
  exec.setInputGrads(false);
});

test('merge layers reject bad shapes, wrong input counts and unknown options', () => {
  const i3 = Input({ shape: [3] }), i4 = Input({ shape: [4] }), j3 = Input({ shape: [3] }), k23 = Input({ shape: [2, 3] });
  assert.throws(() => new Add().apply([i3, i4]), /incompatible shapes.*\[batch, 3\] and \[batch, 4\]/);
  assert.throws(() => new Subtract().apply([i3, j3, i3]), /Subtract should be called on a list of exactly 2 inputs, got 3/);
  assert.throws(() => new Subtract().apply(i3), /takes a list of inputs/);
  assert.throws(() => new Subtract().apply([i3]), /exactly 2 inputs, got 1/);
  assert.throws(() => new Concatenate({ axis: 1 }).apply([i3, k23]), /matching shapes except for the concatenation axis/);
  assert.throws(() => new Concatenate({ axis: 3 }).apply([k23, k23]), /axis 3 is out of range/);
  assert.throws(() => new Concatenate({ axis: 0 }), /0 is the batch axis/);
  assert.throws(() => new Dot({ axes: 1 }).apply([i3, i4]), /axis values 3 \(at axis 1\) != 4/);
  assert.throws(() => new Dot({ axes: 1 }).apply([i3, j3, i3]), /exactly 2 inputs, got 3/);
  assert.throws(() => new Dot({ axes: [1, 2, 3] as unknown as number }), /axes must be/);
  assert.throws(() => new Add({ axis: 1 } as never), /Add: unknown option 'axis'/);
  assert.throws(() => new Dot({ axes: 1, normalise: true } as never), /unknown option 'normalise'/);
  const masked = new Maximum();
  assert.throws(() => runMasked(masked, [[1, 2, 3, 4]], [4], [[1, 0, 1, 1]], 1), /masked inputs must all have the shape \[batch, steps, features\]/);
});

test('merge layer configs round-trip through deserializeLayer', () => {
  const layers: Layer[] = [new Add({ name: 'a1' }), new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum(),
    new Concatenate({ axis: 1, name: 'cat' }), new Dot({ axes: [1, 2], normalize: true, trainable: false })];
  for (const l of layers) {
    const back = deserializeLayer({ className: l.getClassName(), config: l.getConfig() });
    assert.equal(back.getClassName(), l.getClassName());
    assert.deepEqual(back.getConfig(), l.getConfig());
  }
});

test('gradient check: masked Multiply / Maximum / Concatenate after Masking → Dense (weights; the masks stay fixed)', () => {
  setRandomSeed(9);
  for (const make of [() => new Multiply(), () => new Maximum(), () => new Minimum(), () => new Concatenate({ axis: 1 })]) {
    const inputs = [Input({ shape: [4, 3] }), Input({ shape: [4, 3] })];
    const branches = inputs.map((i) => sym(new Dense({ units: 2, activation: 'tanh' }).apply(sym(new rk.Masking({ maskValue: 0 }).apply(i)))));
    const model = new Model({ inputs, outputs: sym(make().apply(branches)) });
    const xs = [data([2, 4, 3], 1), data([2, 4, 3], 2)];
    // zero steps: sample 0 step 1 in input 0; sample 0 step 1 and sample 1 step 3 in input 1 (both masked at one step)
    for (const [x, b, t] of [[0, 0, 1], [1, 0, 1], [1, 1, 3]] as const) xs[x].data.fill(0, (b * 4 + t) * 3, (b * 4 + t + 1) * 3);
    expectPass(checkModelGradients(model, xs, { checkInput: false }));
  }
});

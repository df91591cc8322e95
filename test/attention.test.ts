// Attention (Luong) and AdditiveAttention (Bahdanau). TF.js has no Attention layer, so the forward oracle is a
// float64 reference written here from Keras 3's formulas (keras/src/layers/attention/attention.py and
// additive_attention.py: scores, `scores − 1e9` on masked-out value steps and future steps, softmax over the value
// axis, zeroed masked query steps); then float64 gradient checks of models (inputs and weights), dropout in
// training, errors, weight names and configs.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as rk from '../src/index.js';
import { AdditiveAttention, Attention, Dense, Input, Masking, Model, SymbolicTensor, checkModelGradients, setRandomSeed, tensor, type Tensor } from '../src/index.js';
import { deserializeLayer } from '../src/registry/registry.js';
import { assertClose, randomArray } from './helpers.js';

const sym = (x: unknown): SymbolicTensor => x as SymbolicTensor;
const syms = (x: unknown): SymbolicTensor[] => x as SymbolicTensor[];
const data = (shape: number[], seed: number) => tensor(Array.from(randomArray(shape.reduce((a, b) => a * b, 1), seed)), shape);
const expectPass = (r: rk.GradientCheckResult) => assert.ok(r.passed, JSON.stringify(r.entries.filter((e) => !e.passed)));

interface RefOptions { mode: 'dot' | 'concat' | 'additive'; scale?: number | number[]; c?: number; causal?: boolean }

/** Keras 3's attention in float64 for one batch: q [B,Tq,D], v [B,Tv,Dv], k [B,Tv,D]; masks [B,T] (1 = real). */
function reference(q: Tensor, v: Tensor, k: Tensor, o: RefOptions, qMask?: number[], vMask?: number[]): { out: number[]; W: number[] } {
  const [B, Tq, D] = q.shape, [, Tv, Dv] = v.shape;
  const out: number[] = [], W: number[] = [];
  for (let b = 0; b < B; b++) for (let i = 0; i < Tq; i++) {
    const S: number[] = [];
    for (let j = 0; j < Tv; j++) {
      let s = 0;
      for (let d = 0; d < D; d++) {
        const qd = q.data[(b * Tq + i) * D + d], kd = k.data[(b * Tv + j) * D + d];
        if (o.mode === 'dot') s += qd * kd;
        else if (o.mode === 'concat') s += Math.tanh(((o.scale as number) ?? 1) * (qd + kd));
        else s += (Array.isArray(o.scale) ? o.scale[d] : 1) * Math.tanh(qd + kd);
      }
      if (o.mode === 'dot' && o.scale !== undefined) s *= o.scale as number;
      if (o.mode === 'concat') s *= o.c ?? 1;
      // Keras computes `scores − 1e9` in float32: a fully masked row becomes uniform (all scores round to −1e9)
      if ((vMask && !vMask[b * Tv + j]) || (o.causal && j > i)) s = Math.fround(Math.fround(s) - 1e9);
      S.push(s);
    }
    const m = Math.max(...S), e = S.map((s) => Math.exp(s - m)), z = e.reduce((a, x) => a + x, 0);
    const w = e.map((x) => x / z);
    W.push(...w);
    for (let f = 0; f < Dv; f++) {
      let acc = 0;
      for (let j = 0; j < Tv; j++) acc += w[j] * v.data[(b * Tv + j) * Dv + f];
      out.push(qMask && !qMask[b * Tq + i] ? 0 : acc);
    }
  }
  return { out, W };
}

test('Attention and AdditiveAttention match the float64 Keras reference (dot, scale, concat, additive, key, causal)', () => {
  const q = data([2, 3, 4], 1), v = data([2, 5, 3], 2), k = data([2, 5, 4], 3), kv = data([2, 5, 4], 4);
  const cases: [() => rk.Layer, RefOptions, number[][] | null, boolean, boolean][] = [
    [() => new Attention(), { mode: 'dot' }, null, true, false],
    [() => new Attention({ useScale: true }), { mode: 'dot', scale: 0.7 }, [[0.7]], true, false],
    [() => new Attention({ useScale: true, scoreMode: 'concat' }), { mode: 'concat', scale: 1.3, c: -0.6 }, [[1.3], [-0.6]], true, true],
    [() => new Attention({ scoreMode: 'concat' }), { mode: 'concat', c: 1 }, null, false, false],
    [() => new AdditiveAttention(), { mode: 'additive', scale: [0.5, -1, 2, 0.1] }, [[0.5, -1, 2, 0.1]], true, true],
    [() => new AdditiveAttention({ useScale: false }), { mode: 'additive' }, null, false, true],
  ];
  cases.forEach(([make, opts, weights, withKey, causal]) => {
    const qi = Input({ shape: [3, 4] }), vi = Input({ shape: [5, withKey ? 3 : 4] }), ki = Input({ shape: [5, 4] });
    const layer = make();
    const [out, scores] = syms(layer.apply(withKey ? [qi, vi, ki] : [qi, vi], { useCausalMask: causal, returnAttentionScores: true }));
    const model = new Model({ inputs: withKey ? [qi, vi, ki] : [qi, vi], outputs: [out, scores] });
    if (weights) layer.setWeights(weights.map((w, i) => tensor(w, layer.weights[i].shape)));
    const vv = withKey ? v : kv;
    const [y, w] = model.predictAll(withKey ? [q, v, k] : [q, vv]);
    const ref = reference(q, vv, withKey ? k : vv, { ...opts, causal });
    assert.deepEqual(y.shape, [2, 3, vv.shape[2]]);
    assert.deepEqual(w.shape, [2, 3, 5]);
    assertClose(y.data, ref.out, { rtol: 1e-5, atol: 1e-6, what: `${layer.getClassName()} output` });
    assertClose(w.data, ref.W, { rtol: 1e-5, atol: 1e-6, what: `${layer.getClassName()} scores` });
  });
});

test('Attention masks: value steps masked out get no weight, masked query steps give zeros (Keras 3)', () => {
  const q = data([2, 3, 2], 5), v = data([2, 4, 2], 6);
  q.data.fill(0, 2, 4); // sample 0, query step 1 masked
  v.data.fill(0, (1 * 4 + 2) * 2, (1 * 4 + 3) * 2); // sample 1, value step 2 masked
  v.data.fill(0, 0, 2); // sample 0, value step 0 masked
  for (const [make, mode] of [[() => new Attention(), 'dot'], [() => new AdditiveAttention({ useScale: false }), 'additive']] as const) {
    const qi = Input({ shape: [3, 2] }), vi = Input({ shape: [4, 2] });
    const qm = sym(new Masking().apply(qi)), vm = sym(new Masking().apply(vi));
    const layer = make();
    const [out, scores] = syms(layer.apply([qm, vm], { returnAttentionScores: true, useCausalMask: true }));
    const [y, w] = new Model({ inputs: [qi, vi], outputs: [out, scores] }).predictAll([q, v]);
    assert.deepEqual(Array.from(layer.outputMask!), [1, 0, 1, 1, 1, 1], 'output mask = query mask');
    const ref = reference(q, v, v, { mode, causal: true }, [1, 0, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1, 0, 1]);
    assertClose(y.data, ref.out, { what: `${mode} masked output` });
    assertClose(w.data, ref.W, { what: `${mode} masked scores` });
    assert.equal(w.data[0 * 12 + 0 * 4 + 0], 1 / 4, 'step 0 of sample 0: every value step masked (value mask + causal) → uniform, as Keras');
    assert.equal(w.data[1 * 12 + 2 * 4 + 2], 0);
  }
});

test('gradient check: Attention and AdditiveAttention in models (inputs and weights, float64)', () => {
  setRandomSeed(7);
  const makers: [string, () => rk.Layer, boolean, boolean, boolean][] = [
    ['dot', () => new Attention(), false, false, false], ['dot+scale+key', () => new Attention({ useScale: true }), true, false, true],
    ['concat+scale', () => new Attention({ useScale: true, scoreMode: 'concat' }), false, true, true],
    ['concat', () => new Attention({ scoreMode: 'concat' }), true, true, false],
    ['additive+key', () => new AdditiveAttention(), true, false, true], ['additive', () => new AdditiveAttention({ useScale: false }), false, true, false],
  ];
  makers.forEach(([what, make, withKey, causal, scores], m) => {
    const qi = Input({ shape: [3, 2] }), vi = Input({ shape: [4, 3] }), ki = Input({ shape: [4, 2] });
    const q = sym(new Dense({ units: 2, activation: 'tanh' }).apply(qi)); // weights upstream of the query
    const v = withKey ? vi : sym(new Dense({ units: 2 }).apply(vi));
    const layer = make();
    const res = syms([layer.apply(withKey ? [q, v, ki] : [q, v], { useCausalMask: causal, returnAttentionScores: scores })].flat());
    const model = new Model({ inputs: withKey ? [qi, vi, ki] : [qi, vi], outputs: res });
    if (layer.weights.length) layer.setWeights(layer.weights.map((w, i) => tensor(Array.from(randomArray(w.size, 50 + i)), w.shape)));
    const xs = [data([2, 3, 2], 10 * m), data([2, 4, 3], 10 * m + 1), ...(withKey ? [data([2, 4, 2], 10 * m + 2)] : [])];
    const r = checkModelGradients(model, xs);
    assert.ok(r.passed, `${what}: ${JSON.stringify(r.entries.filter((e) => !e.passed))}`);
  });
});

test('gradient check: masked attention (query and value masks from Masking; weights, masks fixed)', () => {
  setRandomSeed(8);
  const qi = Input({ shape: [3, 2] }), vi = Input({ shape: [4, 2] });
  const q = sym(new Dense({ units: 2, activation: 'tanh' }).apply(sym(new Masking().apply(qi))));
  const v = sym(new Dense({ units: 2 }).apply(sym(new Masking().apply(vi))));
  const model = new Model({ inputs: [qi, vi], outputs: [sym(new AdditiveAttention().apply([q, v])), sym(new Attention({ useScale: true }).apply([q, v]))] });
  const xq = data([2, 3, 2], 1), xv = data([2, 4, 2], 2);
  xq.data.fill(0, 2, 4);
  xv.data.fill(0, 12, 14);
  expectPass(checkModelGradients(model, [xq, xv], { checkInput: false }));
});

test('Attention dropout (training only): weights are 0 or W/(1 − rate), output = dropped weights · value', () => {
  setRandomSeed(9);
  const qi = Input({ shape: [3, 2] }), vi = Input({ shape: [6, 2] });
  const [out, scores] = syms(new Attention({ dropout: 0.5, seed: 3 }).apply([qi, vi], { returnAttentionScores: true }));
  const model = new Model({ inputs: [qi, vi], outputs: [out, scores] });
  const q = data([2, 3, 2], 1), v = data([2, 6, 2], 2);
  const plain = reference(q, v, v, { mode: 'dot' });
  const [y0, w0] = model.predictAll([q, v]); // inference: no dropout
  assertClose(w0.data, plain.W);
  const exec = model.graphExecutor();
  exec.setInputShapes([[3, 2], [6, 2]]);
  exec.forward([Float32Array.from(q.data), Float32Array.from(v.data)], 2, true);
  const wd = Array.from(exec.value(exec.outputSlots[1]).subarray(0, 36)), yd = Array.from(exec.value(exec.outputSlots[0]).subarray(0, 12));
  let zeros = 0;
  wd.forEach((w, i) => { if (w === 0) zeros++; else assertClose([w], [plain.W[i] * 2], { rtol: 1e-5 }); });
  assert.ok(zeros > 5 && zeros < 31, `${zeros} of 36 weights dropped at rate 0.5`);
  const expected = [];
  for (let b = 0; b < 2; b++) for (let i = 0; i < 3; i++) for (let f = 0; f < 2; f++) {
    let s = 0;
    for (let j = 0; j < 6; j++) s += wd[b * 18 + i * 6 + j] * v.data[(b * 6 + j) * 2 + f];
    expected.push(s);
  }
  assertClose(yd, expected, { rtol: 1e-5 });
  assert.ok(y0.data.some((x, i) => Math.abs(x - yd[i]) > 1e-6));
});

test('attention layers: weight names and shapes as Keras; errors for bad inputs and options', () => {
  const qi = Input({ shape: [3, 4] }), vi = Input({ shape: [5, 2] }), ki = Input({ shape: [5, 4] });
  const a = new Attention({ useScale: true, scoreMode: 'concat' });
  a.apply([qi, vi, ki]);
  assert.deepEqual(a.weights.map((w) => [w.name, w.shape]), [['scale', []], ['concat_score_weight', []]]);
  assert.deepEqual(Array.from(a.weights[0].value), [1]);
  const add = new AdditiveAttention();
  add.apply([qi, vi, ki]);
  assert.deepEqual(add.weights.map((w) => [w.name, w.shape]), [['scale', [4]]]);
  assert.equal(new AdditiveAttention({ useScale: false }).countParams(), 0);
  assert.throws(() => new Attention().apply([qi]), /inputs \[query, value\] or \[query, value, key\]\) should be called on a list of 2 to 3 inputs, got 1/);
  assert.throws(() => new Attention().apply([qi, vi, ki, ki]), /2 to 3 inputs, got 4/);
  assert.throws(() => new Attention().apply(qi), /must be called on a list of inputs/);
  assert.throws(() => new Attention().apply([qi, vi]), /query and key need the same feature size, got query \[batch, 3, 4\] and value \(the key\) \[batch, 5, 2\]/);
  assert.throws(() => new Attention().apply([qi, vi, Input({ shape: [6, 4] })]), /same number of steps/);
  assert.throws(() => new Attention().apply([Input({ shape: [4] }), Input({ shape: [4] })]), /shape \[batch, steps, features\]/);
  assert.throws(() => new Attention({ scoreMode: 'general' as never }), /invalid scoreMode/);
  assert.throws(() => new Attention({ dropout: 1 }), /dropout must be in \[0, 1\)/);
  assert.throws(() => new AdditiveAttention({ scoreMode: 'dot' } as never), /AdditiveAttention: unknown option 'scoreMode'/);
  assert.throws(() => new Attention({ causal: true } as never), /Attention: unknown option 'causal'/);
  assert.throws(() => new Attention().apply([qi, ki], { useCausalMask: 1 as never }), /useCausalMask must be true or false/);
  assert.throws(() => new Dense({ units: 2 }).apply(qi, { useCausalMask: true }), /option 'useCausalMask' is not accepted/);
});

test('attention configs round-trip through deserializeLayer', () => {
  for (const l of [new Attention({ useScale: true, scoreMode: 'concat', dropout: 0.2, seed: 4, name: 'att' }), new AdditiveAttention({ useScale: false })]) {
    const back = deserializeLayer({ className: l.getClassName(), config: l.getConfig() });
    assert.deepEqual([back.getClassName(), back.getConfig()], [l.getClassName(), l.getConfig()]);
  }
  assert.deepEqual(Object.keys(new AdditiveAttention().getConfig()).sort(), ['dropout', 'name', 'seed', 'trainable', 'useScale']);
});

test('one Attention layer called twice keeps each call\'s options (causal on one node only) and one scale weight', () => {
  const qi = Input({ shape: [3, 2] }), vi = Input({ shape: [3, 2] });
  const att = new Attention({ useScale: true });
  const a = sym(att.apply([qi, vi], { useCausalMask: true })), b = sym(att.apply([qi, vi]));
  const model = new Model({ inputs: [qi, vi], outputs: [a, b] });
  assert.equal(model.weights.length, 1);
  const q = data([2, 3, 2], 3), v = data([2, 3, 2], 4);
  const [ya, yb] = model.predictAll([q, v]);
  assertClose(ya.data, reference(q, v, v, { mode: 'dot', scale: 1, causal: true }).out);
  assertClose(yb.data, reference(q, v, v, { mode: 'dot', scale: 1 }).out);
  expectPass(checkModelGradients(model, [q, v]));
});

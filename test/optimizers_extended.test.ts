// AdamW, Adagrad, Adadelta, Adamax, Nadam; clipping, weight decay and learning-rate schedules. Each update is
// checked for 6 steps against a float64 re-derivation of Keras 3's update_step written here, and Adagrad and
// Adamax also against TF.js's own optimizers on the same gradient sequence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  Adadelta, Adagrad, Adam, Adamax, AdamW, ConfigError, CosineDecay, ExponentialDecay, InverseTimeDecay, Nadam, Optimizer,
  PiecewiseConstantDecay, SGD, getOptimizer, initializers,
} from '../src/index.js';
import { ParamStore, type Variable } from '../src/memory/param_store.js';
import { assertClose, randomArray } from './helpers.js';

tf.setBackend('cpu');

const SIZES = [5, 4]; // two variables, for per-variable clipping
const N = SIZES[0] + SIZES[1];
const STEPS = 6;
const w0 = randomArray(N, 1);
const grads = Array.from({ length: STEPS }, (_, s) => randomArray(N, 10 + s, -2, 2));
grads.forEach((g) => (g[3] = 0));
const TOL = { rtol: 2e-6, atol: 1e-7 };

function runOurs(opt: Optimizer): Float32Array {
  let offset = 0;
  const vars: Variable[] = SIZES.map((size, i) => {
    const v: Variable = { name: `w${i}`, shape: [size], size, initializer: initializers.zeros(), regularizer: null, value: Float32Array.from(w0.subarray(offset, offset + size)), grad: new Float32Array(size) };
    offset += size;
    return v;
  });
  const store = new ParamStore(vars);
  for (const g of grads) {
    store.grads.set(g);
    opt.applyGradients(store);
  }
  return store.values as Float32Array;
}

type Update = (w: Float64Array, g: Float64Array, t: number, lr: number) => void;
/** Runs a float64 update rule over the gradient sequence; `pre` transforms gradients (clipping) first. */
function reference(update: Update, lr: (step: number) => number = () => 0.001, pre: (g: Float64Array) => Float64Array = (g) => g): Float64Array {
  const w = Float64Array.from(w0);
  grads.forEach((g, s) => update(w, pre(Float64Array.from(g)), s + 1, lr(s)));
  return w;
}

const zeros = () => new Float64Array(N);

test('Adagrad: acc += g²; w −= lr·g/√(acc + ε), acc starts at 0.1 (Keras adagrad.py)', () => {
  const acc = zeros().fill(0.1);
  const expected = reference((w, g, _t, lr) => { for (let i = 0; i < N; i++) { acc[i] += g[i] ** 2; w[i] -= (lr * g[i]) / Math.sqrt(acc[i] + 1e-7); } }, () => 0.01);
  assertClose(runOurs(new Adagrad({ learningRate: 0.01 })), expected, { ...TOL, what: 'Adagrad' });
});

test('Adadelta: Keras adadelta.py (ρ 0.95, ε 1e-7)', () => {
  const ag = zeros(), ad = zeros();
  const expected = reference((w, g, _t, lr) => {
    for (let i = 0; i < N; i++) {
      ag[i] = 0.95 * ag[i] + 0.05 * g[i] ** 2;
      const delta = (-Math.sqrt(ad[i] + 1e-7) * g[i]) / Math.sqrt(ag[i] + 1e-7);
      ad[i] = 0.95 * ad[i] + 0.05 * delta ** 2;
      w[i] += lr * delta;
    }
  }, () => 1.0);
  assertClose(runOurs(new Adadelta({ learningRate: 1.0 })), expected, { ...TOL, what: 'Adadelta' });
});

test('Adamax: m, u = max(β₂u, |g|), w −= lr·m/((1−β₁ᵗ)(u + ε))', () => {
  const m = zeros(), u = zeros();
  const expected = reference((w, g, t, lr) => {
    for (let i = 0; i < N; i++) {
      m[i] += (g[i] - m[i]) * 0.1;
      u[i] = Math.max(0.999 * u[i], Math.abs(g[i]));
      w[i] -= (lr * m[i]) / ((1 - 0.9 ** t) * (u[i] + 1e-7));
    }
  }, () => 0.01);
  assertClose(runOurs(new Adamax({ learningRate: 0.01 })), expected, { ...TOL, what: 'Adamax' });
});

test("Nadam: Keras nadam.py with the 0.96 momentum schedule and its running product", () => {
  const m = zeros(), v = zeros();
  let product = 1;
  const expected = reference((w, g, t, lr) => {
    const uT = 0.9 * (1 - 0.5 * 0.96 ** t), uNext = 0.9 * (1 - 0.5 * 0.96 ** (t + 1));
    product *= uT;
    for (let i = 0; i < N; i++) {
      m[i] += (g[i] - m[i]) * 0.1;
      v[i] += (g[i] ** 2 - v[i]) * 0.001;
      const mHat = (uNext * m[i]) / (1 - product * uNext) + ((1 - uT) * g[i]) / (1 - product);
      w[i] -= (lr * mHat) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-7);
    }
  }, () => 0.01);
  assertClose(runOurs(new Nadam({ learningRate: 0.01 })), expected, { ...TOL, what: 'Nadam' });
});

/** Keras Adam in float64 (see optimizers.test.ts), with decoupled decay w −= w·wd·lr applied first. */
function adamWithDecay(wd: number, lr: (s: number) => number, pre?: (g: Float64Array) => Float64Array): Float64Array {
  const m = zeros(), v = zeros();
  return reference((w, g, t, rate) => {
    for (let i = 0; i < N; i++) w[i] -= w[i] * wd * rate;
    const alpha = (rate * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    for (let i = 0; i < N; i++) {
      m[i] += (g[i] - m[i]) * 0.1;
      v[i] += (g[i] ** 2 - v[i]) * 0.001;
      w[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + 1e-7);
    }
  }, lr, pre);
}

test('AdamW = Adam with decoupled weight decay (default 0.004), applied before the update', () => {
  assertClose(runOurs(new AdamW({ learningRate: 0.05 })), adamWithDecay(0.004, () => 0.05), { ...TOL, what: 'AdamW' });
  assertClose(runOurs(new Adam({ learningRate: 0.05, weightDecay: 0.1 })), adamWithDecay(0.1, () => 0.05), { ...TOL, what: 'Adam weightDecay' });
});

test('clipnorm clips each variable, globalClipnorm all together, clipvalue each value (Keras _clip_gradients)', () => {
  const clipEach = (c: number) => (g: Float64Array) => {
    let o = 0;
    for (const size of SIZES) {
      let s = 0;
      for (let i = o; i < o + size; i++) s += g[i] ** 2;
      const norm = Math.sqrt(s);
      if (norm > c) for (let i = o; i < o + size; i++) g[i] *= c / norm;
      o += size;
    }
    return g;
  };
  const clipGlobal = (c: number) => (g: Float64Array) => {
    const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
    return norm > c ? g.map((v) => (v * c) / norm) : g;
  };
  const sgd = (w: Float64Array, g: Float64Array, _t: number, lr: number) => { for (let i = 0; i < N; i++) w[i] -= lr * g[i]; };
  assertClose(runOurs(new SGD({ learningRate: 0.1, clipnorm: 0.5 })), reference(sgd, () => 0.1, clipEach(0.5)), { ...TOL, what: 'clipnorm' });
  assertClose(runOurs(new SGD({ learningRate: 0.1, globalClipnorm: 0.5 })), reference(sgd, () => 0.1, clipGlobal(0.5)), { ...TOL, what: 'globalClipnorm' });
  assertClose(runOurs(new SGD({ learningRate: 0.1, clipvalue: 0.3 })), reference(sgd, () => 0.1, (g) => g.map((v) => Math.min(Math.max(v, -0.3), 0.3))), { ...TOL, what: 'clipvalue' });
  // clipping changes Adam too (the clipped gradient feeds the moments)
  assertClose(runOurs(new Adam({ learningRate: 0.05, clipnorm: 0.5 })), adamWithDecay(0, () => 0.05, clipEach(0.5)), { ...TOL, what: 'Adam clipnorm' });
  assert.throws(() => new SGD({ clipnorm: 1, globalClipnorm: 1 }), /only one of clipnorm and globalClipnorm/);
});

test('Adagrad and Adamax match TF.js on the same gradients (Adadelta: TF.js differs, see note)', () => {
  const run = (opt: tf.Optimizer): Float32Array => {
    const w = tf.variable(tf.tensor1d(Array.from(w0)));
    for (const g of grads) opt.applyGradients({ [w.name]: tf.tensor1d(Array.from(g)) });
    return w.dataSync() as Float32Array;
  };
  assertClose(runOurs(new Adagrad({ learningRate: 0.01 })), run(tf.train.adagrad(0.01, 0.1)), { rtol: 1e-5, atol: 1e-6, what: 'Adagrad vs TF.js' });
  assertClose(runOurs(new Adamax({ learningRate: 0.01, epsilon: 1e-7 })), run(tf.train.adamax(0.01, 0.9, 0.999, 1e-7)), { rtol: 1e-5, atol: 1e-6, what: 'Adamax vs TF.js' });
  // TF.js 4.22 Adadelta divides by the accumulator *before* this step's update (adadelta_optimizer.js line 75),
  // Keras and TensorFlow's ApplyAdadelta by the updated one, so they differ: Adadelta is checked against Keras only.
  assert.ok(Math.abs(runOurs(new Adadelta({ learningRate: 1.0 }))[0] - run(tf.train.adadelta(1.0, 0.95, 1e-7))[0]) > 1, 'TF.js Adadelta differs as described');
});

test('schedules: Keras formulas at chosen steps, and an optimizer reads its schedule at `iterations`', () => {
  const exp = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
  assertClose([exp.call(0), exp.call(10), exp.call(15)], [0.1, 0.05, 0.1 * 0.5 ** 1.5], { rtol: 1e-12 });
  const stair = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  assertClose([stair.call(9), stair.call(10), stair.call(25)], [0.1, 0.05, 0.025], { rtol: 1e-12 });
  const inv = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 5, decayRate: 2 });
  assertClose([inv.call(0), inv.call(5), inv.call(10)], [0.1, 0.1 / 3, 0.1 / 5], { rtol: 1e-12 });
  const cos = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 });
  assertClose([cos.call(0), cos.call(50), cos.call(100), cos.call(500)], [0.1, 0.1 * (0.9 * 0.5 + 0.1), 0.01, 0.01], { rtol: 1e-12 });
  const warm = new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 4 });
  assertClose([warm.call(0), warm.call(2), warm.call(4), warm.call(9), warm.call(14)], [0, 0.1, 0.2, 0.1, 0], { rtol: 1e-12, atol: 1e-15 });
  const pw = new PiecewiseConstantDecay({ boundaries: [2, 4], values: [1, 0.5, 0.1] });
  assert.deepEqual([0, 2, 3, 4, 5, 100].map((s) => pw.call(s)), [1, 1, 0.5, 0.5, 0.1, 0.1]);
  // SGD with a schedule: step s uses lr(s)
  const sched = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 });
  const sgd = (w: Float64Array, g: Float64Array, _t: number, lr: number) => { for (let i = 0; i < N; i++) w[i] -= lr * g[i]; };
  assertClose(runOurs(new SGD({ learningRate: sched })), reference(sgd, (s) => sched.call(s)), { ...TOL, what: 'SGD with ExponentialDecay' });
  const opt = new SGD({ learningRate: sched });
  assert.throws(() => { opt.learningRate = 0.5; }, (e: Error) => e instanceof ConfigError && /not settable/.test(e.message));
  assert.deepEqual((opt.getConfig().learningRate as { className: string }).className, 'ExponentialDecay');
  assert.throws(() => new PiecewiseConstantDecay({ boundaries: [1], values: [1] }), /one more element/);
});

test('names, defaults and option checks', () => {
  for (const name of ['adamw', 'AdamW', 'adagrad', 'adadelta', 'adamax', 'nadam']) assert.equal(getOptimizer(name).getClassName().toLowerCase(), name.toLowerCase());
  assert.deepEqual(new Adagrad().getConfig(), { learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7 });
  assert.deepEqual(new Adadelta().getConfig(), { learningRate: 0.001, rho: 0.95, epsilon: 1e-7 });
  assert.deepEqual(new AdamW().getConfig(), { learningRate: 0.001, weightDecay: 0.004, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false });
  assert.deepEqual(new Nadam({ clipnorm: 1 }).getConfig(), { learningRate: 0.001, clipnorm: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.throws(() => new Nadam({ clipNorm: 1 } as never), /Nadam: unknown option 'clipNorm'/);
  assert.throws(() => new Adam({ clipvalue: -1 }), /clipvalue must be a finite number >= 0/);
});

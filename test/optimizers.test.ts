// Optimizer updates against float64 re-derivations of Keras 3's update_step (keras/src/optimizers/*.py),
// written here independently of src/kernels: 6 steps on a fixed gradient sequence, then the weights compared.
// Also the Keras defaults (SGD lr 0.01, Adam/RMSprop lr 0.001, ε 1e-7, ...) and name lookup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Adam, ConfigError, Optimizer, RMSprop, SGD, getOptimizer, initializers } from '../src/index.js';
import { ParamStore, type Variable } from '../src/memory/param_store.js';
import { assertClose, randomArray } from './helpers.js';

const N = 9;
const STEPS = 6;
const w0 = randomArray(N, 1);
const grads = Array.from({ length: STEPS }, (_, s) => randomArray(N, 10 + s, -2, 2));
// one weight gets zero gradients throughout: only ε keeps Adam/RMSprop finite there
grads.forEach((g) => (g[4] = 0));

function runOurs(opt: Optimizer): ArrayLike<number> {
  const v: Variable = { name: 'w', shape: [N], size: N, initializer: initializers.zeros(), regularizer: null, value: Float32Array.from(w0), grad: new Float32Array(N) };
  const store = new ParamStore([v]);
  for (const g of grads) {
    store.grads.set(g);
    opt.applyGradients(store);
  }
  return store.values;
}

/** Keras adam.py: α = lr·√(1−β2^t)/(1−β1^t); m += (g−m)(1−β1); v += (g²−v)(1−β2); w −= α·m/(√v + ε). */
function kerasAdam(lr: number, b1: number, b2: number, eps: number): Float64Array {
  const w = Float64Array.from(w0), m = new Float64Array(N), v = new Float64Array(N);
  grads.forEach((g, s) => {
    const t = s + 1;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < N; i++) {
      m[i] += (g[i] - m[i]) * (1 - b1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
      w[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + eps);
    }
  });
  return w;
}

/** Keras rmsprop.py: v = ρv + (1−ρ)g²; inc = lr·g/√(v + ε); momentum: mom = μ·mom + inc, w −= mom. */
function kerasRmsprop(lr: number, rho: number, mu: number, eps: number): Float64Array {
  const w = Float64Array.from(w0), v = new Float64Array(N), mom = new Float64Array(N);
  for (const g of grads) {
    for (let i = 0; i < N; i++) {
      v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
      const inc = (lr * g[i]) / Math.sqrt(v[i] + eps);
      if (mu > 0) { mom[i] = mu * mom[i] + inc; w[i] -= mom[i]; } else w[i] -= inc;
    }
  }
  return w;
}

/** Keras sgd.py: v = μv − lr·g; w += v (nesterov: w += μv − lr·g); μ = 0: w −= lr·g. */
function kerasSgd(lr: number, mu: number, nesterov: boolean): Float64Array {
  const w = Float64Array.from(w0), vel = new Float64Array(N);
  for (const g of grads) {
    for (let i = 0; i < N; i++) {
      if (mu === 0) { w[i] -= lr * g[i]; continue; }
      vel[i] = mu * vel[i] - lr * g[i];
      w[i] += nesterov ? mu * vel[i] - lr * g[i] : vel[i];
    }
  }
  return w;
}

const TOL = { rtol: 2e-6, atol: 1e-7 };

test('Adam follows Keras: ε added to √v before bias correction (defaults lr 0.001, β 0.9/0.999, ε 1e-7)', () => {
  assertClose(runOurs(new Adam()), kerasAdam(0.001, 0.9, 0.999, 1e-7), { ...TOL, what: 'default Adam' });
  // a large ε makes the placement visible: TF.js's placement (ε after correction) would differ by > 1e-3 here
  assertClose(runOurs(new Adam({ learningRate: 0.1, epsilon: 0.5 })), kerasAdam(0.1, 0.9, 0.999, 0.5), { ...TOL, what: 'Adam ε 0.5' });
});

test('RMSprop follows Keras 3: ε inside the square root, with and without momentum', () => {
  assertClose(runOurs(new RMSprop()), kerasRmsprop(0.001, 0.9, 0, 1e-7), { ...TOL, what: 'default RMSprop' });
  assertClose(runOurs(new RMSprop({ learningRate: 0.01, rho: 0.8, momentum: 0.7, epsilon: 0.3 })), kerasRmsprop(0.01, 0.8, 0.7, 0.3), { ...TOL, what: 'RMSprop momentum' });
});

test('SGD follows Keras: default lr 0.01, momentum and nesterov', () => {
  assertClose(runOurs(new SGD()), kerasSgd(0.01, 0, false), { ...TOL, what: 'SGD' });
  assertClose(runOurs(new SGD({ learningRate: 0.1, momentum: 0.9 })), kerasSgd(0.1, 0.9, false), { ...TOL, what: 'SGD momentum' });
  assertClose(runOurs(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })), kerasSgd(0.1, 0.9, true), { ...TOL, what: 'SGD nesterov' });
});

test('Keras defaults and name lookup', () => {
  assert.deepEqual(new SGD().getConfig(), { learningRate: 0.01, momentum: 0, nesterov: false });
  assert.deepEqual(new Adam().getConfig(), { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false });
  assert.deepEqual(new RMSprop().getConfig(), { learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
  assert.ok(getOptimizer('Adam') instanceof Adam);
  assert.ok(getOptimizer('sgd') instanceof SGD);
  assert.ok(getOptimizer('RMSprop') instanceof RMSprop);
  assert.throws(() => getOptimizer('adamx'), (e: Error) => e instanceof ConfigError && /Unknown optimizer 'adamx'. Known: sgd, adam, rmsprop, adamw, adagrad/.test(e.message));
  assert.throws(() => new Adam({ lr: 0.1 } as never), /Adam: unknown option 'lr'/);
  assert.throws(() => new SGD({ momentum: 1.5 }), /momentum must be in \[0, 1\]/);
});

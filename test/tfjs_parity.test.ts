// Parity with TensorFlow.js (pure-JS `cpu` backend), an independent implementation of the same Keras formulas
// for SimpleRNN and Dense: same weights ⇒ same predictions; same batches ⇒ same losses and weights after
// several optimizer steps.
//
// Settings that make TF.js compute what Keras computes:
// - weights are copied from rnnkit into TF.js (TF.js's default initializers differ from Keras's);
// - Adam: TF.js adds ε after bias correction, Keras before; with ε → 0 both are w −= lr·m̂/√v̂, so Adam is
//   compared at ε = 1e-12 (negligible next to √v for every non-zero gradient here; exactly 0 would turn a
//   weight whose gradient is 0 into 0/0 in both). Keras's own ε placement is checked against the formula in
//   optimizers.test.ts;
// - RMSprop: TF.js 4.22 (tfjs-core/dist/optimizers/rmsprop_optimizer.js) puts ε inside the square root as
//   Keras 3 does, so it is compared at Keras's default ε = 1e-7;
// - SGD with momentum: TF.js accumulates v = m·v + g and steps −lr·v (nesterov −lr·(g + m·v)), which equals
//   Keras's v = m·v − lr·g for a constant learning rate.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { Adam, Dense, Optimizer, RMSprop, SGD, Sequential, SimpleRNN, setRandomSeed, tensor } from '../src/index.js';
import { assertClose, normwiseError, randomArray } from './helpers.js';

before(async () => {
  await tf.setBackend('cpu');
});

const B = 8, T = 5, F = 3, H = 6, OUT = 2;

interface Variant { activation: string; returnSequences: boolean; goBackwards: boolean; useBias: boolean }

function buildPair(v: Variant): { ours: Sequential; theirs: tf.Sequential } {
  const ours = new Sequential();
  ours.add(new SimpleRNN({ units: H, activation: v.activation, inputShape: [T, F], returnSequences: v.returnSequences, goBackwards: v.goBackwards, useBias: v.useBias }));
  ours.add(new Dense({ units: OUT, activation: 'linear' }));
  const theirs = tf.sequential();
  theirs.add(tf.layers.simpleRNN({ units: H, activation: v.activation as 'relu', inputShape: [T, F], returnSequences: v.returnSequences, goBackwards: v.goBackwards, useBias: v.useBias }));
  theirs.add(tf.layers.dense({ units: OUT }));
  theirs.setWeights(ours.getWeights().map((w) => tf.tensor(Array.from(w.data), w.shape)));
  return { ours, theirs };
}

const variants: Variant[] = [
  { activation: 'tanh', returnSequences: false, goBackwards: false, useBias: true },
  { activation: 'relu', returnSequences: false, goBackwards: false, useBias: true },
  { activation: 'tanh', returnSequences: true, goBackwards: false, useBias: true },
  { activation: 'tanh', returnSequences: true, goBackwards: true, useBias: false },
  { activation: 'relu', returnSequences: false, goBackwards: true, useBias: true },
];

for (const v of variants) {
  test(`predictions match TF.js with the same weights (${JSON.stringify(v)})`, () => {
    setRandomSeed(100);
    const { ours, theirs } = buildPair(v);
    const x = randomArray(B * T * F, 101, -2, 2);
    const xt = tensor(Float32Array.from(x), [B, T, F]);
    const mine = ours.predict(xt);
    const ref = theirs.predict(tf.tensor(Array.from(x), [B, T, F])) as tf.Tensor;
    assert.deepEqual(mine.shape, ref.shape);
    const err = normwiseError(mine.data, ref.dataSync());
    assert.ok(err <= 1e-5, `normwise relative error ${err.toExponential(2)} > 1e-5`);
  });
}

interface OptCase { name: string; ours: () => Optimizer; theirs: () => tf.Optimizer }
const optimizers: OptCase[] = [
  { name: 'SGD', ours: () => new SGD({ learningRate: 0.05 }), theirs: () => tf.train.sgd(0.05) },
  { name: 'SGD momentum', ours: () => new SGD({ learningRate: 0.02, momentum: 0.9 }), theirs: () => tf.train.momentum(0.02, 0.9) },
  { name: 'SGD nesterov', ours: () => new SGD({ learningRate: 0.02, momentum: 0.8, nesterov: true }), theirs: () => tf.train.momentum(0.02, 0.8, true) },
  { name: 'Adam (ε = 1e-12)', ours: () => new Adam({ learningRate: 0.01, epsilon: 1e-12 }), theirs: () => tf.train.adam(0.01, 0.9, 0.999, 1e-12) },
  { name: 'RMSprop', ours: () => new RMSprop({ learningRate: 0.01 }), theirs: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7) },
  { name: 'RMSprop momentum', ours: () => new RMSprop({ learningRate: 0.005, momentum: 0.5 }), theirs: () => tf.train.rmsprop(0.005, 0.9, 0.5, 1e-7) },
];

for (const opt of optimizers) {
  for (const loss of ['mse', 'mae'] as const) {
    test(`6 training steps match TF.js: ${opt.name}, ${loss}`, async () => {
      setRandomSeed(200);
      const { ours, theirs } = buildPair({ activation: 'tanh', returnSequences: false, goBackwards: false, useBias: true });
      ours.compile({ optimizer: opt.ours(), loss });
      theirs.compile({ optimizer: opt.theirs(), loss: loss === 'mse' ? 'meanSquaredError' : 'meanAbsoluteError' });
      for (let step = 0; step < 6; step++) {
        const x = randomArray(B * T * F, 300 + step, -2, 2);
        const y = randomArray(B * OUT, 400 + step, -1, 1);
        const lossOurs = ours.trainOnBatch(tensor(Float32Array.from(x), [B, T, F]), tensor(Float32Array.from(y), [B, OUT]));
        const lossTheirs = (await theirs.trainOnBatch(tf.tensor(Array.from(x), [B, T, F]), tf.tensor(Array.from(y), [B, OUT]))) as number;
        assertClose([lossOurs], [lossTheirs], { rtol: 1e-5, atol: 0, what: `loss at step ${step}` });
      }
      const ws = ours.getWeights();
      const wt = theirs.getWeights();
      ws.forEach((w, i) => assertClose(w.data, wt[i].dataSync(), { rtol: 1e-4, atol: 2e-6, what: `weight ${i} after 6 steps` }));
    });
  }
}

for (const loss of ['mse', 'mae'] as const) {
  test(`computeGradients matches TF.js gradients of the same model (${loss}, relu, returnSequences)`, () => {
    setRandomSeed(500);
    const { ours, theirs } = buildPair({ activation: 'relu', returnSequences: true, goBackwards: false, useBias: true });
    ours.compile({ optimizer: 'sgd', loss });
    const x = randomArray(B * T * F, 501, -2, 2);
    const y = randomArray(B * T * OUT, 502, -1, 1);
    const mine = ours.computeGradients(tensor(Float32Array.from(x), [B, T, F]), tensor(Float32Array.from(y), [B, T, OUT]));
    const xt = tf.tensor(Array.from(x), [B, T, F]);
    const yt = tf.tensor(Array.from(y), [B, T, OUT]);
    const lossFn = loss === 'mse' ? tf.losses.meanSquaredError : tf.losses.absoluteDifference;
    const vars = theirs.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => lossFn(yt, theirs.apply(xt) as tf.Tensor) as tf.Scalar, vars);
    assertClose([mine.loss], value.dataSync(), { rtol: 1e-5, what: 'loss' });
    mine.grads.forEach((g, i) => assertClose(g.data, grads[vars[i].name].dataSync(), { rtol: 1e-4, atol: 1e-6, what: `gradient ${i}` }));
  });
}

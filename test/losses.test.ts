// Loss kernels: gradients against float64 central differences, values against TF.js (tf.metrics / tf.losses,
// an independent implementation), against Keras's own docstring examples, and name lookup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, getLoss, losses, type Loss } from '../src/index.js';
import { withPrecision } from '../src/memory/precision.js';
import { assertClose, numericGrad, randomArray } from './helpers.js';

tf.setBackend('cpu');

/** Row losses of a loss object, in float64. */
function rowLosses(loss: Loss, p: ArrayLike<number>, t: ArrayLike<number>, rows: number, D: number): Float64Array {
  const out = new Float64Array(rows);
  loss.rowLosses(out, null, Float64Array.from(p), Float64Array.from(t), rows, D);
  return out;
}
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

const rows = 4, D = 3;
const probs = (seed: number): Float64Array => randomArray(rows * D, seed, 0.05, 0.95);
const oneHot = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]);
const cases: [string, Loss, Float64Array, Float64Array][] = [
  ['mse', new losses.MeanSquaredError(), randomArray(rows * D, 1, -2, 2), randomArray(rows * D, 2, -2, 2)],
  ['mae', new losses.MeanAbsoluteError(), randomArray(rows * D, 3, -2, 2), randomArray(rows * D, 4, -2, 2)],
  ['mape', new losses.MeanAbsolutePercentageError(), randomArray(rows * D, 5, -2, 2), randomArray(rows * D, 6, 0.5, 2)],
  ['msle', new losses.MeanSquaredLogarithmicError(), probs(7), probs(8)],
  ['huber δ=0.5', new losses.Huber({ delta: 0.5 }), randomArray(rows * D, 9, -2, 2), randomArray(rows * D, 10, -2, 2)],
  ['log_cosh', new losses.LogCosh(), randomArray(rows * D, 11, -3, 3), randomArray(rows * D, 12, -3, 3)],
  ['poisson', new losses.Poisson(), probs(13), randomArray(rows * D, 14, 0, 3)],
  ['kld', new losses.KLDivergence(), probs(15), probs(16)],
  ['cosine', new losses.CosineSimilarity(), randomArray(rows * D, 17, -2, 2), randomArray(rows * D, 18, -2, 2)],
  ['bce', new losses.BinaryCrossentropy(), probs(19), probs(20)],
  ['bce logits, smoothing', new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }), randomArray(rows * D, 21, -4, 4), oneHot],
  ['cce', new losses.CategoricalCrossentropy(), probs(22), oneHot],
  ['cce smoothing', new losses.CategoricalCrossentropy({ labelSmoothing: 0.1 }), probs(23), oneHot],
  ['cce logits', new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }), randomArray(rows * D, 24, -4, 4), oneHot],
];

for (const [name, loss, p, t] of cases) {
  test(`${name}: gradient matches central differences (float64)`, () => {
    const L = () => mean(rowLosses(loss, p, t, rows, D));
    const out = new Float64Array(rows), dy = new Float64Array(rows * D);
    loss.rowLosses(out, dy, p, t, rows, D);
    for (let i = 0; i < dy.length; i++) dy[i] /= rows; // reduction: mean over rows
    assertClose(dy, numericGrad(L, p), { rtol: 1e-5, atol: 1e-8, what: name });
  });
}

test('sparse categorical crossentropy: gradient (probabilities and logits) matches central differences', () => {
  const labels = Float64Array.from([0, 2, 1, 2]);
  for (const loss of [new losses.SparseCategoricalCrossentropy(), new losses.SparseCategoricalCrossentropy({ fromLogits: true })]) {
    const p = randomArray(rows * D, 25, 0.05, 0.95);
    const dy = new Float64Array(rows * D);
    loss.rowLosses(new Float64Array(rows), dy, p, labels, rows, D);
    for (let i = 0; i < dy.length; i++) dy[i] /= rows;
    assertClose(dy, numericGrad(() => mean(rowLosses(loss, p, labels, rows, D)), p), { rtol: 1e-5, atol: 1e-8, what: loss.name });
  }
});

test('row values agree with TF.js (tf.metrics and tf.losses)', () => {
  const shape: [number, number] = [rows, D];
  const T = (a: ArrayLike<number>) => tf.tensor2d(Array.from(a), shape);
  const check = (loss: Loss, p: Float64Array, t: Float64Array, expected: tf.Tensor, what: string) =>
    assertClose(rowLosses(loss, p, t, rows, D), expected.dataSync(), { rtol: 2e-5, atol: 1e-6, what });
  const [, mseL, p1, t1] = cases[0];
  check(mseL, p1, t1, tf.metrics.meanSquaredError(T(t1), T(p1)), 'mse');
  const [, maeL, p2, t2] = cases[1];
  check(maeL, p2, t2, tf.metrics.meanAbsoluteError(T(t2), T(p2)), 'mae');
  const [, mapeL, p3, t3] = cases[2];
  check(mapeL, p3, t3, tf.metrics.meanAbsolutePercentageError(T(t3), T(p3)), 'mape');
  const [, bceL, p4, t4] = cases[9];
  check(bceL, p4, t4, tf.metrics.binaryCrossentropy(T(t4), T(p4)), 'bce');
  const [, cceL, p5] = cases[11];
  check(cceL, p5, oneHot, tf.metrics.categoricalCrossentropy(T(oneHot), T(p5)), 'cce');
  // whole-batch means through tf.losses (mean over every element / row)
  const [, huberL, p6, t6] = cases[4];
  assertClose([mean(rowLosses(huberL, p6, t6, rows, D))], tf.losses.huberLoss(T(t6), T(p6), undefined, 0.5).dataSync(), { rtol: 1e-5, what: 'huber' });
  const logits = randomArray(rows * D, 26, -4, 4);
  const smoothedCce = new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
  assertClose([mean(rowLosses(smoothedCce, logits, oneHot, rows, D))], tf.losses.softmaxCrossEntropy(T(oneHot), T(logits), undefined, 0.1).dataSync(), { rtol: 1e-5, what: 'softmax CE, smoothing' });
  const smoothedBce = new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 });
  assertClose([mean(rowLosses(smoothedBce, logits, oneHot, rows, D))], tf.losses.sigmoidCrossEntropy(T(oneHot), T(logits), undefined, 0.2).dataSync(), { rtol: 1e-5, what: 'sigmoid CE, smoothing' });
  const [, cosL, p7, t7] = cases[8];
  check(cosL, p7, t7, tf.metrics.cosineProximity(T(t7), T(p7)), 'cosine');
});

test("Keras's docstring examples", () => {
  // keras.losses.BinaryCrossentropy(from_logits=True)([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]) = 0.865
  assertClose([mean(rowLosses(new losses.BinaryCrossentropy({ fromLogits: true }), [-18.6, 0.51, 2.94, -12.8], [0, 1, 0, 0], 4, 1))], [0.865], { rtol: 1e-3, what: 'bce logits' });
  // CategoricalCrossentropy: [[0,1,0],[0,0,1]] vs [[0.05,0.95,0],[0.1,0.8,0.1]] = 1.177
  assertClose([mean(rowLosses(new losses.CategoricalCrossentropy(), [0.05, 0.95, 0, 0.1, 0.8, 0.1], [0, 1, 0, 0, 0, 1], 2, 3))], [1.1769392], { rtol: 1e-6, what: 'cce' });
  // SparseCategoricalCrossentropy: labels [1, 2], same predictions = 1.177
  assertClose([mean(rowLosses(new losses.SparseCategoricalCrossentropy(), [0.05, 0.95, 0, 0.1, 0.8, 0.1], [1, 2], 2, 3))], [1.1769392], { rtol: 1e-6, what: 'scce' });
  // hand-derived: log_cosh(x) = log((eˣ + e⁻ˣ)/2); Poisson ŷ − y·log(ŷ + 1e-7); KLD y·log(y/ŷ)
  assertClose(rowLosses(new losses.LogCosh(), [1, -30], [0, 0], 2, 1), [Math.log(Math.cosh(1)), 30 - Math.LN2], { rtol: 1e-12, what: 'log_cosh incl. no overflow at 30' });
  assertClose(rowLosses(new losses.Poisson(), [2], [3], 1, 1), [2 - 3 * Math.log(2 + 1e-7)], { rtol: 1e-12, what: 'poisson' });
  assertClose(rowLosses(new losses.KLDivergence(), [0.25, 0.75], [0.5, 0.5], 1, 2), [0.5 * Math.log(2) + 0.5 * Math.log(0.5 / 0.75)], { rtol: 1e-12, what: 'kld' });
  // mape guards |y| with ε = 1e-7: 100·|0 − 1|/1e-7
  assertClose(rowLosses(new losses.MeanAbsolutePercentageError(), [1], [0], 1, 1), [1e9], { rtol: 1e-9, what: 'mape at y = 0' });
});

test('probability losses stay finite at 0 and 1 (clipped to [1e-7, 1 − 1e-7])', () => {
  const v = rowLosses(new losses.BinaryCrossentropy(), [0, 1], [1, 0], 2, 1);
  assertClose(v, [-Math.log(1e-7), -Math.log(1e-7)], { rtol: 1e-6 });
  withPrecision('float64', () => {
    const big = rowLosses(new losses.CategoricalCrossentropy({ fromLogits: true }), [1000, 0, -1000], [0, 0, 1], 1, 3);
    assertClose(big, [2000], { rtol: 1e-12, what: 'logits 1000 / −1000 do not overflow' });
  });
});

test('getLoss resolves Keras names and aliases; bad names and options are refused', () => {
  const expect: Record<string, string> = {
    mse: 'MeanSquaredError', mean_squared_error: 'MeanSquaredError', MeanAbsoluteError: 'MeanAbsoluteError', mape: 'MeanAbsolutePercentageError',
    msle: 'MeanSquaredLogarithmicError', huber: 'Huber', log_cosh: 'LogCosh', logcosh: 'LogCosh', poisson: 'Poisson', kld: 'KLDivergence',
    kl_divergence: 'KLDivergence', cosine_similarity: 'CosineSimilarity', bce: 'BinaryCrossentropy', binary_crossentropy: 'BinaryCrossentropy',
    categorical_crossentropy: 'CategoricalCrossentropy', sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy', sparseCategoricalCrossentropy: 'SparseCategoricalCrossentropy',
  };
  for (const [name, cls] of Object.entries(expect)) assert.equal(getLoss(name).getClassName(), cls, name);
  assert.equal(getLoss('huber').name, 'huber_loss');
  assert.throws(() => getLoss('hinge_x'), (e: Error) => e instanceof ConfigError && /Unknown loss 'hinge_x'/.test(e.message));
  assert.throws(() => new losses.Huber({ delta: -1 }), /delta must be > 0/);
  assert.throws(() => new losses.BinaryCrossentropy({ labelSmoothing: 2 }), /labelSmoothing must be in \[0, 1\]/);
  assert.throws(() => new losses.CategoricalCrossentropy({ from_logits: true } as never), /unknown option 'from_logits'/);
});

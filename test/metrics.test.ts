// Metrics: accuracy kernels and R² against TF.js, Keras docstring values, epoch accumulation, 'accuracy'
// resolution as Keras's compile does, and metrics through compile → fit → evaluate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, Dense, LSTM, Sequential, getLoss, getMetric, metrics, setRandomSeed, tensor, type Metric } from '../src/index.js';
import { assertClose, randomArray } from './helpers.js';

tf.setBackend('cpu');

function result(m: Metric, p: number[], t: number[], rows: number, D: number, w: number[] | null = null): number {
  m.reset();
  m.update(Float32Array.from(p), Float32Array.from(t), rows, D, w ? Float32Array.from(w) : null);
  return m.result();
}

test('accuracy metrics agree with TF.js', () => {
  const rows = 6, D = 4;
  const p = Array.from(randomArray(rows * D, 1, 0, 1));
  const oneHot = [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0];
  const labels = [1, 0, 3, 2, 1, 0];
  const mean = (t: tf.Tensor) => tf.mean(t).dataSync()[0];
  const P = tf.tensor2d(p, [rows, D]);
  assertClose([result(new metrics.CategoricalAccuracy(), p, oneHot, rows, D)], [mean(tf.metrics.categoricalAccuracy(tf.tensor2d(oneHot, [rows, D]), P))]);
  assertClose([result(new metrics.SparseCategoricalAccuracy(), p, labels, rows, D)], [mean(tf.metrics.sparseCategoricalAccuracy(tf.tensor1d(labels), P))]);
  const binary = oneHot.map((v, i) => (i % 3 === 0 ? 1 - v : v));
  assertClose([result(new metrics.BinaryAccuracy(), p, binary, rows, D)], [mean(tf.metrics.binaryAccuracy(tf.tensor2d(binary, [rows, D]), P))]);
});

test("Keras docstring values: TopK, RMSE, R², MAPE; weighted epoch means", () => {
  // TopKCategoricalAccuracy(k=1): [[0,0,1],[0,1,0]] vs [[0.1,0.9,0.8],[0.05,0.95,0]] → 0.5
  assert.equal(result(new metrics.TopKCategoricalAccuracy({ k: 1 }), [0.1, 0.9, 0.8, 0.05, 0.95, 0], [0, 0, 1, 0, 1, 0], 2, 3), 0.5);
  assert.equal(result(new metrics.TopKCategoricalAccuracy({ k: 2 }), [0.1, 0.9, 0.8, 0.05, 0.95, 0], [0, 0, 1, 0, 1, 0], 2, 3), 1);
  // RootMeanSquaredError: [[0,1],[0,0]] vs [[1,1],[0,0]] → 0.5; with sample weights [1, 0] → √0.5
  assert.equal(result(new metrics.RootMeanSquaredError(), [1, 1, 0, 0], [0, 1, 0, 0], 2, 2), 0.5);
  assertClose([result(new metrics.RootMeanSquaredError(), [1, 1, 0, 0], [0, 1, 0, 0], 2, 2, [1, 0])], [Math.sqrt(0.5)]);
  // R2Score: y [[1],[4],[3]], ŷ [[2],[4],[4]] → 0.57142854 (= 1 − 2/4.6667)
  assertClose([result(new metrics.R2Score(), [2, 4, 4], [1, 4, 3], 3, 1)], [0.57142854], { rtol: 1e-6 });
  assertClose([result(new metrics.R2Score(), [2, 4, 4], [1, 4, 3], 3, 1)], tf.metrics.r2Score(tf.tensor1d([1, 4, 3]), tf.tensor1d([2, 4, 4])).dataSync(), { rtol: 1e-6 });
  // two outputs: the uniform average of per-column R²
  const r2a = 1 - 2 / (26 - 64 / 3), r2b = 1 - 1 / 2;
  assertClose([result(new metrics.R2Score(), [2, 0, 4, 1, 4, 1], [1, 0, 4, 2, 3, 1], 3, 2)], [(r2a + r2b) / 2], { rtol: 1e-6 });
  // accumulation over batches = one pass over everything
  const m = new metrics.MeanAbsoluteError();
  m.reset();
  m.update(Float32Array.from([1, 2]), Float32Array.from([0, 0]), 2, 1, null);
  m.update(Float32Array.from([4]), Float32Array.from([0]), 1, 1, null);
  assert.equal(m.result(), 7 / 3);
});

test("'accuracy' resolves as Keras's compile does; metric names are the given strings", () => {
  const mse = getLoss('mse');
  assert.equal(getMetric('accuracy', mse, 1).getClassName(), 'BinaryAccuracy');
  assert.equal(getMetric('acc', getLoss('categorical_crossentropy'), 3).getClassName(), 'CategoricalAccuracy');
  assert.equal(getMetric('accuracy', getLoss('sparse_categorical_crossentropy'), 3).getClassName(), 'SparseCategoricalAccuracy');
  const m = getMetric('mean_absolute_error', mse, 1);
  assert.equal(m.getClassName(), 'MeanAbsoluteError');
  assert.equal(m.name, 'mean_absolute_error');
  assert.equal(getMetric('r2_score', mse, 1).direction, 'up');
  assert.throws(() => getMetric('f1', mse, 1), (e: Error) => e instanceof ConfigError && /Unknown metric 'f1'/.test(e.message));
  // an unbuilt model refuses an unknown metric name at compile, not at its first fit
  assert.throws(() => new Sequential({ layers: [new Dense({ units: 1 })] }).compile({ loss: 'mse', metrics: ['f1'] }), /Unknown metric 'f1'/);
});

test('compile metrics: History has loss, metrics and val_ forms; evaluate returns [loss, ...] or a dict', async () => {
  setRandomSeed(3);
  const x = tensor(Array.from(randomArray(40 * 5 * 2, 4, -1, 1)), [40, 5, 2]);
  const y = tensor(Array.from(randomArray(40, 5, -1, 1)), [40, 1]);
  const model = new Sequential({ layers: [new LSTM({ units: 4, inputShape: [5, 2] }), new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae', new metrics.RootMeanSquaredError(), 'r2_score'] });
  const history = await model.fit(x, y, { epochs: 2, batchSize: 16, validationSplit: 0.25, verbose: 0 });
  assert.deepEqual(Object.keys(history.history).sort(), ['loss', 'mae', 'r2_score', 'root_mean_squared_error', 'val_loss', 'val_mae', 'val_r2_score', 'val_root_mean_squared_error']);
  // evaluate's metrics = the formulas applied to predict's output
  const pred = model.predict(x).data, t = y.data;
  let ae = 0, se = 0;
  for (let i = 0; i < 40; i++) { ae += Math.abs(pred[i] - t[i]); se += (pred[i] - t[i]) ** 2; }
  const [loss, mae, rmse] = model.evaluate(x, y) as number[];
  assertClose([loss, mae, rmse], [se / 40, ae / 40, Math.sqrt(se / 40)], { rtol: 1e-5 });
  const dict = model.evaluate(x, y, { returnDict: true });
  assert.deepEqual(Object.keys(dict), ['loss', 'mae', 'root_mean_squared_error', 'r2_score']);
  // the last epoch's val_mae is the evaluation of the last 10 samples after training
  const last = model.evaluate(tensor(Array.from(x.data.subarray(30 * 10)), [10, 5, 2]), tensor(Array.from(y.data.subarray(30)), [10, 1]), { returnDict: true });
  assertClose([history.history.val_mae[1]], [last.mae], { rtol: 1e-6 });
});

test('classification end to end: softmax + sparse labels, accuracy rises; sparse label checks', async () => {
  setRandomSeed(4);
  const n = 60;
  const xs = Array.from(randomArray(n * 3, 7, -1, 1));
  const labels = Array.from({ length: n }, (_, i) => (xs[i * 3] > 0 ? (xs[i * 3 + 1] > 0 ? 2 : 1) : 0));
  const model = new Sequential({ layers: [new Dense({ units: 16, activation: 'tanh', inputShape: [3] }), new Dense({ units: 3, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const x = tensor(xs, [n, 3]);
  const history = await model.fit(x, labels, { epochs: 60, batchSize: 20, verbose: 0 });
  const acc = history.history.accuracy;
  assert.ok(acc[acc.length - 1] > acc[0] && acc[acc.length - 1] > 0.8, `accuracy ${acc[0]} → ${acc[acc.length - 1]}`);
  assert.throws(() => model.evaluate(x, labels.map((l) => l + 0.5)), /integer class labels in \[0, 2\]/);
  assert.throws(() => model.evaluate(x, labels.map(() => 3)), /integer class labels in \[0, 2\]/);
  assert.throws(() => model.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['categorical_accuracy'] }), /metric 'categorical_accuracy' expects targets shaped like the outputs/);
});

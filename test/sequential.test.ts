// Sequential: Keras training semantics (History, trainOnBatch, evaluate, predict), reproducibility,
// summary, weights, and the errors a user meets first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, Dense, SGD, Sequential, ShapeError, SimpleRNN, StateError, ValueError, setRandomSeed, slidingWindows, tensor } from '../src/index.js';
import { runDemo } from '../src/cli/demo.js';
import { assertClose } from './helpers.js';

function tutorialModel(optimizer: 'adam' | SGD = 'adam'): Sequential {
  const model = new Sequential();
  model.add(new SimpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }));
  model.add(new Dense({ units: 1 }));
  model.compile({ optimizer, loss: 'mse' });
  return model;
}
const data = slidingWindows(Array.from({ length: 100 }, (_, i) => i / 100), 10); // x [90, 10, 1], y [90]

test('summary lists layers, output shapes and parameter counts as Keras does', () => {
  const s = tutorialModel().summary();
  assert.match(s, /simple_rnn(_\d+)? \(SimpleRNN\)\s+│ \(None, 50\)\s+│\s+2,600 │/);
  assert.match(s, /dense(_\d+)? \(Dense\)\s+│ \(None, 1\)\s+│\s+51 │/);
  assert.match(s, /Total params: 2,651 \(10\.36 KB\)/);
});

test('the epoch loss is the mean of batch losses weighted by batch size (90 samples = 32 + 32 + 26)', async () => {
  setRandomSeed(1);
  const model = tutorialModel(new SGD({ learningRate: 0 })); // weights never change
  const history = await model.fit(data.x, data.y, { epochs: 3, batchSize: 32, verbose: 0 });
  const full = (model.evaluate(data.x, data.y) as number);
  assert.equal(history.history.loss.length, 3);
  assert.deepEqual(history.epoch, [0, 1, 2]);
  // the unweighted mean of the three batch means differs from this whenever the 26-sample batch differs
  for (const l of history.history.loss) assertClose([l], [full], { rtol: 1e-5 });
});

test('trainOnBatch returns the loss before its update; fit with a seed is reproducible', async () => {
  setRandomSeed(2);
  const model = tutorialModel();
  const before = (model.evaluate(data.x, data.y, { batchSize: 90 }) as number);
  const reported = model.trainOnBatch(data.x, data.y);
  assertClose([reported], [before], { rtol: 1e-6 });
  assert.ok((model.evaluate(data.x, data.y) as number) < before, 'one Adam step on the whole set lowers the loss');

  const run = async () => {
    setRandomSeed(3);
    const m = tutorialModel();
    const h = await m.fit(data.x, data.y, { epochs: 4, verbose: 0 });
    return [h.history.loss, Array.from(m.predict(data.x).data)];
  };
  assert.deepEqual(await run(), await run());
});

test('predict does not depend on the batch size; y of shape [n] is read as [n, 1]', () => {
  setRandomSeed(4);
  const model = tutorialModel();
  const a = model.predict(data.x);
  const b = model.predict(data.x, { batchSize: 7 });
  assert.deepEqual(a.shape, [90, 1]);
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  const loss1 = (model.evaluate(data.x, data.y) as number);
  const loss2 = (model.evaluate(data.x, data.y.reshape([90, 1])) as number);
  assert.equal(loss1, loss2);
});

test('getWeights / setWeights round-trip through the flat parameter memory', () => {
  setRandomSeed(5);
  const a = tutorialModel();
  const b = tutorialModel();
  b.setWeights(a.getWeights());
  assert.deepEqual(Array.from(a.predict(data.x).data), Array.from(b.predict(data.x).data));
  assert.deepEqual(a.getWeights().map((w) => w.shape), [[1, 50], [50, 50], [50], [50, 1], [1]]);
  assert.throws(() => b.setWeights(a.getWeights().slice(1)), /setWeights expects 5 arrays/);
});

test('computeGradients returns the loss and one gradient per weight, without updating', () => {
  setRandomSeed(6);
  const model = tutorialModel();
  const w = model.getWeights();
  const { loss, grads } = model.computeGradients(data.x, data.y);
  assert.deepEqual(grads.map((g) => g.shape), w.map((x) => x.shape));
  assertClose([loss], [(model.evaluate(data.x, data.y) as number)], { rtol: 1e-6 });
  assert.deepEqual(model.getWeights().map((x) => Array.from(x.data)), w.map((x) => Array.from(x.data)));
});

test('errors: fit before compile, mismatched x/y, NaN, wrong shapes, unknown names and options', async () => {
  const model = new Sequential();
  model.add(new SimpleRNN({ units: 4, inputShape: [10, 1] }));
  model.add(new Dense({ units: 1 }));
  await assert.rejects(model.fit(data.x, data.y), (e: Error) => e instanceof StateError && /fit needs a compiled model: call model.compile/.test(e.message));
  assert.throws(() => model.compile({ optimizer: 'adamm', loss: 'mse' }), /Unknown optimizer 'adamm'/);
  assert.throws(() => model.compile({ optimizer: 'adam', loss: 'msee' }), /Unknown loss 'msee'. Known: mse/);
  assert.throws(() => model.compile({ optimizer: 'adam' } as never), /compile needs a loss/);
  model.compile({ optimizer: 'adam', loss: 'mae' });
  await assert.rejects(model.fit(data.x, tensor(new Float32Array(89), [89])), (e: Error) => e instanceof ShapeError && /x has 90, y has 89/.test(e.message));
  await assert.rejects(model.fit(tensor(new Float32Array(900), [90, 10]), data.y), (e: Error) => e.message === 'SimpleRNN expects input of shape [batch, 10, 1], got [90, 10]');
  await assert.rejects(model.fit(tensor(new Float32Array(1800), [90, 10, 2]), data.y), /expects input of shape \[batch, 10, 1\], got \[90, 10, 2\]/);
  const yNaN = data.y.clone();
  yNaN.data[7] = NaN;
  await assert.rejects(model.fit(data.x, yNaN), (e: Error) => e instanceof ValueError && /y contains NaN at index \[7\]/.test(e.message));
  await assert.rejects(model.fit([], []), /Empty array/);
  await assert.rejects(model.fit([[[1]], [[2], [3]]], [1, 2]), /Ragged array/);
  await assert.rejects(model.fit(data.x, data.y, { epoch: 3 } as never), (e: Error) => e instanceof ConfigError && /fit: unknown option 'epoch'/.test(e.message));
  await assert.rejects(model.fit(data.x, data.y, { batchSize: 0 }), /batchSize must be a positive integer, got 0/);
  assert.throws(() => model.predict(tensor(new Float32Array(0), [0, 10, 1])), /at least one sample/);
  assert.throws(() => model.add(new SimpleRNN({ units: 2, returnState: true })), /single output/);
  assert.throws(() => new Sequential().predict(data.x), /no layers/);
  assert.throws(() => model.evaluate(data.x, tensor(new Float32Array(180), [90, 2])), /y must have shape \[90, 1\] to match the model output \[90, 1\], got \[90, 2\]/);
});

test('a model without inputShape builds from the first data it sees', () => {
  setRandomSeed(7);
  const model = new Sequential({ layers: [new SimpleRNN({ units: 3, returnSequences: true }), new Dense({ units: 2 })] });
  assert.equal(model.built, false);
  const y = model.predict(tensor(new Float32Array(2 * 4 * 5), [2, 4, 5]));
  assert.deepEqual(y.shape, [2, 4, 2]);
  assert.deepEqual(model.outputShape, [4, 2]);
});

test('the tutorial demo trains to a small test error on 100..109', async () => {
  const result = await runDemo({ seed: 1, verbose: 0, log: () => {} });
  assert.equal(result.predictions.length, 10);
  assert.deepEqual(result.targets, [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  assert.ok(Number.isFinite(result.testLoss) && result.testLoss < 20, `test MSE ${result.testLoss}`);
});

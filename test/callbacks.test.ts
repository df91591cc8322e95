// Callbacks on scripted loss sequences: a LambdaCallback placed first overwrites `val_loss` (or a metric) with
// a scripted value each epoch, so the expected stopping epoch, restored weights and learning-rate changes
// can be derived by hand from Keras's rules. TerminateOnNaN runs on a real diverging model.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  Callback, CSVLogger, Dense, EarlyStopping, GRU, Input, LambdaCallback, LearningRateScheduler, Model, ReduceLROnPlateau, SGD, Sequential, SymbolicTensor,
  TerminateOnNaN, setRandomSeed, tensor, type Logs,
} from '../src/index.js';
import { randomArray } from './helpers.js';

const x = tensor(Array.from(randomArray(16 * 3, 1, -1, 1)), [16, 3]);
const y = tensor(Array.from(randomArray(16, 2, -1, 1)), [16, 1]);

function model(lr = 0.05): Sequential {
  setRandomSeed(1);
  const m = new Sequential({ layers: [new Dense({ units: 4, activation: 'tanh', inputShape: [3] }), new Dense({ units: 1 })] });
  m.compile({ optimizer: new SGD({ learningRate: lr }), loss: 'mse' });
  return m;
}

/** Overwrites logs[key] at the end of epoch e with values[e]. */
const script = (key: string, values: number[]) => new LambdaCallback({ onEpochEnd: (epoch, logs) => { logs![key] = values[epoch]; } });

/** Records the model's weights at the end of every epoch. */
class Snapshots extends Callback {
  readonly weights: number[][] = [];
  override onEpochEnd(): void {
    this.weights.push(this.model!.getWeights().flatMap((t) => Array.from(t.data)));
  }
}
const flat = (m: Sequential) => m.getWeights().flatMap((t) => Array.from(t.data));

test('EarlyStopping(patience 2): stops when 2 epochs pass without improvement and restores the best epoch', async () => {
  // best 3.0 at epoch 2; epochs 3 and 4 do not improve → wait 2 ≥ patience at epoch 4 → stop after epoch 4
  const m = model();
  const snaps = new Snapshots();
  const es = new EarlyStopping({ patience: 2, restoreBestWeights: true });
  const h = await m.fit(x, y, { epochs: 10, callbacks: [script('val_loss', [5, 4, 3, 3.5, 3.2, 1, 1]), snaps, es], verbose: 0 });
  assert.deepEqual(h.epoch, [0, 1, 2, 3, 4]);
  assert.equal(es.stoppedEpoch, 4);
  assert.equal(es.bestEpoch, 2);
  assert.deepEqual(flat(m), snaps.weights[2], 'weights restored from the end of epoch 2');
});

test('EarlyStopping: minDelta, baseline, mode max and startFromEpoch', async () => {
  // minDelta 0.5: 4.7 and 4.6 are not improvements over 5 → stop at epoch 2 (patience 2)
  let h = await model().fit(x, y, { epochs: 10, callbacks: [script('val_loss', [5, 4.7, 4.6, 1]), new EarlyStopping({ patience: 2, minDelta: 0.5 })], verbose: 0 });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  // baseline 1: 5 never beats it, so the wait is not reset → stops at epoch 1 (patience 2 counts epoch 0)
  h = await model().fit(x, y, { epochs: 10, callbacks: [script('val_loss', [5, 5, 5]), new EarlyStopping({ patience: 2, baseline: 1 })], verbose: 0 });
  assert.deepEqual(h.epoch, [0, 1]);
  // mode max on a metric: rising values are improvements
  h = await model().fit(x, y, { epochs: 6, callbacks: [script('val_acc', [0.1, 0.2, 0.3, 0.25, 0.2, 0.9]), new EarlyStopping({ monitor: 'val_acc', mode: 'max', patience: 1 })], verbose: 0 });
  assert.deepEqual(h.epoch, [0, 1, 2, 3]);
  // startFromEpoch 3: epochs 0..2 are ignored
  h = await model().fit(x, y, { epochs: 8, callbacks: [script('val_loss', [1, 2, 3, 4, 5, 6, 7, 8]), new EarlyStopping({ patience: 1, startFromEpoch: 3 })], verbose: 0 });
  assert.deepEqual(h.epoch, [0, 1, 2, 3, 4]);
  // 'auto' cannot tell for an unknown name
  await assert.rejects(model().fit(x, y, { epochs: 2, callbacks: [script('val_thing', [1, 1]), new EarlyStopping({ monitor: 'val_thing' })], verbose: 0 }), /cannot tell whether 'val_thing'/);
});

test('EarlyStopping on a real validation loss with restoreBestWeights keeps the best val_loss', async () => {
  const m = model(0.5);
  const es = new EarlyStopping({ patience: 3, restoreBestWeights: true });
  const xv = tensor(Array.from(randomArray(8 * 3, 3, -1, 1)), [8, 3]), yv = tensor(Array.from(randomArray(8, 4, -1, 1)), [8, 1]);
  const h = await m.fit(x, y, { epochs: 200, batchSize: 4, validationData: [xv, yv], callbacks: [es], verbose: 0 });
  const best = Math.min(...h.history.val_loss);
  assert.ok(Math.abs((m.evaluate(xv, yv) as number) - best) < 1e-6 * Math.max(1, best), 'the restored model has the best val_loss');
});

test('ReduceLROnPlateau(patience 2, factor 0.5, cooldown 1) lowers the rate at the epochs Keras would', async () => {
  // flat val_loss: best at epoch 0; wait 1 (e1), 2 → reduce (e2), cooldown (e3: wait 0 → 1), reduce (e4), cooldown (e5)
  const m = model(0.1);
  const h = await m.fit(x, y, { epochs: 6, callbacks: [script('val_loss', [1, 1, 1, 1, 1, 1]), new ReduceLROnPlateau({ patience: 2, factor: 0.5, cooldown: 1 })], verbose: 0 });
  assert.deepEqual(h.history.learning_rate, [0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
  assert.equal(m.optimizer!.learningRate, 0.025);
  // minLr floors the rate
  const m2 = model(0.1);
  await m2.fit(x, y, { epochs: 6, callbacks: [script('val_loss', [1, 1, 1, 1, 1, 1]), new ReduceLROnPlateau({ patience: 1, factor: 0.1, minLr: 0.005 })], verbose: 0 });
  assert.equal(m2.optimizer!.learningRate, 0.005);
  assert.throws(() => new ReduceLROnPlateau({ factor: 1 }), /factor >= 1/);
});

test('LearningRateScheduler sets the rate each epoch and logs it', async () => {
  const m = model(0.01);
  const h = await m.fit(x, y, { epochs: 4, callbacks: [new LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5))], verbose: 0 });
  assert.deepEqual(h.history.learning_rate, [0.01, 0.01, 0.005, 0.0025]);
});

test('TerminateOnNaN stops a run whose loss becomes NaN, at that batch', async () => {
  const m = model(1e30); // diverges at once
  const losses: number[] = [];
  const h = await m.fit(x, y, { epochs: 5, batchSize: 2, callbacks: [new TerminateOnNaN(), new LambdaCallback({ onTrainBatchEnd: (_b, logs) => { losses.push(logs!.loss); } })], verbose: 0 });
  assert.equal(h.epoch.length, 1);
  assert.ok(!Number.isFinite(losses[losses.length - 1]) && losses.slice(0, -1).every(Number.isFinite), `stopped at the first non-finite loss: ${losses}`);
  await assert.rejects(model(1e30).fit(x, y, { epochs: 5, batchSize: 2, callbacks: [new TerminateOnNaN({ raiseError: true })], verbose: 0 }), /Loss is (NaN|Infinity) at batch/);
});

test('CSVLogger writes a header and one row per epoch; append keeps earlier rows', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'rnnkit-')), 'log.csv');
  const m = model();
  await m.fit(x, y, { epochs: 3, validationSplit: 0.25, callbacks: [new CSVLogger(file)], verbose: 0 });
  let lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'epoch,loss,val_loss');
  assert.equal(lines.length, 4);
  assert.match(lines[3], /^2,[\d.e-]+,[\d.e-]+$/);
  await m.fit(x, y, { epochs: 2, validationSplit: 0.25, callbacks: [new CSVLogger(file, { append: true })], verbose: 0 });
  lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 6, 'no second header');
});

test('hooks run in order with logs; async hooks are awaited', async () => {
  const events: string[] = [];
  class Recorder extends Callback {
    override onTrainBegin() { events.push('trainBegin'); }
    override onEpochBegin(e: number) { events.push(`epochBegin ${e}`); }
    override onTrainBatchBegin(b: number) { events.push(`batchBegin ${b}`); }
    override async onTrainBatchEnd(b: number, logs?: Logs) { await new Promise((r) => setTimeout(r, 1)); events.push(`batchEnd ${b} ${typeof logs!.loss}`); }
    override onEpochEnd(e: number, logs?: Logs) { events.push(`epochEnd ${e} ${Object.keys(logs!).join(',')}`); }
    override onTrainEnd() { events.push('trainEnd'); }
  }
  const m = model();
  await m.fit(x, y, { epochs: 1, batchSize: 8, callbacks: [new Recorder()], verbose: 0 });
  assert.deepEqual(events, ['trainBegin', 'epochBegin 0', 'batchBegin 0', 'batchEnd 0 number', 'batchBegin 1', 'batchEnd 1 number', 'epochEnd 0 loss', 'trainEnd']);
});

test('a callback that runs the model on other sequence lengths (apply, predict, evaluate) leaves training unchanged', async () => {
  const data = (shape: number[], seed: number) => tensor(Float32Array.from(randomArray(shape.reduce((a, b) => a * b, 1), seed)), shape);
  const run = async (probe: ((m: Model) => void) | null) => {
    setRandomSeed(5);
    const inp = Input({ shape: [null, 3] });
    const out = new Dense({ units: 2 }).apply(new GRU({ units: 6, returnSequences: true }).apply(inp) as SymbolicTensor) as SymbolicTensor;
    const m = new Model({ inputs: inp, outputs: out });
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const every = probe ? [new LambdaCallback({ onTrainBatchEnd: () => probe(m), onEpochEnd: () => probe(m) })] : [];
    const h = await m.fit(data([24, 8, 3], 1), data([24, 8, 2], 2), { epochs: 3, batchSize: 8, shuffle: false, verbose: 0, callbacks: every });
    return { loss: h.history.loss, weights: m.getWeights().map((w) => Array.from(w.data)) };
  };
  const plain = await run(null);
  for (const probe of [(m: Model) => m.apply(data([2, 5, 3], 3)), (m: Model) => m.predict(data([2, 12, 3], 4)), (m: Model) => m.evaluate(data([2, 5, 3], 5), data([2, 5, 2], 6))]) {
    assert.deepEqual(await run(probe), plain, String(probe));
  }
});

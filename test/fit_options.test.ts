// fit's Keras options: validationSplit (the last samples, before shuffling), validationData, sampleWeight
// (per sample and per timestep), classWeight, initialEpoch, stopTraining, progress output and bad options.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, Dense, LambdaCallback, SGD, Sequential, ShapeError, SimpleRNN, setRandomSeed, tensor, type Tensor } from '../src/index.js';
import { assertClose, randomArray } from './helpers.js';

const n = 20, T = 4;
const x = tensor(Array.from(randomArray(n * T * 2, 1, -1, 1)), [n, T, 2]);
const y = tensor(Array.from(randomArray(n, 2, -1, 1)), [n, 1]);
const rows = (t: Tensor, a: number, b: number) => { const s = t.data.length / t.shape[0]; return tensor(Array.from(t.data.subarray(a * s, b * s)), [b - a, ...t.shape.slice(1)]); };

function model(seed = 5, returnSequences = false): Sequential {
  setRandomSeed(seed);
  const m = new Sequential({ layers: [new SimpleRNN({ units: 3, inputShape: [T, 2], returnSequences }), new Dense({ units: 1 })] });
  m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
  return m;
}

test('validationSplit holds out exactly the last samples, before shuffling', async () => {
  const a = model();
  const history = await a.fit(x, y, { epochs: 1, batchSize: 16, validationSplit: 0.2, shuffle: false, verbose: 0 });
  // the same step by hand on the first 16 samples
  const b = model();
  b.trainOnBatch(rows(x, 0, 16), rows(y, 0, 16));
  assertClose(a.getWeights().flatMap((w) => Array.from(w.data)), b.getWeights().flatMap((w) => Array.from(w.data)), { rtol: 1e-6, what: 'trained on samples 0..15 only' });
  assertClose([history.history.val_loss[0]], [b.evaluate(rows(x, 16, 20), rows(y, 16, 20)) as number], { rtol: 1e-6, what: 'val_loss on samples 16..19' });
  await assert.rejects(a.fit(x, y, { validationSplit: 0.99, verbose: 0 }), (e: Error) => e instanceof ShapeError && /leaves no training samples/.test(e.message));
  await assert.rejects(a.fit(x, y, { validationSplit: 1, verbose: 0 }), /validationSplit must be in \[0, 1\)/);
});

test('validationData overrides validationSplit; validationFreq skips epochs', async () => {
  const m = model();
  const xv = rows(x, 0, 5), yv = rows(y, 0, 5);
  const h = await m.fit(x, y, { epochs: 4, validationData: [xv, yv], validationSplit: 0.5, validationFreq: 2, verbose: 0 });
  assert.equal(h.history.val_loss.length, 2, 'validated after epochs 2 and 4');
  assertClose([h.history.val_loss[1]], [m.evaluate(xv, yv) as number], { rtol: 1e-6 });
});

test('sampleWeight: the loss is Σ wᵢ·Lᵢ / n (Keras sum_over_batch_size), per sample and per timestep', () => {
  const m = model();
  const w = Array.from({ length: n }, (_, i) => (i % 3) * 0.5);
  const p = m.predict(x).data;
  let expected = 0;
  for (let i = 0; i < n; i++) expected += w[i] * (p[i] - y.data[i]) ** 2;
  assertClose([m.evaluate(x, y, { sampleWeight: w }) as number], [expected / n], { rtol: 1e-5 });
  // sequence output: weights [n, T], one per timestep
  const s = model(6, true);
  const ys = tensor(Array.from(randomArray(n * T, 3, -1, 1)), [n, T, 1]);
  const wt = Array.from({ length: n }, (_, i) => Array.from({ length: T }, (_, t) => (i + t) % 2));
  const ps = s.predict(x).data;
  let e2 = 0;
  for (let i = 0; i < n * T; i++) e2 += wt[Math.floor(i / T)][i % T] * (ps[i] - ys.data[i]) ** 2;
  assertClose([s.evaluate(x, ys, { sampleWeight: wt }) as number], [e2 / (n * T)], { rtol: 1e-5 });
  assert.throws(() => m.evaluate(x, y, { sampleWeight: [1, 2] }), /sampleWeight must have shape \[20\]/);
  assert.throws(() => m.evaluate(x, y, { sampleWeight: w.map(() => NaN) }), /finite values >= 0/);
});

test('classWeight equals the matching per-sample weights; not with sampleWeight', async () => {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const classWeight = { 0: 1, 1: 3 };
  const a = model(), b = model();
  await a.fit(x, labels, { epochs: 2, batchSize: 8, shuffle: false, classWeight, verbose: 0 });
  await b.fit(x, labels, { epochs: 2, batchSize: 8, shuffle: false, sampleWeight: labels.map((l) => (l ? 3 : 1)), verbose: 0 });
  assert.deepEqual(a.getWeights().map((t) => Array.from(t.data)), b.getWeights().map((t) => Array.from(t.data)));
  await assert.rejects(a.fit(x, labels, { classWeight, sampleWeight: labels, verbose: 0 }), /sampleWeight or classWeight, not both/);
});

test('initialEpoch: epochs counts to an index, History records the indices run', async () => {
  const m = model();
  const h = await m.fit(x, y, { epochs: 5, initialEpoch: 3, verbose: 0 });
  assert.deepEqual(h.epoch, [3, 4]);
});

test('stopTraining set in a batch hook ends fit after that batch; the epoch still ends', async () => {
  const m = model();
  let batches = 0, epochsEnded = 0;
  const cb = new LambdaCallback({
    onTrainBatchEnd: (batch) => { batches++; if (batch === 1) m.stopTraining = true; },
    onEpochEnd: () => { epochsEnded++; },
  });
  const h = await m.fit(x, y, { epochs: 3, batchSize: 4, callbacks: [cb], verbose: 0 });
  assert.equal(batches, 2);
  assert.equal(epochsEnded, 1);
  assert.equal(h.epoch.length, 1);
});

test('verbose: 0 prints nothing; 2 prints one line per epoch with val_ metrics', async () => {
  const capture = async (verbose: 0 | 2): Promise<string> => {
    const write = process.stdout.write.bind(process.stdout);
    let out = '';
    process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
    try {
      const m = model();
      m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
      await m.fit(x, y, { epochs: 2, batchSize: 8, validationSplit: 0.2, verbose });
    } finally {
      process.stdout.write = write;
    }
    return out;
  };
  assert.equal(await capture(0), '');
  const lines = (await capture(2)).trim().split('\n');
  assert.equal(lines.length, 4);
  assert.equal(lines[0], 'Epoch 1/2');
  assert.match(lines[1], /^2\/2 - \d+s \d+(ms|us)\/step - loss: [\d.]+ - mae: [\d.]+ - val_loss: [\d.]+ - val_mae: [\d.]+$/);
});

test('fit refuses unknown options and bad values', async () => {
  const m = model();
  await assert.rejects(m.fit(x, y, { epoch: 3 } as never), (e: Error) => e instanceof ConfigError && /fit: unknown option 'epoch'/.test(e.message));
  await assert.rejects(m.fit(x, y, { initialEpoch: -1 }), /initialEpoch must be an integer >= 0/);
  await assert.rejects(m.fit(x, y, { callbacks: [{}] as never }), /callbacks must be a list of Callback objects/);
  await assert.rejects(m.fit(x, y, { validationData: [x] as never }), /validationData must be \[x, y\]/);
});

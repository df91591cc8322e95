// Training checkpoints: 10 epochs straight equal 5 epochs + save (with optimizer state) + load + 5 more
// epochs from initialEpoch 5, bit for bit at a fixed seed; ModelCheckpoint's filenames, saveBestOnly and
// weights-only files (Keras 3 .weights.h5) with loadWeights.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as rk from '../src/index.js';
import { randomArray } from './helpers.js';

const x = rk.tensor(Array.from(randomArray(48 * 6 * 2, 1, -1, 1)), [48, 6, 2]);
const y = rk.tensor(Array.from(randomArray(48, 2, -1, 1)), [48, 1]);
const flat = (m: rk.Model) => m.getWeights().flatMap((w) => Array.from(w.data));

function build(): rk.Sequential {
  const m = new rk.Sequential({ layers: [new rk.LSTM({ units: 5, inputShape: [6, 2] }), new rk.Dense({ units: 1 })] });
  m.compile({ optimizer: new rk.Adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
  return m;
}

test('10 epochs straight = 5 + save(includeOptimizer) + load + 5, bit for bit', async () => {
  rk.setRandomSeed(123);
  const straight = build();
  const h = await straight.fit(x, y, { epochs: 10, batchSize: 16, verbose: 0 });

  rk.setRandomSeed(123);
  const first = build();
  await first.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0 });
  const dir = join(mkdtempSync(join(tmpdir(), 'rnnkit-')), 'ckpt');
  await first.save(dir, { includeOptimizer: true });
  const resumed = await rk.loadModel(dir);
  assert.equal(resumed.optimizer?.iterations, 15);
  const h2 = await resumed.fit(x, y, { epochs: 10, initialEpoch: 5, batchSize: 16, verbose: 0 });
  assert.deepEqual(h2.epoch, [5, 6, 7, 8, 9]);
  assert.deepEqual(h2.history.loss, h.history.loss.slice(5));
  assert.deepEqual(flat(resumed), flat(straight));

  // without the optimizer state the run differs: fresh Adam moments
  rk.setRandomSeed(123);
  const other = build();
  await other.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0 });
  await other.save(dir);
  const cold = await rk.loadModel(dir);
  assert.equal(cold.optimizer, null, 'no training config without includeOptimizer (as TF.js)');
  cold.compile({ optimizer: new rk.Adam({ learningRate: 0.01 }), loss: 'mse' });
  await cold.fit(x, y, { epochs: 10, initialEpoch: 5, batchSize: 16, verbose: 0 });
  assert.notDeepEqual(flat(cold), flat(straight));
});

test('ModelCheckpoint: templated names every epoch; saveBestOnly saves improvements only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-'));
  rk.setRandomSeed(5);
  const m = build();
  await m.fit(x, y, { epochs: 3, validationSplit: 0.25, verbose: 0, callbacks: [new rk.ModelCheckpoint(join(dir, 'e{epoch:02d}-{val_loss:.3f}.keras'))] });
  const names = readdirSync(dir).sort();
  assert.equal(names.length, 3);
  assert.match(names[0], /^e01-\d\.\d{3}\.keras$/);
  const reloaded = await rk.loadModel(join(dir, names[2]));
  assert.deepEqual(flat(reloaded), flat(m));

  const best = mkdtempSync(join(tmpdir(), 'rnnkit-'));
  const scripted = new rk.LambdaCallback({ onEpochEnd: (e, logs) => { logs!.val_loss = [3, 2, 2.5, 1, 1.5][e]; } });
  const saved: number[] = [];
  const spy = new rk.LambdaCallback({ onEpochEnd: (e) => { if (existsSync(join(best, `b${e + 1}`))) saved.push(e + 1); } });
  await build().fit(x, y, { epochs: 5, verbose: 0, callbacks: [scripted, new rk.ModelCheckpoint(join(best, 'b{epoch}'), { saveBestOnly: true }), spy] });
  assert.deepEqual(saved, [1, 2, 4]);
  assert.equal(rk.formatFilepath('w-{epoch:03d}-{loss:.2e}-{acc:5.1f}', 6, { loss: 0.012345, acc: 0.5 }), 'w-007-1.23e-2-  0.5');
  assert.throws(() => rk.formatFilepath('{nope}', 0, {}), /uses \{nope\}, which is not in the logs/);
});

test('saveWeightsOnly writes Keras 3 .weights.h5 files that loadWeights reads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-'));
  rk.setRandomSeed(6);
  const m = build();
  await m.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new rk.ModelCheckpoint(join(dir, 'w{epoch}.weights.h5'), { saveWeightsOnly: true })] });
  rk.setRandomSeed(99);
  const fresh = build();
  fresh.predict(x); // builds it
  await fresh.loadWeights(join(dir, 'w2.weights.h5'));
  assert.deepEqual(flat(fresh), flat(m));
  assert.throws(() => new rk.ModelCheckpoint('w.h5', { saveWeightsOnly: true }), /must end in .weights.h5/);
  await assert.rejects(m.saveWeights(join(dir, 'x.bin')), /must end in .weights.h5/);
});

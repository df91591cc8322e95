// Transfer learning (the course's next chapter): frozen layers and frozen models keep their weights in fit and
// have no optimizer slots, summary() counts trainable and non-trainable parameters as Keras does, unfreezing
// and compiling again fine-tunes; loadWeights by name with skipMismatch from a real Keras 2 file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as rk from '../src/index.js';
import { Dense, GRU, Input, LSTM, Model, Sequential, SymbolicTensor, setRandomSeed, tensor } from '../src/index.js';

const FIXTURES = new URL('../../test/fixtures/keras/', import.meta.url).pathname;
const sym = (x: unknown) => x as SymbolicTensor;
const data = (shape: number[], k: number) => tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37 * k)), shape);
const snapshot = (l: rk.Layer) => l.getWeights().map((w) => Array.from(w.data));

test('a frozen layer keeps its weights in fit and has no optimizer slots; summary counts it as non-trainable', async () => {
  setRandomSeed(1);
  const frozen = new LSTM({ units: 4, inputShape: [5, 2], returnSequences: true, trainable: false });
  const head = new GRU({ units: 3 });
  const model = new Sequential({ layers: [frozen, head, new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const before = snapshot(frozen), headBefore = snapshot(head);
  await model.fit(data([16, 5, 2], 1), data([16, 1], 2), { epochs: 2, batchSize: 8, verbose: 0 });
  assert.deepEqual(snapshot(frozen), before);
  assert.notDeepEqual(snapshot(head), headBefore);
  const lstmParams = frozen.countParams(), total = model.countParams();
  assert.equal(model.trainer.store!.trainableSize, total - lstmParams);
  assert.equal(model.getOptimizerState()!.slots[0].length, total); // slots share the store layout; only the prefix is updated
  assert.match(model.summary(), new RegExp(`Trainable params: ${(total - lstmParams).toLocaleString('en-US')} `));
  assert.match(model.summary(), new RegExp(`Non-trainable params: ${lstmParams.toLocaleString('en-US')} `));
  assert.deepEqual(model.trainableWeights.length, 5);
  assert.deepEqual(model.nonTrainableWeights.length, 3);
});

test('a frozen model used as a layer, then unfrozen and compiled again for fine-tuning (Adam moments carried)', async () => {
  setRandomSeed(2);
  const baseIn = Input({ shape: [6, 2] });
  const base = new Model({ inputs: baseIn, outputs: sym(new LSTM({ units: 5 }).apply(baseIn)), name: 'base' });
  base.compile({ optimizer: 'sgd', loss: 'mse' }); // the base's own store, as after pre-training
  base.trainable = false;
  const inp = Input({ shape: [6, 2] });
  const model = new Model({ inputs: inp, outputs: sym(new Dense({ units: 1 }).apply(sym(base.apply(inp)))) });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  assert.equal(model.trainableWeights.length, 2);
  const x = data([12, 6, 2], 3), y = data([12, 1], 4);
  const before = snapshot(base);
  await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
  assert.deepEqual(snapshot(base), before);
  base.trainable = true;
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  assert.notDeepEqual(snapshot(base), before);
  // the base model still predicts with the shared, fine-tuned weights
  const viaBase = base.predict(x).data;
  const direct = new Model({ inputs: inp, outputs: sym(base.apply(inp)) }).predict(x).data;
  assert.deepEqual(Array.from(viaBase), Array.from(direct));
});

test('loadWeights from a real Keras 2 .h5: by order, by name with skipMismatch (reported), errors otherwise', async () => {
  const file = join(FIXTURES, 'h5-k2-gru-stacked-traffic', 'gru.h5');
  const reference = await rk.loadModel(file);
  const build = (headUnits: number) => new Sequential({ layers: [
    new GRU({ units: 64, returnSequences: true, resetAfter: false, recurrentActivation: 'hard_sigmoid_tfjs', inputShape: [12, 1], name: 'gru_1' }),
    new GRU({ units: 64, resetAfter: false, recurrentActivation: 'hard_sigmoid_tfjs', name: 'gru_2' }),
    new Dense({ units: headUnits, activation: 'sigmoid', name: 'dense_1' }),
  ] });
  const same = build(1);
  assert.deepEqual(await same.loadWeights(file), []);
  const x = data([2, 12, 1], 5);
  assert.deepEqual(Array.from(same.predict(x).data), Array.from(reference.predict(x).data));

  const other = build(3); // a new head for another task
  await assert.rejects(other.loadWeights(file), /layer 'dense_1'.*kernel is \[64, 1\] in the file, \[64, 3\] in the model/);
  const skipped = await other.loadWeights(file, { byName: true, skipMismatch: true });
  assert.deepEqual(skipped, ['dense_1: kernel is [64, 1] in the file, [64, 3] in the model']);
  assert.deepEqual(snapshot(other.layers[1]), snapshot(reference.layers[1]));

  const renamed = new Sequential({ layers: [new GRU({ units: 64, resetAfter: false, inputShape: [12, 1], name: 'encoder_gru' }), new Dense({ units: 1 })] });
  const untouched = snapshot(renamed.layers[0]);
  assert.deepEqual(await renamed.loadWeights(file, { byName: true, skipMismatch: true }), []);
  assert.deepEqual(snapshot(renamed.layers[0]), untouched); // no layer of that name in the file: left alone, as Keras
  await assert.rejects(renamed.loadWeights(file), /weights for 3 layers, the model has 2/);
  await assert.rejects(renamed.loadWeights(file, { byname: true } as never), /unknown option 'byname'/);
});

test('loadWeights from a .weights.h5 with skipMismatch skips the layers that changed', async () => {
  setRandomSeed(3);
  const d = mkdtempSync(join(tmpdir(), 'rnnkit-tl-'));
  const source = new Sequential({ layers: [new LSTM({ units: 4, inputShape: [3, 2] }), new Dense({ units: 2 })] });
  await source.saveWeights(join(d, 'w.weights.h5'));
  const target = new Sequential({ layers: [new LSTM({ units: 4, inputShape: [3, 2] }), new Dense({ units: 5 })] });
  const skipped = await target.loadWeights(join(d, 'w.weights.h5'), { skipMismatch: true });
  assert.equal(skipped.length, 1);
  assert.match(skipped[0], /^dense.*kernel is \[4, 2\] in the file, \[4, 5\] in the model/);
  assert.deepEqual(snapshot(target.layers[0]), snapshot(source.layers[0]));
  await assert.rejects(target.loadWeights(join(d, 'w.weights.h5'), { byName: true }), /byName is for legacy .h5 files/);
});

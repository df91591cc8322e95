// The tuner (issue 13 item 2, KerasTuner's names): hyperparameter declaration, sampling and conditional scopes;
// RandomSearch reproducible by seed and resumable from its state directory; Hyperband's brackets and promotions;
// the Gaussian-process proposal of BayesianOptimization; best hyperparameters and models; objective errors.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EarlyStopping } from '../src/callbacks/early_stopping.js';
import { Dense } from '../src/layers/core/dense.js';
import { Sequential } from '../src/models/sequential.js';
import { Adam } from '../src/optimizers/index.js';
import { Tensor } from '../src/tensor/tensor.js';
import { fromUnit, HyperParameters, toUnit } from '../src/tuner/hyperparameters.js';
import { bayesianNext, hyperbandBrackets, type TrialRecord } from '../src/tuner/oracles.js';
import { BayesianOptimization, Hyperband, Objective, RandomSearch } from '../src/tuner/tuner.js';

// y = 2x − 1 on 40 points: a Dense model fits it; the learning rate decides how far it gets in a few epochs
const xs = new Tensor(Float32Array.from({ length: 40 }, (_, i) => i / 20 - 1), [40, 1]);
const ys = new Tensor(Float32Array.from({ length: 40 }, (_, i) => 2 * (i / 20 - 1) - 1), [40, 1]);
let builds = 0;
function build(hp: HyperParameters): Sequential {
  builds++;
  const lr = hp.Float('learningRate', 1e-4, 1e-1, { sampling: 'log' });
  const deep = hp.Boolean('deep');
  const layers = [new Dense({ units: hp.Int('units', 2, 8, { step: 2 }), inputShape: [1] })];
  if (deep) hp.conditionalScope('deep', true, () => layers.push(new Dense({ units: hp.Choice('hidden', [2, 4]) })));
  const model = new Sequential({ layers: [...layers, new Dense({ units: 1 })] });
  model.compile({ optimizer: new Adam({ learningRate: lr }), loss: 'mse' });
  return model;
}
const fit = { epochs: 4, batchSize: 8, validationSplit: 0.25, verbose: 0 as const };

test('HyperParameters: values, defaults, log sampling, conditional scopes, errors', () => {
  const hp = new HyperParameters();
  assert.equal(hp.Int('units', 8, 64, { step: 8 }), 8, 'the default is minValue');
  assert.equal(hp.Float('lr', 1e-4, 1e-2, { sampling: 'log', default: 1e-3 }), 1e-3);
  assert.equal(hp.Choice('cell', ['lstm', 'gru']), 'lstm');
  hp.conditionalScope('cell', 'gru', () => hp.Boolean('resetAfter', { default: true }));
  assert.deepEqual(hp.activeValues(), { units: 8, lr: 1e-3, cell: 'lstm' }, 'resetAfter is inactive while cell is lstm');
  hp.values = { cell: 'gru' };
  assert.deepEqual(hp.activeValues(), { units: 8, lr: 1e-3, cell: 'gru', resetAfter: true });
  const lr = hp.space[1];
  assert.ok(Math.abs((fromUnit(lr, 0.5) as number) - 1e-3) < 1e-12, 'log sampling: the middle of the unit interval is the geometric mean');
  assert.ok(Math.abs(toUnit(lr, 1e-3) - 0.5) < 1e-12);
  assert.equal(fromUnit(hp.space[0], 0.52), 40, 'step grid');
  assert.throws(() => hp.Float('bad', 0, 1, { sampling: 'log' }), /log sampling needs minValue > 0/);
  assert.throws(() => hp.Int('x', 1, 2, { stpe: 1 } as never), /unknown option 'stpe'/);
  assert.throws(() => hp.conditionalScope('nope', 1, () => 0), /no hyperparameter 'nope'/);
});

test('RandomSearch: maxTrials distinct trials, reproducible by seed, best hyperparameters and models', async () => {
  const run = async (seed: number) => {
    const t = new RandomSearch({ hypermodel: build, objective: 'val_loss', maxTrials: 4, seed });
    await t.search(xs, ys, { ...fit, callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true })] });
    return t;
  };
  const a = await run(1), b = await run(1), c = await run(2);
  assert.equal(a.trials.length, 4);
  assert.equal(new Set(a.trials.map((t) => JSON.stringify(t.values))).size, 4);
  assert.deepEqual(a.trials.map((t) => t.values), b.trials.map((t) => t.values));
  assert.deepEqual(a.trials.map((t) => t.score), b.trials.map((t) => t.score));
  assert.notDeepEqual(a.trials.map((t) => t.values), c.trials.map((t) => t.values));
  for (const t of a.trials) assert.equal('hidden' in t.values, t.values.deep === true, 'hidden only when deep');
  const best = a.getBestHyperparameters(2);
  const scores = [...a.trials].map((t) => t.score!).sort((p, q) => p - q);
  assert.deepEqual(best[0].values, a.trials.find((t) => t.score === scores[0])!.values);
  assert.deepEqual(best[1].values, a.trials.find((t) => t.score === scores[1])!.values);
  const [model] = await a.getBestModels(1);
  const val = new Tensor(xs.data.slice(30), [10, 1]), valY = new Tensor(ys.data.slice(30), [10, 1]);
  const loss = model.evaluate(val, valY) as number;
  const bestTrial = a.trials.find((t) => t.score === scores[0])!;
  assert.ok(Math.abs(loss - bestTrial.metrics.val_loss) < 1e-4 * Math.max(1, loss), `the model of the best trial at its best epoch (early stopping restores it): ${loss} vs ${bestTrial.metrics.val_loss}`);
  assert.match(a.resultsSummary(2), /Results summary \(RandomSearch, 4 trials\)\nObjective: val_loss \(min\)\n\nTrial \d\d summary\nHyperparameters:\nlearningRate: [\d.e-]+\n/);
});

test('a search resumes from its state directory: finished trials are not rerun', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'rnnkit-tuner-'));
  const first = new RandomSearch({ hypermodel: build, maxTrials: 2, seed: 3, directory, projectName: 'p' });
  await first.search(xs, ys, fit);
  builds = 0;
  const second = new RandomSearch({ hypermodel: build, maxTrials: 3, seed: 3, directory, projectName: 'p' });
  await second.search(xs, ys, fit);
  assert.equal(second.trials.length, 3);
  assert.deepEqual(second.trials.slice(0, 2), first.trials);
  assert.equal(builds, 1, 'one new trial built (the space came from the saved state)');
  const fromDisk = await new RandomSearch({ hypermodel: build, maxTrials: 3, seed: 3, directory, projectName: 'p' });
  await fromDisk.search(xs, ys, fit);
  assert.equal((await fromDisk.getBestModels(1)).length, 1, 'best model loaded from trial_<id>/model');
  const fresh = new RandomSearch({ hypermodel: build, maxTrials: 1, seed: 3, directory, projectName: 'p', overwrite: true });
  await fresh.search(xs, ys, fit);
  assert.equal(fresh.trials.length, 1);
  await assert.rejects(new BayesianOptimization({ hypermodel: build, maxTrials: 5, directory, projectName: 'p' }).search(xs, ys, fit), /the state of a RandomSearch, not a BayesianOptimization/);
});

test('Hyperband: brackets of successive halving, the best promoted with more epochs', async () => {
  assert.deepEqual(hyperbandBrackets(9, 3), [
    { s: 2, rounds: [{ n: 9, epochs: 1 }, { n: 3, epochs: 3 }, { n: 1, epochs: 9 }] },
    { s: 1, rounds: [{ n: 5, epochs: 3 }, { n: 1, epochs: 9 }] },
    { s: 0, rounds: [{ n: 3, epochs: 9 }] },
  ]);
  const t = new Hyperband({ hypermodel: build, maxEpochs: 3, factor: 3, seed: 4 });
  await t.search(xs, ys, { ...fit, epochs: 99 });
  assert.deepEqual(t.trials.map((r) => [r.bracket, r.round, r.epochs]), [[0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 1, 3], [1, 0, 3], [1, 0, 3]]);
  const round0 = t.trials.slice(0, 3).sort((a, b) => a.score! - b.score!);
  assert.deepEqual(t.trials[3].values, round0[0].values, 'the best of round 0 trains again for 3 epochs');
  assert.throws(() => new Hyperband({ hypermodel: build } as never), /needs maxEpochs/);
});

test('BayesianOptimization: the Gaussian process proposes near the best score; the search runs', async () => {
  const hp = new HyperParameters();
  hp.Float('u', 0, 1);
  const trial = (u: number, score: number): TrialRecord => ({ trialId: String(u), values: { u }, status: 'COMPLETED', score, bestStep: 0, metrics: {} });
  let r = 0.123;
  const rand = () => (r = (r * 9301 + 0.49297) % 1);
  const next = bayesianNext(hp, [trial(0.1, 5), trial(0.5, 1), trial(0.9, 5)], rand, { numInitialPoints: 3, alpha: 1e-4, beta: 0, sign: 1 });
  assert.ok(Math.abs((next!.u as number) - 0.5) < 0.15, `proposal ${next!.u} near the minimum at 0.5`);
  const maximise = bayesianNext(hp, [trial(0.1, 5), trial(0.5, 1), trial(0.9, 5)], rand, { numInitialPoints: 3, alpha: 1e-4, beta: 0, sign: -1 });
  assert.ok(Math.abs((maximise!.u as number) - 0.5) > 0.3, 'maximising moves away from the low score');
  const t = new BayesianOptimization({ hypermodel: build, maxTrials: 4, numInitialPoints: 2, seed: 5 });
  await t.search(xs, ys, fit);
  assert.equal(t.trials.length, 4);
  assert.equal(Objective.from('val_accuracy').direction, 'max');
  await assert.rejects(new RandomSearch({ hypermodel: build, objective: 'val_mae', maxTrials: 1 }).search(xs, ys, fit), /the objective 'val_mae' was not logged; logged: loss, val_loss/);
  assert.throws(() => new RandomSearch({ hypermodel: build, maxTrails: 3 } as never), /unknown option 'maxTrails'/);
});

test('CLI: train --tune N tunes the network first and trains the recipe with the best values', async () => {
  const { spawnSync } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-tune-cli-'));
  const csv = join(dir, 's.csv');
  writeFileSync(csv, 'v\n' + Array.from({ length: 60 }, (_, t) => (10 * Math.sin(t / 3) + t / 5).toFixed(3)).join('\n') + '\n');
  const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [CLI, 'train', csv, '--target', 'v', '--lookback', '4', '--epochs', '2', '--ensemble', '1', '--tune', '2', '--recipe', 'network-on-levels', '--verbose', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Results summary \(BayesianOptimization, 2 trials\)/);
  const m = /tuned network: (lstm|gru):(\d+), learning rate ([\d.e-]+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[2]) >= 8 && Number(m[2]) <= 64 && Number(m[3]) >= 1e-3 && Number(m[3]) <= 3e-2);
  assert.match(spawnSync(process.execPath, [CLI, 'train', csv, '--target', 'v', '--tune', '0'], { encoding: 'utf8' }).stderr, /--tune must be a positive number of trials/);
});

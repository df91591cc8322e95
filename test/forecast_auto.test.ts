// The automatic recipe (issue 13 items 1, 3, 4): candidates scored by rolling-origin validation inside the
// training rows only, the right kind of model chosen on series whose answer is known, reproducible with a
// seed, saved and loaded as an ensemble; conformal half-widths by hand; intervals and per-point predictions
// in backtests and in the CLI's --output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { autoTrain, candidates } from '../src/forecast/auto.js';
import { backtest, compare } from '../src/forecast/backtest.js';
import { conformalHalfWidth, loadForecastModel, localScale, type Ensemble } from '../src/forecast/ensemble.js';
import { resolveConfig } from '../src/forecast/forecaster.js';

const fast = { epochs: 3, ensemble: 1, model: 'gru:4', lookback: 6 };
const cheap = ['naive', 'linear AR', 'linear AR on differences'];

/** A small deterministic PRNG (mulberry32) in [0, 1). */
function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** y[t] = 50 + 0.8·(y[t−1] − 50) + noise: mean-reverting, so a linear AR beats naive clearly. */
function ar1(n: number, seed: number): number[][] {
  const rand = mulberry(seed);
  const y = [50];
  for (let t = 1; t < n; t++) y.push(50 + 0.8 * (y[t - 1] - 50) + 4 * (rand() - 0.5) + (t % 2 ? 6 : -6));
  return y.map((v) => [v]);
}

test('candidates: every pipeline the issue lists, seasonal ones only with a season', () => {
  const names = (season: number) => candidates(resolveConfig({ target: 'v', season }, { names: ['v'] })).map((c) => c.name);
  assert.deepEqual(names(1), ['naive', 'linear AR', 'linear AR on differences', 'network on levels', 'network on differences', 'hybrid']);
  assert.deepEqual(names(12), ['naive', 'seasonal naive', 'linear AR', 'linear AR on differences', 'linear seasonal', 'network on levels', 'network on differences', 'hybrid']);
});

test('autoTrain picks a linear AR on a mean-reverting series, never reads past trainEnd, and is reproducible', async () => {
  const values = ar1(120, 7);
  const series = { names: ['v'], values, time: null };
  const a = await autoTrain(series, { target: 'v', ...fast }, { trainEnd: 100, only: cheap });
  const sel = a.selection!;
  assert.ok(sel.members!.includes('linear AR') && !sel.members!.includes('naive'), `chose ${a.name}`);
  assert.deepEqual(sel.scores.slice(0, 3).map((s) => s.name), cheap);
  assert.equal(sel.validationRows, 25);
  assert.equal(sel.folds, 3);
  assert.ok(sel.scores.find((s) => s.name === 'linear AR')!.mae < 0.5 * sel.scores.find((s) => s.name === 'naive')!.mae);
  // rows after trainEnd changed: the same choice and the same validation scores
  const poisoned = { ...series, values: [...values.slice(0, 100), ...values.slice(100).map(() => [1e6])] };
  const b = await autoTrain(poisoned, { target: 'v', ...fast }, { trainEnd: 100, only: cheap });
  assert.deepEqual(b.selection!.scores, sel.scores);
  // networks too: the same seed gives the same scores, a different seed different network scores
  const withNet = [...cheap, 'network on levels'];
  const c1 = await autoTrain(series, { target: 'v', ...fast, seed: 5 }, { trainEnd: 100, only: withNet });
  const c2 = await autoTrain(series, { target: 'v', ...fast, seed: 5 }, { trainEnd: 100, only: withNet });
  const c3 = await autoTrain(series, { target: 'v', ...fast, seed: 6 }, { trainEnd: 100, only: withNet });
  assert.deepEqual(c1.selection!.scores, c2.selection!.scores);
  assert.notEqual(c1.selection!.scores[3].mae, c3.selection!.scores[3].mae);
  await assert.rejects(autoTrain(series, { target: 'v', ...fast }, { trainend: 60 } as never), /autoTrain: unknown option 'trainend'/);
  await assert.rejects(autoTrain(series, { target: 'v', ...fast, lookback: 40 }, { trainEnd: 60 }), /validates on the last 15 of the 60 training rows, which leaves 45 to train on; lookback 40 needs at least 46/);
});

test('an ensemble saves, loads and forecasts the same numbers; its mean is the members\' mean', async () => {
  const series = { names: ['v'], values: ar1(90, 3), time: null };
  const e = await autoTrain(series, { target: 'v', ...fast }, { only: cheap });
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-auto-'));
  await e.save(dir);
  const back = (await loadForecastModel(dir)) as Ensemble;
  assert.equal(back.name, e.name);
  assert.deepEqual(back.forecast(5), e.forecast(5));
  assert.deepEqual(back.selection, e.selection);
  const origins = [60, 70];
  const p = e.predict(series.values, origins);
  const parts = e.members.map((m) => m.forecaster.predict(series.values, origins));
  for (let n = 0; n < 2; n++) assert.ok(Math.abs(p[n][0][0] - parts.reduce((s, q) => s + q[n][0][0], 0) / parts.length) < 1e-9);
});

test('conformal half-widths by hand', () => {
  // residuals 1, 2, 3, 4 (scaled): level 0.8 → the ⌈5·0.8⌉ = 4th; level 0.5 → the ⌈2.5⌉ = 3rd
  const raw = [[0], [2], [6], [5]]; // |changes| over the last 3 rows: 2, 4, 1 → scale 7/3
  const c = { residuals: [[1, 2, 3, 4]], window: 3 };
  assert.ok(Math.abs(localScale(raw, 3, 0, 3) - 7 / 3) < 1e-12);
  assert.ok(Math.abs(conformalHalfWidth(c, 0.8, 1, raw, 3, 0) - 4 * 7 / 3) < 1e-12);
  assert.ok(Math.abs(conformalHalfWidth(c, 0.5, 1, raw, 3, 0) - 3 * 7 / 3) < 1e-12);
  assert.ok(Math.abs(conformalHalfWidth(c, 0.8, 4, raw, 3, 0) - 2 * 4 * 7 / 3) < 1e-12, 'step 4 of a horizon-1 model: ×√4');
  assert.ok(Math.abs(localScale(raw, 3, 0, 2, 2) - (Math.abs(6 - 0) + Math.abs(5 - 2)) / 2) < 1e-12, 'seasonal lag');
  assert.throws(() => conformalHalfWidth(c, 1.2, 1, raw, 3, 0), /level must be in \(0, 1\)/);
});

test('compare and backtest report interval coverage and every scored point', async () => {
  const series = { names: ['v'], values: ar1(100, 11), time: null };
  const e = await autoTrain(series, { target: 'v', ...fast }, { trainEnd: 80, only: cheap });
  const c = compare(e, series, 80);
  assert.equal(c.rows!.length, 20);
  const r = c.rows![0];
  assert.equal(r.row, 80);
  assert.equal(r.actual, series.values[80][0]);
  assert.deepEqual(Object.keys(r.predictions), [`auto: ${e.name}`, 'naive', 'linear AR(6)']);
  assert.deepEqual(Object.keys(r.bounds), ['80%', '95%']);
  const inside = c.rows!.filter((x) => x.actual >= x.bounds['80%'][0] && x.actual <= x.bounds['80%'][1]).length;
  assert.equal(c.intervals![0].coverage, inside / 20);
  assert.ok(c.intervals![1].width > c.intervals![0].width);
  const bt = await backtest(series, { target: 'v', ...fast, recipe: 'linear-AR' }, { folds: 2 });
  assert.equal(bt.scores[0].method, 'recipe linear-AR');
  assert.equal(bt.intervals!.length, 2);
  assert.equal(bt.rows!.length, bt.origins);
});

test('CLI: train defaults to the automatic recipe, reports every candidate, forecasts with intervals, writes predictions', () => {
  const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-auto-cli-'));
  const csv = join(dir, 'ar.csv');
  writeFileSync(csv, 'v\n' + ar1(80, 5).map((r) => r[0].toFixed(4)).join('\n') + '\n');
  const args = ['--target', 'v', '--epochs', '2', '--ensemble', '1', '--lookback', '4', '--verbose', '0'];
  const r = cli('train', csv, ...args, '--out', join(dir, 'm'), '--output', join(dir, 'preds.csv'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /automatic recipe: rolling-origin validation on the last 16 training rows \(3 folds, seed 42\)/);
  for (const name of ['naive', 'linear AR', 'linear AR on differences', 'network on levels', 'network on differences', 'hybrid', 'mean(']) assert.ok(r.stdout.includes(name), name);
  assert.match(r.stdout, /chosen: /);
  assert.match(r.stdout, /80 % interval: covers [\d.]+ % of the points/);
  const lines = readFileSync(join(dir, 'preds.csv'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 1 + 16);
  assert.match(lines[0], /^time,row,step,target,actual,auto: .*,naive,linear AR\(4\),lower 80%,upper 80%,lower 95%,upper 95%$/);
  const ev = cli('evaluate', join(dir, 'm'), csv, '--json', '--output', join(dir, 'ev.json'));
  assert.equal(ev.status, 0, ev.stderr);
  const evj = JSON.parse(ev.stdout);
  assert.equal(evj.from, 64);
  assert.deepEqual(evj.intervals.map((i: { level: number }) => i.level), [0.8, 0.95]);
  assert.equal(JSON.parse(readFileSync(join(dir, 'ev.json'), 'utf8')).predictions.length, 16);
  const fc = cli('forecast', join(dir, 'm'), '--steps', '2', '--interval', '0.8,0.95', '--json');
  assert.equal(fc.status, 0, fc.stderr);
  const json = JSON.parse(fc.stdout);
  assert.equal(json.intervals.length, 2);
  for (let i = 0; i < 2; i++) {
    assert.ok(json.intervals[1].lower[i][0] <= json.intervals[0].lower[i][0] && json.intervals[0].lower[i][0] < json.forecast[i][0] && json.forecast[i][0] < json.intervals[0].upper[i][0]);
  }
  const bt = cli('backtest', csv, ...args, '--recipe', 'linear-AR', '--folds', '2', '--output', join(dir, 'bt.csv'));
  assert.equal(bt.status, 0, bt.stderr);
  assert.match(bt.stdout, /95 % interval: covers [\d.]+ % of the points, mean width/);
  const btLines = readFileSync(join(dir, 'bt.csv'), 'utf8').trim().split('\n');
  assert.equal(btLines[0], 'time,row,step,target,actual,recipe linear-AR,naive,linear AR(4),lower 80%,upper 80%,lower 95%,upper 95%');
  assert.equal(btLines.length, 1 + 16);
  const forced = cli('train', csv, ...args, '--recipe', 'linear-AR', '--json');
  assert.equal(JSON.parse(forced.stdout).recipe, 'linear AR');
  assert.match(cli('train', csv, ...args, '--recipe', 'arima').stderr, /unknown recipe 'arima'. Known: auto, manual, naive, linear-AR/);
  const manual = cli('train', csv, ...args, '--model', 'gru:4', '--out', join(dir, 'manual'));
  assert.match(manual.stdout, /network \(gru:4\)/);
  assert.match(cli('forecast', join(dir, 'manual'), '--interval', '0.9').stderr, /no validation residuals for intervals/);
});

// Baselines and metrics on known series, the forecaster (training, direct and recursive forecasts, save/load),
// and the walk-forward backtest's guarantee that no fold sees its future.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { backtest, compare } from '../src/forecast/backtest.js';
import { LinearAR, naiveForecast, seasonalNaiveForecast } from '../src/forecast/baselines.js';
import type { Series } from '../src/forecast/csv.js';
import { Forecaster } from '../src/forecast/forecaster.js';
import { forecastMetrics, maseScale } from '../src/forecast/metrics.js';
import { assertClose } from './helpers.js';

const col = (n: number, f: (t: number) => number) => Array.from({ length: n }, (_, t) => [f(t)]);

test('naive and seasonal naive on a known series', () => {
  const raw = col(12, (t) => t * 10);
  assert.deepEqual(naiveForecast(raw, [5, 7], 2, [0]), [[[50], [50]], [[70], [70]]]);
  // season 4, horizon 6 from origin 7: steps 1..4 take rows 4..7, steps 5..6 rows 4..5 (a season before step 1's)
  assert.deepEqual(seasonalNaiveForecast(raw, [7], 6, [0], 4)[0].map((r) => r[0]), [40, 50, 60, 70, 40, 50]);
});

test('linear AR recovers an exact AR(2) process', () => {
  const raw: number[][] = [[1], [2]];
  for (let t = 2; t < 40; t++) raw.push([3 + 0.5 * raw[t - 1][0] - 0.3 * raw[t - 2][0]]);
  const ar = LinearAR.fit(raw, 30, 2, 2, [0]);
  const pred = ar.predict(raw, [31, 35]);
  const step2 = (o: number) => 3 + 0.5 * (3 + 0.5 * raw[o][0] - 0.3 * raw[o - 1][0]) - 0.3 * raw[o][0];
  assertClose(pred.flat(2), [raw[32][0], step2(31), raw[36][0], step2(35)], { rtol: 1e-7 });
});

test('RMSE, MAE, MAPE, sMAPE and MASE by hand', () => {
  const actual = [[[2]], [[4]], [[-5]]], predicted = [[[3]], [[2]], [[-5]]];
  const m = forecastMetrics(actual, predicted, 2);
  assertClose([m.rmse, m.mae, m.mape, m.smape, m.mase], [Math.sqrt(5 / 3), 1, (100 * (0.5 + 0.5 + 0)) / 3, (100 * (2 / 5 + 4 / 6 + 0)) / 3, 0.5], { rtol: 1e-12 });
  assert.equal(maseScale(col(5, (t) => t * t), 5, [0], 1), (1 + 3 + 5 + 7) / 4);
});

const trend: Series = { names: ['value'], values: col(80, (t) => 50 + 0.8 * t + 5 * Math.sin(t / 3)), time: null };
const quick = { target: 'value', lookback: 6, epochs: 30, ensemble: 2, validation: 0, seed: 3 };

test('forecast: direct for steps ≤ horizon, recursive beyond (predictions fed back); save/load keeps it', async () => {
  const { forecaster } = await Forecaster.train(trend, { ...quick, horizon: 1 });
  const raw = trend.values;
  const five = forecaster.forecast(5, raw);
  // recursion by hand: predict one step, append it, repeat
  const rows = raw.map((r) => [...r]);
  for (let i = 0; i < 5; i++) rows.push([forecaster.predict(rows, [rows.length - 1])[0][0][0]]);
  assertClose(five.flat(), rows.slice(80).flat(), { rtol: 1e-12 });
  const { forecaster: direct } = await Forecaster.train(trend, { ...quick, horizon: 3 });
  assertClose(direct.forecast(3, raw).flat(), direct.predict(raw, [79])[0].flat(), { rtol: 1e-12 });
  const dir = join(mkdtempSync(join(tmpdir(), 'rnnkit-')), 'f');
  await forecaster.save(dir);
  const back = await Forecaster.load(dir);
  assert.equal(back.models.length, 2);
  assertClose(back.forecast(5, raw).flat(), five.flat(), { rtol: 0, atol: 0 });
  assertClose(back.forecast(2).flat(), forecaster.forecast(2).flat(), { rtol: 0, atol: 0 }); // from the stored tail
  // exogenous inputs cannot be fed back
  const multi: Series = { names: ['value', 'x'], values: trend.values.map((r, t) => [r[0], Math.cos(t)]), time: null };
  const { forecaster: exo } = await Forecaster.train(multi, { ...quick, features: ['value', 'x'], ensemble: 1 });
  assert.throws(() => exo.forecast(3), /needs every input column to be a target/);
  assert.equal(exo.forecast(1).length, 1);
});

test('backtest: each fold trains only on rows before it; results report every method with skill', async () => {
  const seen: number[] = [];
  const train = Forecaster.train;
  Forecaster.train = async function (input, config, options) {
    const list = Array.isArray(input) ? input : [input];
    seen.push(list[0].values.length);
    return train.call(this, input, config, options);
  };
  try {
    const r = await backtest(trend, { ...quick, season: 4, ensemble: 1 }, { folds: 4, testFraction: 0.25 });
    // 80 rows, 20 test rows in folds of 5: training ends at 60, 65, 70, 75 — and the network saw exactly those rows
    assert.deepEqual(r.folds.map((f) => f.trainEnd), [60, 65, 70, 75]);
    assert.deepEqual(seen, [60, 65, 70, 75]);
    assert.deepEqual(r.scores.map((s) => s.method), ['network (lstm:32)', 'naive', 'seasonal naive (4)', 'linear AR(6)']);
    assert.ok(Number.isFinite(r.skill['best naive']));
    assert.equal(r.origins, r.folds.reduce((n, f) => n + f.origins, 0));
    seen.length = 0;
    const sliding = await backtest(trend, { ...quick, ensemble: 1 }, { folds: 2, testFraction: 0.25, mode: 'sliding', refit: false });
    assert.deepEqual(seen, [60], 'trained once (no refit) on the first fold');
    assert.deepEqual(sliding.folds.map((f) => [f.trainStart, f.trainEnd]), [[0, 60], [10, 70]]);
  } finally {
    Forecaster.train = train;
  }
  const { forecaster } = await Forecaster.train(trend, quick, { trainEnd: 60 });
  const c = compare(forecaster, trend, 60);
  assert.equal(c.origins, 20);
  await assert.rejects(backtest(trend, quick, { folds: 0 }), /folds must be a positive integer/);
});

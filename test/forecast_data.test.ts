// Forecasting data path: CSV reading (headers, time column, missing-value policies, clear errors with row and
// column), scalers that invert exactly, windows against hand-built expectations (univariate, multivariate,
// multi-step, differenced, window-relative with a seasonal reference, several series), exact inverses, and
// inputs that never read past their origin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCsv } from '../src/forecast/csv.js';
import { Pipeline, type PipelineConfig } from '../src/forecast/pipeline.js';
import { MinMaxScaler, StandardScaler } from '../src/forecast/scalers.js';
import { assertClose } from './helpers.js';

test('readCsv: header, time column, column choice; clear errors', () => {
  const s = readCsv('date,a,b\n2020-01,1,10\n2020-02,2,20\n2020-03,3,30\n', { columns: ['b', 'a'] });
  assert.deepEqual(s.names, ['b', 'a']);
  assert.deepEqual(s.values, [[10, 1], [20, 2], [30, 3]]);
  assert.deepEqual(s.time, ['2020-01', '2020-02', '2020-03']);
  assert.deepEqual(readCsv('x,y\n1,2\n3,4').values, [[1, 2], [3, 4]], 'no time column: every column');
  assert.throws(() => readCsv('time,v\n1,2\n2,abc\n', { source: 'f.csv' }), /f.csv: row 3, column 'v': 'abc' is not a number/);
  assert.throws(() => readCsv('time,v\n1,2\n2,\n'), /row 3, column 'v' is missing; choose a policy: --missing drop\|ffill\|interpolate/);
  assert.throws(() => readCsv('time,v\n1,2\n', { columns: ['w'] }), /no column 'w'. Columns: time, v/);
  assert.throws(() => readCsv('time,v\n1,2,3\n'), /cannot parse the CSV/);
  assert.throws(() => readCsv('time,v\n'), /needs a header row and at least one data row/);
});

test('readCsv missing-value policies: drop, ffill, interpolate', () => {
  const text = 'time,v,w\n0,1,5\n1,NA,6\n2,,7\n3,7,NaN\n4,9,9\n';
  assert.deepEqual(readCsv(text, { missing: 'drop' }).values, [[1, 5], [9, 9]]);
  assert.deepEqual(readCsv(text, { missing: 'drop' }).time, ['0', '4']);
  assert.deepEqual(readCsv(text, { missing: 'ffill' }).values, [[1, 5], [1, 6], [1, 7], [7, 7], [9, 9]]);
  assert.deepEqual(readCsv(text, { missing: 'interpolate' }).values, [[1, 5], [3, 6], [5, 7], [7, 8], [9, 9]]);
  assert.throws(() => readCsv('time,v\n0,\n1,2\n', { missing: 'ffill' }), /starts with a missing value/);
});

test('scalers invert exactly and are fitted on the given rows only', () => {
  const rows = [[1, -3], [4, 7], [2.5, 0.25], [9, 1]];
  for (const scaler of [new MinMaxScaler(rows), new StandardScaler(rows), new MinMaxScaler(rows, [-1, 1])]) {
    const back = scaler.inverseTransformRows(scaler.transformRows(rows));
    assertClose(back.flat(), rows.flat(), { rtol: 1e-14, atol: 1e-14 });
  }
  const mm = new MinMaxScaler(rows);
  assert.deepEqual(mm.transformRows(rows).map((r) => r[0]), [0, 3 / 8, 1.5 / 8, 1]);
  const st = new StandardScaler([[2], [4], [4], [4], [5], [5], [7], [9]]); // mean 5, population std 2
  assert.deepEqual([st.transform(5, 0), st.transform(9, 0)], [0, 2]);
  assert.equal(new StandardScaler([[3], [3]]).transform(4, 0), 1, 'a constant column gets scale 1');
});

const base: PipelineConfig = { lookback: 3, horizon: 2, inputs: [0], targets: [0], normalize: 'none', difference: false, season: 1 };
const col = (n: number, f: (t: number) => number) => Array.from({ length: n }, (_, t) => [f(t)]);

test('windows: univariate, multi-step, against a hand-built expectation', () => {
  const raw = col(8, (t) => t + 1); // 1..8
  const p = Pipeline.fit(raw, 8, base);
  const origins = p.origins(0, 8);
  assert.deepEqual(origins, [2, 3, 4, 5]); // inputs rows o−2..o, targets o+1, o+2 < 8
  const { x, y } = p.windows(raw, origins);
  assert.deepEqual(Array.from(x), [1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6]);
  assert.deepEqual(Array.from(y!), [4, 5, 5, 6, 6, 7, 7, 8]);
  assert.deepEqual(p.origins(0, 8, 2), [2, 4], 'stride');
});

test('windows: multivariate inputs, one target, window-relative; the inverse recovers the targets', () => {
  const raw = Array.from({ length: 10 }, (_, t) => [t * t, 100 - 3 * t]);
  const cfg: PipelineConfig = { ...base, inputs: [0, 1], targets: [1], normalize: 'window' };
  const p = Pipeline.fit(raw, 10, cfg);
  const sd = p.scaler.state.scale;
  const { x, y } = p.windows(raw, [4]);
  // inputs rows 2..4 of both columns minus row 4, over the training standard deviation
  const expectX = [2, 3, 4].flatMap((t) => [(t * t - 16) / sd[0], (-3 * t + 12) / sd[1]]);
  assertClose(Array.from(x), expectX, { rtol: 1e-6 });
  assertClose(Array.from(y!), [-3 / sd[1], -6 / sd[1]], { rtol: 1e-6 });
  assertClose(p.inverse(raw, [4], y!).flat(2), [85, 82], { rtol: 1e-6 });
});

test('differencing and the seasonal reference: exact inverses, zero output = seasonal naive', () => {
  const raw = col(30, (t) => 10 + 0.5 * t + [3, -1, 4, -2][t % 4]);
  for (const cfg of [
    { ...base, difference: true },
    { ...base, normalize: 'window' as const, difference: true },
    { ...base, normalize: 'window' as const, season: 4, horizon: 6 },
    { ...base, normalize: 'global' as const, lookback: 5 },
  ]) {
    const p = Pipeline.fit(raw, 24, cfg);
    const origins = p.origins(0, 30);
    const { y } = p.windows(raw, origins);
    const back = p.inverse(raw, origins, y!);
    assertClose(back.flat(2), origins.flatMap((o) => Array.from({ length: cfg.horizon }, (_, h) => raw[o + h + 1][0])), { rtol: 1e-6, atol: 1e-9 });
  }
  // window + season 4 without differencing: a zero model output is the seasonal-naive forecast
  const p = Pipeline.fit(raw, 24, { ...base, normalize: 'window', season: 4, horizon: 6 });
  const zero = p.inverse(raw, [20], new Float32Array(6)).flat(2);
  assertClose(zero, [17, 18, 19, 20, 21, 22].map((t) => raw[t - 4 * Math.ceil((t - 20) / 4)][0]), { rtol: 1e-6 });
});

test('inputs never read past their origin; several series keep their windows apart', () => {
  const raw = col(12, (t) => Math.sin(t));
  const p = Pipeline.fit(raw, 12, { ...base, normalize: 'window', difference: true });
  const before = Array.from(p.windows(raw, [6]).x);
  const poisoned = raw.map((r, t) => (t > 6 ? [1e6] : r));
  assert.deepEqual(Array.from(p.windows(poisoned, [6]).x), before);
  // two series: 5 rows (1 window of lookback 3 + horizon 2) and 6 rows (2 windows): no window spans both
  const a = col(5, (t) => t), b = col(6, (t) => 100 + t);
  const many = Pipeline.fitMany([a, b], base).windowsOfMany([a, b]);
  assert.equal(many.count, 3);
  assert.deepEqual(Array.from(many.x), [0, 1, 2, 100, 101, 102, 101, 102, 103]);
  assert.deepEqual(Array.from(many.y), [3, 4, 103, 104, 104, 105]);
});

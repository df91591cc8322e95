// The dead ends a new user hit with real CSV files (issue 13, item 5), each as a test: the missing-value policy
// kept with the forecaster, unknown config keys rejected, thousands/decimal separators and ';' files, date
// columns with any name labelling forecasts and axes, options checked before any work, linear-cost recursive
// forecasts with a warning far past the horizon, messages that say what is needed, and round log-axis ticks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCsv } from '../src/forecast/csv.js';
import { futureDates, inferFrequency, parseDates } from '../src/forecast/dates.js';
import { Forecaster } from '../src/forecast/forecaster.js';
import { lossCurvesSvg } from '../src/forecast/plot.js';

const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'rnnkit-deadends-'));
const fast = ['--epochs', '2', '--ensemble', '1', '--model', 'gru:4', '--lookback', '4', '--verbose', '0'];
const value = (t: number) => 100 + 2 * t + 10 * Math.sin((2 * Math.PI * t) / 12);
const month = (t: number) => new Date(Date.UTC(2020, t, 1)).toISOString().slice(0, 10);

test('--missing is stored with the forecaster and applied by forecast/evaluate, which accept the flag too', () => {
  const csv = join(dir, 'gappy.csv');
  writeFileSync(csv, 'time,v\n' + Array.from({ length: 40 }, (_, t) => `${t},${t === 30 ? 'NA' : value(t).toFixed(2)}`).join('\n') + '\n');
  const model = join(dir, 'gappy-model');
  const train = cli('train', csv, '--target', 'v', ...fast, '--missing', 'interpolate', '--out', model);
  assert.equal(train.status, 0, train.stderr);
  assert.equal(JSON.parse(readFileSync(join(model, 'forecaster.json'), 'utf8')).csv.missing, 'interpolate');
  const fc = cli('forecast', model, '--data', csv, '--steps', '2');
  assert.equal(fc.status, 0, fc.stderr);
  assert.match(fc.stdout, /^\s*time\s+v\n\s*40\s+\d/);
  const ev = cli('evaluate', model, csv, '--json');
  assert.equal(ev.status, 0, ev.stderr);
  assert.equal(JSON.parse(ev.stdout).from, 32);
  // the flag overrides the stored policy
  const strict = cli('forecast', model, '--data', csv, '--missing', 'error');
  assert.equal(strict.status, 1);
  assert.match(strict.stderr, /row 32, column 'v' is missing/);
  assert.equal(cli('evaluate', model, csv, '--missing', 'drop').status, 0);
});

test('unknown keys in --config and in readCsv options are rejected', () => {
  const csv = join(dir, 'plain.csv');
  writeFileSync(csv, 'v\n' + Array.from({ length: 30 }, (_, t) => value(t).toFixed(2)).join('\n') + '\n');
  const config = join(dir, 'typo.json');
  writeFileSync(config, JSON.stringify({ target: 'v', lookbak: 8 }));
  const r = cli('train', csv, '--config', config);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /typo.json: unknown option 'lookbak'. Known options: .*lookback/);
  assert.throws(() => readCsv('v\n1\n2\n', { colums: ['v'] } as never), /readCsv: unknown option 'colums'/);
});

test('thousands separators, decimal commas and semicolon-delimited files', () => {
  const semi = join(dir, 'semi.csv');
  writeFileSync(semi, 'day;amount\n' + Array.from({ length: 30 }, (_, t) => `${t};"${(12000 + value(t)).toLocaleString('en-US', { minimumFractionDigits: 2 })}"`).join('\n') + '\n');
  const plain = cli('train', semi, '--target', 'amount', ...fast);
  assert.equal(plain.status, 1);
  assert.match(plain.stderr, /'12,100\.00' is not a number \(thousands separators\? use --thousands ','/);
  const ok = cli('train', semi, '--target', 'amount', '--thousands', ',', ...fast);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(readCsv('date;v\n1;"12,037.88"\n2;"1,000"\n', { thousands: ',' }).values, [[12037.88], [1000]]);
  assert.deepEqual(readCsv('date;v\n1;12.037,5\n2;3,25\n', { thousands: '.', decimal: ',' }).values, [[12037.5], [3.25]]);
  assert.deepEqual(readCsv('a\tb\n1\t2\n').values, [[1, 2]], 'tab detected');
  // a wrong explicit delimiter is reported with the hint
  assert.throws(() => readCsv('a;b\n1;2\n3;4;5\n'), /cannot parse the CSV: .*give --delimiter/);
});

test("a date column named 'Order Date' labels forecasts and the plot's axis with dates", () => {
  const csv = join(dir, 'orders.csv');
  writeFileSync(csv, 'Order Date,Sales\n' + Array.from({ length: 36 }, (_, t) => `${month(t)},${value(t).toFixed(2)}`).join('\n') + '\n');
  const model = join(dir, 'orders-model');
  assert.equal(cli('train', csv, '--target', 'Sales', ...fast, '--test', '0', '--out', model).status, 0);
  const out = join(dir, 'orders-fc.csv'), plot = join(dir, 'orders-fc.svg');
  const fc = cli('forecast', model, '--steps', '3', '--output', out, '--plot', plot);
  assert.equal(fc.status, 0, fc.stderr);
  assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(',')[0]), ['time', '2023-01-01', '2023-02-01', '2023-03-01']);
  const ticks = [...readFileSync(plot, 'utf8').matchAll(/y="386" text-anchor="middle">([^<]*)</g)].map((m) => m[1]);
  assert.ok(ticks.length >= 3 && ticks.every((t) => /^20\d\d-\d\d$/.test(t)), `x ticks are months: ${ticks}`);
  // the library pieces: parsing, frequency, continuation
  const p = parseDates(['31/01/2020', '29/02/2020', '31/03/2020'])!;
  assert.deepEqual(p.ms.map((t) => new Date(t).toISOString().slice(0, 10)), ['2020-01-31', '2020-02-29', '2020-03-31']);
  const q = parseDates(['2019 Q4', '2020-Q1'])!;
  assert.deepEqual(inferFrequency(q.ms), { unit: 'month', step: 3 });
  assert.deepEqual(futureDates(q, 2), ['2020-Q2', '2020-Q3']);
  assert.deepEqual(futureDates(parseDates(['Nov 2020', 'Dec 2020'])!, 1), ['2021-01']);
  assert.equal(parseDates(['1973', '1973.25']), null, 'plain numbers stay numbers');
});

test('options are checked before any work: chart and output extensions, folders', () => {
  const csv = join(dir, 'plain.csv');
  const model = join(dir, 'never-written');
  const jpg = cli('train', csv, '--target', 'v', ...fast, '--plot', join(dir, 'loss.jpg'), '--out', model);
  assert.equal(jpg.status, 1);
  assert.match(jpg.stderr, /--plot .*loss.jpg: a chart file must end in .svg or .png/);
  assert.equal(existsSync(model), false, 'nothing was trained or saved');
  const txt = cli('train', csv, '--target', 'v', ...fast, '--output', join(dir, 'out.txt'));
  assert.match(txt.stderr, /--output .*out.txt: a results file must end in .json or .csv/);
  assert.match(cli('train', csv, '--target', 'v', ...fast, '--output', join(dir, 'no', 'such', 'r.json')).stderr, /the folder '.*no\/such' does not exist/);
  const saved = join(dir, 'plain-model');
  assert.equal(cli('train', csv, '--target', 'v', ...fast, '--out', saved).status, 0);
  const pdf = cli('forecast', saved, '--plot', join(dir, 'x.pdf'));
  assert.equal(pdf.status, 1);
  assert.equal(pdf.stdout, '', 'no forecast printed before the failure');
  assert.match(pdf.stderr, /x.pdf: a chart file must end in .svg or .png/);
});

test('recursive forecasts read one window per step (linear cost) and warn far past the horizon', async () => {
  const series = { names: ['v'], values: Array.from({ length: 40 }, (_, t) => [value(t)]), time: null };
  const { forecaster } = await Forecaster.train(series, { target: 'v', lookback: 4, epochs: 2, ensemble: 1, model: 'gru:4' });
  const seen: number[] = [];
  const windows = forecaster.pipeline.windows.bind(forecaster.pipeline);
  forecaster.pipeline.windows = (raw, origins) => { seen.push(raw.length); return windows(raw, origins); };
  const long = forecaster.forecast(300, series.values);
  assert.equal(long.length, 300);
  assert.ok(Math.max(...seen) <= forecaster.rowsNeeded, `each step reads at most ${forecaster.rowsNeeded} rows, saw ${Math.max(...seen)}`);
  // the same numbers as feeding the whole history back
  const rows = series.values.map((r) => [...r]);
  for (let s = 0; s < 5; s++) {
    const next = forecaster.predict(rows, [rows.length - 1])[0][0];
    assert.ok(Math.abs(next[0] - long[s][0]) < 1e-9);
    rows.push([next[0]]);
  }
  assert.throws(() => forecaster.forecast(1, series.values.slice(0, 3)), /a forecast needs the last 5 rows \(lookback 4 \+ 1 for differencing\); the data has 3/);
  const warn = cli('forecast', join(dir, 'plain-model'), '--steps', '50');
  assert.equal(warn.status, 0, warn.stderr);
  assert.match(warn.stderr, /warning: 50 steps go far past the horizon \(1\)/);
  assert.equal(cli('forecast', join(dir, 'plain-model'), '--steps', '3').stderr, '');
});

test('missing files and too-short data get messages that say what is needed', () => {
  assert.match(cli('train', join(dir, 'nope.csv'), '--target', 'v').stderr, /^rnnkit: the data file '.*nope.csv' does not exist\n$/);
  assert.match(cli('train', join(dir, 'plain.csv'), '--config', join(dir, 'missing.json')).stderr, /the --config file '.*missing.json' does not exist/);
  const empty = join(dir, 'empty-dir');
  mkdirSync(empty);
  assert.match(cli('forecast', empty).stderr, /empty-dir is not a saved forecaster: it has no forecaster.json \(create one with `rnnkit train data.csv --target COLUMN --out .*empty-dir`\)/);
  assert.match(cli('forecast', join(dir, 'absent')).stderr, /forecaster directory '.*absent' does not exist/);
  const short = join(dir, 'short.csv');
  writeFileSync(short, 'v\n1\n2\n3\n');
  assert.match(cli('forecast', join(dir, 'plain-model'), '--data', short).stderr, /a forecast needs the last 5 rows .*; the data has 3/);
  assert.match(cli('evaluate', join(dir, 'plain-model'), short).stderr, /no test windows after row 24: the data has 3 rows/);
  const bt = cli('backtest', join(dir, 'plain.csv'), '--target', 'v', ...fast, '--folds', '20');
  assert.match(bt.stderr, /a backtest of 20 folds over 40 test rows leaves 0 of the 30 rows for training; .* need at least 8 .*use fewer --folds/);
});

test('the loss plot has round log-axis ticks and room for them beside the axis title', () => {
  const loss = Array.from({ length: 50 }, (_, i) => 0.8 * Math.exp(-i / 12));
  const svg = lossCurvesSvg({ loss, val_loss: loss.map((v) => v * 1.2) });
  const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="end">([^<]*)</g)].map((m) => ({ x: Number(m[1]), text: m[2] }));
  assert.ok(labels.length >= 3);
  for (const l of labels) {
    assert.match(l.text, /^(\d|0\.0*)[125]?\d?$|^[125]e-\d$|^0\.0*[1235]$/, `round tick ${l.text}`);
    assert.ok(l.x - 7 * l.text.length > 24, `label ${l.text} ends clear of the rotated title at x=16`);
  }
  const short = lossCurvesSvg({ loss: [0.2, 0.18, 0.16] });
  for (const m of short.matchAll(/text-anchor="end">([^<]*)</g)) assert.ok(m[1].replace(/^0\.0*/, '').length <= 2, `round tick ${m[1]}`);
});

// Several series at once (issue 13 item 6): a long-format CSV with an id column is read as one series per id
// (missing values filled within each), one global network is trained over all of them, and scores and forecasts
// come per series.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCsvGroups } from '../src/forecast/csv.js';

test('readCsvGroups: one series per id, in order of appearance; missing values filled within each series only', () => {
  const text = 'id,time,v\nb,1,10\na,1,1\nb,2,\na,2,NA\nb,3,30\na,3,3\n';
  const groups = readCsvGroups(text, { idColumn: 'id', missing: 'interpolate' });
  assert.deepEqual(groups.map((g) => g.id), ['b', 'a']);
  assert.deepEqual(groups[0].series.values, [[10], [20], [30]]);
  assert.deepEqual(groups[1].series.values, [[1], [2], [3]]);
  assert.deepEqual(groups[1].series.time, ['1', '2', '3']);
  assert.deepEqual(groups[0].series.names, ['v']);
  assert.throws(() => readCsvGroups(text, { idColumn: 'store' }), /no id column 'store'. Columns: id, time, v/);
  assert.throws(() => readCsvGroups('id,v\na,\na,1\n', { idColumn: 'id', missing: 'ffill' }), /\(id a\): column 'v' starts with a missing value/);
});

test('CLI: train --id trains one network over every series and scores each; forecast --data gives each its forecast', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-global-'));
  const csv = join(dir, 'long.csv');
  const lines = ['store,month,sales'];
  let r = 0.3;
  for (const [s, base, amp] of [['north', 100, 10], ['south', 500, 40], ['east', 50, 3]] as const) {
    for (let t = 0; t < 40; t++) {
      r = (r * 9301 + 0.49297) % 1;
      lines.push(`${s},${new Date(Date.UTC(2020, t, 1)).toISOString().slice(0, 7)},${(base + (t * amp) / 10 + amp * Math.sin((2 * Math.PI * t) / 12) + amp * (r - 0.5)).toFixed(2)}`);
    }
  }
  writeFileSync(csv, lines.join('\n') + '\n');
  const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const args = ['--id', 'store', '--target', 'sales', '--lookback', '4', '--epochs', '3', '--ensemble', '1', '--model', 'gru:4', '--verbose', '0'];
  const tr = cli('train', csv, ...args, '--json', '--out', join(dir, 'm'), '--output', join(dir, 'p.csv'));
  assert.equal(tr.status, 0, tr.stderr);
  const json = JSON.parse(tr.stdout);
  assert.deepEqual(json.series.map((s: { id: string }) => s.id), ['north', 'south', 'east']);
  for (const s of json.series) {
    assert.equal(s.origins, 8, 'each series scored on its own last 20 % (8 of 40 rows)');
    assert.equal(s.scores[0].method, 'network (gru:4)');
  }
  const preds = readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n');
  assert.equal(preds.length, 1 + 24);
  assert.match(preds[1], /^2022-09,33,1,north\/sales,/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'm', 'forecaster.json'), 'utf8')).csv.idColumn, 'store');
  const fc = cli('forecast', join(dir, 'm'), '--data', csv, '--steps', '2', '--output', join(dir, 'f.csv'));
  assert.equal(fc.status, 0, fc.stderr);
  assert.match(fc.stdout, /store north\n\s+time\s+sales\n\s*2023-05\s+[\d.]+\n\s*2023-06/);
  assert.deepEqual(readFileSync(join(dir, 'f.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').slice(0, 2).join(',')),
    ['store,time', 'north,2023-05', 'north,2023-06', 'south,2023-05', 'south,2023-06', 'east,2023-05', 'east,2023-06']);
  assert.match(cli('forecast', join(dir, 'm')).stderr, /a global model over several series: give --data FILE with the 'store' column/);
  assert.match(cli('evaluate', join(dir, 'm'), csv).stderr, /evaluate scores one series; .* is a global model over the series of 'store'/);
  assert.match(cli('backtest', csv, ...args).stderr, /backtest runs on one series; --id .* train and forecast only/);
});

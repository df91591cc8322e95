// The forecasting CLI end to end on a small CSV: train → evaluate → forecast → plots (valid SVG and PNG),
// backtest with JSON output, the config-file form, and clear errors for bad CSVs.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
const run = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'rnnkit-cli-'));
const csv = join(dir, 'sales.csv');
writeFileSync(csv, 'month,sales\n' + Array.from({ length: 60 }, (_, t) => `${2000 + t / 12},${(100 + 2 * t + 10 * Math.sin((2 * Math.PI * t) / 12)).toFixed(3)}`).join('\n') + '\n');
const fast = ['--epochs', '20', '--ensemble', '1', '--lookback', '12', '--season', '12', '--time', 'month'];

test('train → evaluate → forecast, with plots and outputs', () => {
  const out = run('train', csv, '--target', 'sales', ...fast, '--recipe', 'manual', '--out', join(dir, 'model'), '--plot', join(dir, 'loss.svg'));
  assert.match(out, /network \(lstm:32\)/);
  assert.match(out, /seasonal naive \(12\)/);
  assert.match(out, /linear AR\(12\)/);
  assert.match(out, /skill of the model .* vs naive [+-]\d/);
  const svg = readFileSync(join(dir, 'loss.svg'), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>[\s\S]*<polyline[\s\S]*<\/svg>$/);
  assert.match(readFileSync(join(dir, 'loss-test.svg'), 'utf8'), /test forecasts/);

  const evaluated = run('evaluate', join(dir, 'model'), csv, '--json');
  const result = JSON.parse(evaluated);
  assert.equal(result.from, 48, 'the test part starts after the 48 training rows');
  assert.deepEqual(result.scores.map((s: { method: string }) => s.method), ['network (lstm:32)', 'naive', 'seasonal naive (12)', 'linear AR(12)']);

  const fc = run('forecast', join(dir, 'model'), '--data', csv, '--steps', '6', '--plot', join(dir, 'fc.png'), '--output', join(dir, 'fc.csv'));
  assert.match(fc, /time +sales/);
  const lines = readFileSync(join(dir, 'fc.csv'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 7);
  assert.match(lines[1], /^2005,\d+\.\d+/, 'the step after the last time label (2004.9166…)');
  const png = readFileSync(join(dir, 'fc.png'));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

test('backtest (config file form) prints JSON with folds and skill', () => {
  const config = join(dir, 'recipe.json');
  writeFileSync(config, JSON.stringify({ target: 'sales', lookback: 12, season: 12, epochs: 10, ensemble: 1, model: 'gru:8' }));
  const out = JSON.parse(run('backtest', csv, '--config', config, '--time', 'month', '--folds', '2', '--json'));
  assert.equal(out.folds.length, 2);
  assert.equal(out.scores[0].method, 'network (gru:8)');
  assert.ok(Number.isFinite(out.skill['best naive']));
});

test('bad CSVs and bad options fail with a clear message and exit code 1', () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'time,v\n1,2\n2,x\n3,4\n');
  const r = spawnSync(process.execPath, [CLI, 'train', bad, '--target', 'v'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /rnnkit: .*bad.csv: row 3, column 'v': 'x' is not a number/);
  const missing = spawnSync(process.execPath, [CLI, 'train', csv, '--target', 'revenue'], { encoding: 'utf8' });
  assert.match(missing.stderr, /no column 'revenue'. Columns: month, sales/);
  const noTarget = spawnSync(process.execPath, [CLI, 'train', csv], { encoding: 'utf8' });
  assert.match(noTarget.stderr, /--target is required/);
  const mode = spawnSync(process.execPath, [CLI, 'train', csv, '--target', 'sales', '--normalize', 'log'], { encoding: 'utf8' });
  assert.match(mode.stderr, /Allowed choices are window, global, none/);
});

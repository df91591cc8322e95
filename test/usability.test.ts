// Inputs and habits real users bring: per-timestep sample weights shaped [n, T, 1] (Keras 3 squeezes the 1),
// `require('rnnkit')` from CommonJS, source maps that carry their sources, `rnnkit --version`, CLI arguments
// checked before anything is printed, and `toArray()` typed so the common uses compile (this file would not
// build otherwise).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as rk from '../src/index.js';
import { assertClose } from './helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'rnnkit-'));

test('sampleWeight [n, T, 1] is squeezed to [n, T] as Keras 3 does', async () => {
  rk.setRandomSeed(8);
  const [n, T] = [4, 3];
  const model = new rk.Sequential({ layers: [new rk.SimpleRNN({ units: 2, returnSequences: true, inputShape: [T, 1] }), new rk.TimeDistributed({ layer: new rk.Dense({ units: 1 }) })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = rk.tensor(Float32Array.from({ length: n * T }, (_, i) => Math.sin(i)), [n, T, 1]);
  const y = rk.tensor(Float32Array.from({ length: n * T }, (_, i) => Math.cos(i)), [n, T, 1]);
  const w2 = Array.from({ length: n }, (_, i) => Array.from({ length: T }, (_, t) => (i + 1) * (t === 1 ? 0 : 1)));
  const w3 = w2.map((row) => row.map((v) => [v]));
  const a = model.evaluate(x, y, { sampleWeight: w2 }) as number;
  const b = model.evaluate(x, y, { sampleWeight: w3 }) as number;
  assert.equal(b, a);
  // and it is a real weighting: differs from the unweighted loss
  assert.notEqual(a, model.evaluate(x, y) as number);
  const history = await model.fit(x, y, { epochs: 1, verbose: 0, sampleWeight: w3, shuffle: false });
  assert.ok(Number.isFinite(history.history.loss[0]));
  assert.throws(() => model.evaluate(x, y, { sampleWeight: w3.map((r) => r.map((v) => [v[0], v[0]])) }), /sampleWeight must have shape \[4\] or \[4, 3\] \/ \[4, 3, 1\]/);
});

test("CommonJS: require('rnnkit') works where Node can require ES modules, else one line says to use import", () => {
  const d = tmp();
  mkdirSync(join(d, 'node_modules'));
  symlinkSync(ROOT, join(d, 'node_modules', 'rnnkit'));
  writeFileSync(join(d, 'use.cjs'), "const rk = require('rnnkit'); console.log(typeof rk.Sequential, typeof rk.loadModel);\n");
  const ok = spawnSync(process.execPath, [join(d, 'use.cjs')], { encoding: 'utf8', cwd: d });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), 'function function');
  assert.doesNotMatch(ok.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
  const old = spawnSync(process.execPath, ['--no-experimental-require-module', join(d, 'use.cjs')], { encoding: 'utf8', cwd: d });
  assert.equal(old.status, 1);
  assert.match(old.stderr, /Error: rnnkit is an ES module and this Node\.js cannot require\(\) it: use `import \* as rk from 'rnnkit'`/);
  assert.doesNotMatch(old.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_REQUIRE_ESM/);
});

test('source maps in the package carry their sources (src/ is not shipped)', () => {
  const maps: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.js.map')) maps.push(join(dir, e.name));
    }
  };
  walk(join(ROOT, 'dist/src'));
  assert.ok(maps.length > 50, `${maps.length} maps`);
  for (const m of maps) {
    const map = JSON.parse(readFileSync(m, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    assert.equal(map.sourcesContent?.length, map.sources.length, `${m} has sourcesContent`);
    assert.ok(map.sourcesContent!.every((c) => typeof c === 'string' && c.length > 0), `${m}: every source inlined`);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.ok(pkg.files.includes('cjs') && pkg.exports['.'].require === './cjs/index.cjs');
});

test('rnnkit --version; CLI arguments are checked before anything is printed', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  for (const flag of ['--version', '-V']) {
    const v = run(flag);
    assert.equal(v.status, 0);
    assert.equal(v.stdout.trim(), pkg.version);
  }
  const data = join(tmp(), 'series.csv');
  writeFileSync(data, 'time,value\n' + Array.from({ length: 60 }, (_, i) => `${2000 + i},${(10 + Math.sin(i / 3)).toFixed(3)}`).join('\n') + '\n');
  const cases: [string[], RegExp][] = [
    [['demo', '--epochs', '0', '--verbose', '0'], /--epochs must be a positive integer, got 0/],
    [['demo', '--exercise', 'odd'], /unknown exercise 'odd'/],
    [['train', data, '--target', 'value', '--plot', 'chart.txt'], /--plot.*chart\.txt.*\.svg or \.png/],
    [['train', data, '--target', 'value', '--output', 'results.txt'], /--output.*results\.txt.*\.json or \.csv/],
    [['train', data, '--target', 'value', '--test', '1.5'], /--test must be in \[0, 1\), got 1\.5/],
    [['backtest', data, '--target', 'value', '--plot', 'x.pdf'], /--plot.*x\.pdf.*\.svg or \.png/],
    [['forecast', join(tmp(), 'none'), '--steps', '0'], /--steps must be a positive integer, got 0/],
    [['evaluate', join(tmp(), 'none'), data, '--output', 'r.xml'], /--output.*r\.xml.*\.json or \.csv/],
    [['train', join(tmp(), 'missing.csv'), '--target', 'value'], /missing\.csv.*(does not exist|no such file)/],
  ];
  for (const [args, pattern] of cases) {
    const r = run(...args);
    assert.equal(r.status, 1, `${args.join(' ')}: exit 1`);
    assert.equal(r.stdout, '', `${args.join(' ')}: nothing printed before the error, got ${r.stdout.slice(0, 200)}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  }
});

test('toArray() is typed for the common uses', () => {
  const t = rk.tensor([[1.5, 2], [3, 4.25]]);
  const firstRow = t.toArray().slice(0, 1);
  const cell: string = t.toArray()[1][1].toFixed(2);
  const rows: number[][] = t.toArray();
  const doubled = t.toArray<number[][]>().map((r) => r.map((v) => v * 2));
  assert.deepEqual(firstRow, [[1.5, 2]]);
  assert.equal(cell, '4.25');
  assert.deepEqual(rows, [[1.5, 2], [3, 4.25]]);
  assert.deepEqual(doubled, [[3, 4], [6, 8.5]]);
  assert.equal(rk.tensor(2.5).toArray(), 2.5);
});

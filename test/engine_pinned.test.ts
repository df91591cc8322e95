// Sequential on the graph engine gives bit-identical results to the layer-chain engine it replaced.
// The expected values were produced by test/fixtures/pinned/sequential_runs.mjs on commit 9ae4d9a (before the
// graph engine), once per kernel set: `RNNKIT_KERNELS=wasm|reference node sequential_runs.mjs <dist/src/index.js>`.
// The runs cover the tutorial (SimpleRNN relu + Dense, Adam) and a Masking → LSTM(dropout, recurrent dropout,
// returnSequences) → GRU → Dropout → Dense stack with RMSprop, a validation split and a metric.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dir = new URL('../../test/fixtures/pinned/', import.meta.url).pathname;
const index = new URL('../src/index.js', import.meta.url).pathname;

test('Sequential results are bit-identical to the pre-graph engine (tutorial and an LSTM/GRU stack)', () => {
  const kernels = process.env.RNNKIT_KERNELS === 'reference' ? 'reference' : 'wasm';
  const expected = JSON.parse(readFileSync(`${dir}sequential_runs.${kernels}.json`, 'utf8'));
  const run = spawnSync(process.execPath, [`${dir}sequential_runs.mjs`, index], { encoding: 'utf8', env: { ...process.env, RNNKIT_KERNELS: kernels } });
  assert.equal(run.status, 0, run.stderr);
  const actual = JSON.parse(run.stdout);
  assert.deepEqual(actual, expected); // exact: every float32 value is printed as the double it converts to
});

// Sequential on the graph engine gives bit-identical results to the layer-chain engine it replaced.
// The expected values were produced by test/fixtures/pinned/sequential_runs.mjs on commit 9ae4d9a (before the
// graph engine), once per kernel set: `RNNKIT_KERNELS=wasm|reference node sequential_runs.mjs <dist/src/index.js>`.
// The runs cover the tutorial (SimpleRNN relu + Dense, Adam) and a Masking → LSTM(dropout, recurrent dropout,
// returnSequences) → GRU → Dropout → Dense stack with RMSprop, a validation split and a metric.
// The pins are the baseline SIMD build's (RNNKIT_RELAXED_SIMD=0); the relaxed-SIMD build (fused multiply-adds,
// the default where the engine has it) must stay within float32 rounding drift of them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dir = new URL('../../test/fixtures/pinned/', import.meta.url).pathname;
const index = new URL('../src/index.js', import.meta.url).pathname;

const kernels = process.env.RNNKIT_KERNELS === 'reference' ? 'reference' : 'wasm';
const expected = JSON.parse(readFileSync(`${dir}sequential_runs.${kernels}.json`, 'utf8'));

function runs(relaxed: '0' | '1'): unknown {
  const run = spawnSync(process.execPath, [`${dir}sequential_runs.mjs`, index], { encoding: 'utf8', env: { ...process.env, RNNKIT_KERNELS: kernels, RNNKIT_RELAXED_SIMD: relaxed } });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test('Sequential results are bit-identical to the pre-graph engine (tutorial and an LSTM/GRU stack)', () => {
  assert.deepEqual(runs('0'), expected); // exact: every float32 value is printed as the double it converts to
});

test('with fused multiply-adds (relaxed SIMD) the same runs stay within 1e-5 of the pinned values', () => {
  const worst = { diff: 0, where: '' };
  const walk = (a: unknown, e: unknown, where: string): void => {
    if (typeof e === 'number') {
      assert.equal(typeof a, 'number', where);
      const diff = Math.abs((a as number) - e) / (Math.abs(e) + 1e-3);
      if (diff > worst.diff) Object.assign(worst, { diff, where });
    } else if (e && typeof e === 'object') {
      for (const k of Object.keys(e)) walk((a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k], `${where}.${k}`);
    }
  };
  walk(runs('1'), expected, '');
  // seen on an x86 with FMA: 3.8e-7 (tutorial predictions after 200 epochs)
  assert.ok(worst.diff < 1e-5, `largest relative difference ${worst.diff} at ${worst.where}`);
});

// The WebAssembly optimizer updates (Adam with and without amsgrad, SGD plain, with momentum and nesterov) and
// Embedding's gather and scatter-add against the reference loops (src/kernels/ref/optimizers.ts, embedding.ts),
// which compute in float64 and round to float32 on store: the kernels repeat those operations in order, so
// every weight, slot and row must be bit-identical — over several steps, odd lengths (the scalar tail),
// gradients spanning many magnitudes, and repeated ids (their gradients add in order). Also: an allocation the
// 2 GiB memory limit refuses must leave the allocator usable (it once kept the refused bytes as used).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceKernels, wasmKernels } from '../src/index.js';
import { wasmFloats, wasmMemoryInUse, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { randomArray } from './helpers.js';

const rt = wasmRuntime()!;
const fast = wasmKernels()!;
const ref = referenceKernels;

/** The same values in the kernels' memory (taken by the WebAssembly kernels) and in a plain array (the reference). */
function pair(values: ArrayLike<number>): [Float32Array, Float32Array] {
  const w = wasmFloats(rt, values.length);
  w.set(values);
  return [w, Float32Array.from(values)];
}
const wide = (n: number, seed: number) => randomArray(n, seed, -1, 1).map((u, i) => u * 10 ** ((i % 9) - 6));

test('Adam in WebAssembly equals the reference bit for bit over steps (amsgrad on and off, odd lengths)', () => {
  for (const amsgrad of [false, true]) {
    for (const n of [1, 2, 7, 1001]) {
      const start = randomArray(n, 1, -1, 1);
      const [w, wr] = pair(start), [m, mr] = pair(new Float32Array(n)), [v, vr] = pair(new Float32Array(n));
      const [h, hr] = amsgrad ? pair(new Float32Array(n)) : [null, null];
      for (let t = 1; t <= 5; t++) {
        const [g, gr] = pair(wide(n, 10 + t));
        fast.adamUpdate(w, g, m, v, h, n, 0.01, 0.9, 0.999, 1e-7, t);
        ref.adamUpdate(wr, gr, mr, vr, hr, n, 0.01, 0.9, 0.999, 1e-7, t);
      }
      const what = `amsgrad ${amsgrad} n ${n}`;
      assert.deepEqual(w, wr, `w ${what}`);
      assert.deepEqual(m, mr, `m ${what}`);
      assert.deepEqual(v, vr, `v ${what}`);
      if (h) assert.deepEqual(h, hr, `vHat ${what}`);
      assert.ok(w.every((x, i) => x !== Math.fround(start[i])), 'every weight moved');
    }
  }
});

test('SGD in WebAssembly equals the reference bit for bit (plain, momentum, nesterov)', () => {
  for (const [momentum, nesterov] of [[0, false], [0.9, false], [0.9, true]] as [number, boolean][]) {
    const n = 333;
    const [w, wr] = pair(randomArray(n, 2, -1, 1)), [vel, velr] = pair(new Float32Array(n));
    for (let t = 0; t < 4; t++) {
      const [g, gr] = pair(wide(n, 20 + t));
      fast.sgdUpdate(w, g, vel, n, 0.05, momentum, nesterov);
      ref.sgdUpdate(wr, gr, velr, n, 0.05, momentum, nesterov);
    }
    assert.deepEqual(w, wr, `w momentum ${momentum} nesterov ${nesterov}`);
    assert.deepEqual(vel, velr, `velocity momentum ${momentum} nesterov ${nesterov}`);
  }
});

test('Embedding gather and scatter-add in WebAssembly equal the reference (repeated ids, D not a multiple of 4)', () => {
  for (const D of [1, 6, 32]) {
    const V = 11, n = 40;
    const ids = Array.from({ length: n }, (_, i) => (i * 7) % V === 3 ? 3 : (i * 5) % V); // id 3 often repeated
    const [id, idr] = pair(ids), [table, tabler] = pair(randomArray(V * D, 3, -1, 1));
    const [y, yr] = pair(new Float32Array(n * D));
    fast.embeddingGather(y, table, id, n, D);
    ref.embeddingGather(yr, tabler, idr, n, D);
    assert.deepEqual(y, yr, `gather D ${D}`);
    assert.deepEqual(Array.from(y.subarray(0, D)), Array.from(tabler.subarray(ids[0] * D, ids[0] * D + D)), 'row 0 is the table row of id 0');
    const [g, gr] = pair(randomArray(V * D, 4, -1, 1)), [dy, dyr] = pair(wide(n * D, 5));
    fast.embeddingScatterAdd(g, dy, id, n, D);
    ref.embeddingScatterAdd(gr, dyr, idr, n, D);
    assert.deepEqual(g, gr, `scatter-add D ${D}`);
  }
});

test('the kernels themselves (called directly, not through a fallback) give the reference numbers', () => {
  const n = 9, k = rt.exports;
  const [w, wr] = pair(randomArray(n, 6, -1, 1)), [m, mr] = pair(randomArray(n, 7, -0.1, 0.1)), [v, vr] = pair(randomArray(n, 8, 0, 0.1));
  const [g, gr] = pair(wide(n, 9));
  const alpha = (0.001 * Math.sqrt(1 - Math.pow(0.999, 3))) / (1 - Math.pow(0.9, 3));
  k.adamUpdate(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, 0, n, alpha, 1 - 0.9, 1 - 0.999, 1e-7);
  ref.adamUpdate(wr, gr, mr, vr, null, n, 0.001, 0.9, 0.999, 1e-7, 3);
  assert.deepEqual([w, m, v], [wr, mr, vr]);
  const [id] = pair([2, 0, 2]), [table] = pair([1, 2, 3, 4, 5, 6]), [y] = pair(new Float32Array(6));
  k.embeddingGather(y.byteOffset, table.byteOffset, id.byteOffset, 3, 2);
  assert.deepEqual(Array.from(y), [5, 6, 1, 2, 5, 6]);
  k.embeddingScatterAdd(table.byteOffset, y.byteOffset, id.byteOffset, 3, 2);
  assert.deepEqual(Array.from(table), [2, 4, 3, 4, 15, 18]); // row 2: 5 + 5 + 5, 6 + 6 + 6
});

test('a refused allocation (the 2 GiB limit) leaves the allocator as it was: later allocations and results are right', () => {
  const before = wasmMemoryInUse();
  assert.throws(() => wasmFloats(rt, 2 ** 29), /WebAssembly memory limit \(2 GiB\) reached allocating 536870912 values \(2147483648 bytes\)/);
  assert.equal(wasmMemoryInUse(), before, 'nothing was handed out');
  const small = wasmFloats(rt, 5); // a size never allocated before still comes from fresh memory
  small.set([1, 2, 3, 4, 5]);
  const [g] = pair([0, 0, 0, 0, 0]);
  fast.sgdUpdate(small, g, null, 5, 0.1, 0, false);
  assert.deepEqual(Array.from(small), [1, 2, 3, 4, 5]);
});

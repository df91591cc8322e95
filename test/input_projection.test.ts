// The recurrent layers' input projection under input dropout (src/kernels/ref/recurrent_common.ts). Keras draws
// one input mask for all gates unless recurrent dropout is on; then the projection is one product over all G·H
// columns (and dW one product in the backward pass). Oracle: the per-gate form every mask took before — for
// each gate, x⊙m_k, its H columns of the product, then the bias add — run on the same kernels; the results must
// be the same bits, on the reference and on the WebAssembly kernels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceKernels, wasmKernels } from '../src/index.js';
import { inputProjection, inputProjectionBackward } from '../src/kernels/ref/recurrent_common.js';
import type { Matmul, RecurrentBuffers, RecurrentGrads } from '../src/kernels/types.js';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { randomArray } from './helpers.js';

const rt = wasmRuntime();
const sets: [string, { matmul: Matmul }, (n: number) => Float32Array][] = [['reference', referenceKernels, (n) => new Float32Array(n)]];
const fast = wasmKernels();
if (rt && fast) sets.push(['wasm', fast, (n) => wasmFloats(rt, n)]);

/** x⊙m_k for every step: xd[b, t, :] = x[b, t, :] ⊙ mask[k, b, :]. */
function masked(x: Float32Array, mask: Float32Array, k: number, B: number, T: number, I: number, out: Float32Array): Float32Array {
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let i = 0; i < I; i++) out[(b * T + t) * I + i] = x[(b * T + t) * I + i] * mask[(k * B + b) * I + i];
  return out;
}

for (const [name, set, alloc] of sets) {
  for (const G of [1, 3, 4]) {
    test(`${name} kernels, ${G} gate(s): one input mask for all gates projects as one product, the bits of the per-gate form`, () => {
      const B = 5, T = 7, I = 3, H = 6, GH = G * H, rows = B * T;
      const fill = (n: number, seed: number, lo = -1, hi = 1) => { const a = alloc(n); a.set(randomArray(n, seed, lo, hi)); return a; };
      const one = randomArray(B * I, 7, 0, 1).map((u) => (u < 0.3 ? 0 : 1 / 0.7));
      const inMask = alloc(G * B * I);
      for (let k = 0; k < G; k++) inMask.set(one, k * B * I); // Keras: the same mask for every gate
      const x = fill(rows * I, 1), W = fill(I * GH, 2, -0.5, 0.5), b = fill(GH, 3), dzs = fill(rows * GH, 4);
      const io = { B, T, I, H, x, W, b, inMask, zs: alloc(rows * GH), xd: alloc(rows * I), mm: set.matmul } as unknown as RecurrentBuffers<Float32Array>;
      const g = { dW: fill(I * GH, 5), db: null, dx: alloc(rows * I), dzs } as unknown as RecurrentGrads<Float32Array>;
      const dW0 = Float32Array.from(g.dW);
      inputProjection(io, G);
      inputProjectionBackward(io, g, G);

      // the per-gate form on the same kernels
      const zs = alloc(rows * GH), xd = alloc(rows * I), scratch = alloc(rows * I), dW = alloc(I * GH), dx = alloc(rows * I);
      dW.set(dW0);
      for (let k = 0; k < G; k++) {
        masked(x, inMask, k, B, T, I, xd);
        set.matmul.nn(zs, k * H, GH, xd, 0, I, W, k * H, GH, rows, I, H, false);
        set.matmul.tnAcc(dW, k * H, GH, xd, 0, I, dzs, k * H, GH, rows, I, H);
        set.matmul.nt(scratch, 0, I, dzs, k * H, GH, W, k * H, GH, rows, I, H, false);
        for (let bi = 0; bi < B; bi++) for (let t = 0; t < T; t++) for (let i = 0; i < I; i++) {
          const o = (bi * T + t) * I + i;
          dx[o] += scratch[o] * inMask[(k * B + bi) * I + i];
        }
      }
      set.matmul.addRows(zs, 0, GH, b, 0, rows, GH);
      assert.deepEqual(Array.from(io.zs), Array.from(zs), 'zs = (x⊙m)·W + b');
      assert.deepEqual(Array.from(g.dW), Array.from(dW), 'dW += (x⊙m)ᵀ·dzs');
      assert.deepEqual(Array.from(g.dx!), Array.from(dx), 'dx = Σ_k (dzs_k·W_kᵀ) ⊙ m_k');
    });
  }
}

test('masks that differ by gate (recurrent dropout on) keep one product per gate: each gate sees its own mask', () => {
  const B = 2, T = 3, I = 2, H = 2, G = 2, GH = G * H, rows = B * T;
  const x = Float32Array.from({ length: rows * I }, (_, i) => i + 1);
  const W = new Float32Array(I * GH).fill(1);
  const inMask = Float32Array.from([1, 0, 1, 0, /* gate 1: */ 0, 2, 0, 2]); // [G, B, I]
  const io = { B, T, I, H, x, W, b: null, inMask, zs: new Float32Array(rows * GH), xd: new Float32Array(rows * I), mm: referenceKernels.matmul } as unknown as RecurrentBuffers<Float32Array>;
  inputProjection(io, G);
  // row (b, t): gate 0 keeps x[·, 0] (W = 1, so each of its H columns is x0); gate 1 keeps 2·x[·, 1]
  for (let r = 0; r < rows; r++) {
    assert.deepEqual(Array.from(io.zs.subarray(r * GH, (r + 1) * GH)), [x[r * I], x[r * I], 2 * x[r * I + 1], 2 * x[r * I + 1]]);
  }
});

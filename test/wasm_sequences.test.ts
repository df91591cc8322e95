// The fused whole-sequence WebAssembly loops (src/kernels/wasm/sequences.ts) against the per-step path they
// replace (src/kernels/ref/*.ts run over the same WebAssembly products, activations and gates), for SimpleRNN,
// LSTM and both GRU forms, with dropout (input and per-gate recurrent masks), step masks (rows masked at the
// first, middle and last steps, one row masked throughout), goBackwards, batches below 4 rows (the A·Bᵀ kernel's
// dot-product branch), H not a multiple of 4, and a size the two threads split. With any mask the fused loops
// repeat the per-step operations in order: outputs and every gradient are bit-identical. Without masks every cell
// takes dU (GRU resetAfter: and its recurrent bias) as one product after the loop, so those agree to float32
// rounding (normwise 1e-5) when the per-step path accumulates them step by step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wasmKernels } from '../src/index.js';
import { gruBackward, gruForward } from '../src/kernels/ref/gru.js';
import { lstmBackward, lstmForward } from '../src/kernels/ref/lstm.js';
import { simpleRnnBackward, simpleRnnForward } from '../src/kernels/ref/simple_rnn.js';
import { backwardTuning } from '../src/kernels/ref/recurrent_common.js';
import { Act, type RecurrentBuffers, type RecurrentGrads } from '../src/kernels/types.js';
import { wasmFloats, wasmRuntime } from '../src/kernels/wasm/runtime.js';
import { wasmSequences, type SequenceKernels } from '../src/kernels/wasm/sequences.js';
import { startGemmThreads } from '../src/kernels/wasm/threads.js';
import { normwiseError, randomArray } from './helpers.js';

const rt = wasmRuntime()!;
const fast = wasmKernels()!;
const two = wasmSequences(rt, startGemmThreads(rt)), one = wasmSequences(rt, null);

type Cell = 'simple' | 'lstm' | 'gru' | 'gru-v1';
interface Config { dropout: boolean; masked: boolean; goBackwards: boolean; recurrentOnly?: boolean; noBias?: boolean } // recurrentOnly: no input mask; noBias: useBias false

/**
 * One forward and backward pass through `seq`'s fused loops (asserting they were taken), or the per-step kernels
 * (null). `inference`: the forward pass only with io.inference (no input dropout: each step projected inside the loop,
 * zs, gs and aux kept for one step); returns hs (and cs).
 */
function run(cell: Cell, B: number, T: number, I: number, H: number, c: Config, seq: SequenceKernels | null, inference = false): Float32Array[] {
  const fusedPath = seq !== null, fused = seq!;
  const G = cell === 'simple' ? 1 : cell === 'lstm' ? 4 : 3;
  const alloc = (n: number) => wasmFloats(rt, n);
  const fill = (n: number, seed: number, lo = -1, hi = 1) => { const a = alloc(n); a.set(randomArray(n, seed, lo, hi)); return a; };
  const mask = (n: number, seed: number) => { const a = alloc(n); a.set(randomArray(n, seed, 0, 1).map((u) => (u < 0.25 ? 0 : 1 / 0.75))); return a; };
  let stepMask: Uint8Array | null = null;
  if (c.masked) {
    stepMask = new Uint8Array(B * T).fill(1);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) if ((b + 2 * t) % 5 === 0 || (b === 1 && T > 1)) stepMask[b * T + t] = 0;
  }
  const io: RecurrentBuffers<Float32Array> = {
    B, T, I, H, act: Act.tanh, recAct: Act.sigmoid, goBackwards: c.goBackwards, mm: fast.matmul, af: fast.activations, gk: fast.gates,
    x: fill(B * T * I, 1), h0: fill(B * H, 2, -0.5, 0.5), c0: cell === 'lstm' ? fill(B * H, 3, -0.5, 0.5) : null,
    W: fill(I * G * H, 4, -0.3, 0.3), U: fill(H * G * H, 5, -0.3, 0.3), b: c.noBias ? null : fill(cell === 'gru' ? 2 * G * H : G * H, 6),
    inMask: c.dropout && !c.recurrentOnly ? mask(G * B * I, 7) : null, recMask: c.dropout ? mask(G * B * H, 8) : null, stepMask,
    hs: alloc(B * T * H), cs: cell === 'lstm' ? alloc(B * T * H) : null, zs: alloc(B * T * G * H), gs: alloc(B * T * G * H),
    aux: cell === 'simple' ? null : alloc(B * T * (cell === 'gru' ? G * H : H)), xd: alloc(B * T * I), hd: alloc(B * H), hprev: alloc(B * T * H), Ut: alloc(G * H * H), deferDU: false, inference, wholeSequenceCaches: () => {},
  };
  const g: RecurrentGrads<Float32Array> = {
    dhs: fill(B * T * H, 9), dhLast: fill(B * H, 10), dcLast: cell === 'lstm' ? fill(B * H, 11) : null,
    dx: alloc(B * T * I), dh0: alloc(B * H), dc0: cell === 'lstm' ? alloc(B * H) : null,
    dW: alloc(I * G * H), dU: alloc(H * G * H), db: c.noBias ? null : alloc(cell === 'gru' ? 2 * G * H : G * H),
    dzs: alloc(B * T * G * H), dh: alloc(B * H), dc: cell === 'lstm' ? alloc(B * H) : null, tmp: alloc(B * G * H), row: alloc(H), dzRec: alloc(B * G * H),
  };
  const took = (ok: boolean) => assert.ok(ok, 'the fused loop was not taken');
  const resetAfter = cell === 'gru';
  if (inference) {
    const ok = cell === 'simple' ? fused.simpleRnnForward(io) : cell === 'lstm' ? fused.lstmForward(io) : fused.gruForward(io, resetAfter);
    took(ok);
    return [io.hs, ...(io.cs ? [io.cs] : [])];
  }
  if (cell === 'simple') {
    if (fusedPath) { took(fused.simpleRnnForward(io)); took(fused.simpleRnnBackward(io, g)); } else { simpleRnnForward(io); simpleRnnBackward(io, g); }
  } else if (cell === 'lstm') {
    if (fusedPath) { took(fused.lstmForward(io)); took(fused.lstmBackward(io, g)); } else { lstmForward(io); lstmBackward(io, g); }
  } else if (fusedPath) {
    took(fused.gruForward(io, resetAfter));
    took(fused.gruBackward(io, g, resetAfter));
  } else {
    gruForward(io, resetAfter);
    gruBackward(io, g, resetAfter);
  }
  return [io.hs, ...(io.cs ? [io.cs] : []), g.dx!, g.dh0!, ...(g.dc0 ? [g.dc0] : []), g.dW, g.dU, ...(g.db ? [g.db] : [])];
}

const shapes: [number, number, number, number][] = [[1, 1, 1, 1], [2, 5, 3, 5], [3, 4, 2, 6], [5, 6, 3, 33], [16, 7, 4, 128]];
const configs: Config[] = [
  { dropout: false, masked: false, goBackwards: false },
  { dropout: false, masked: false, goBackwards: true },
  { dropout: true, masked: false, goBackwards: false },
  { dropout: false, masked: true, goBackwards: true },
  { dropout: true, masked: true, goBackwards: false },
  { dropout: true, masked: true, goBackwards: true },
];

for (const cell of ['simple', 'lstm', 'gru', 'gru-v1'] as Cell[]) {
  for (const [B, T, I, H] of shapes) {
    test(`${cell} fused loops equal the per-step path bit for bit under dropout and step masks (B=${B} T=${T} I=${I} H=${H})`, () => {
      for (const c of configs) {
        const mine = run(cell, B, T, I, H, c, two), ref = run(cell, B, T, I, H, c, null);
        const what = `${JSON.stringify(c)}`;
        const loose = !c.dropout && !c.masked; // dU (GRU resetAfter: and the recurrent bias) as one product after the loop
        mine.forEach((a, i) => {
          const isDU = i === mine.length - 2, isDB = i === mine.length - 1 && cell === 'gru';
          if (loose && (isDU || isDB)) assert.ok(normwiseError(a, ref[i]) <= 1e-5, `${isDU ? 'dU' : 'db'} ${what}`);
          else assert.deepEqual(a, ref[i], `output ${i} of ${mine.length} ${what}`);
        });
      }
    });
  }
}

test('without biases (useBias: false) the fused loops equal the per-step path bit for bit', () => {
  for (const cell of ['simple', 'lstm', 'gru', 'gru-v1'] as Cell[]) {
    for (const c of [{ dropout: false, masked: true, goBackwards: false, noBias: true }, { dropout: true, masked: false, goBackwards: true, noBias: true }]) {
      assert.deepEqual(run(cell, 16, 7, 4, 128, c, two), run(cell, 16, 7, 4, 128, c, null), `${cell} ${JSON.stringify(c)}`);
    }
  }
});

test('the per-step dU accumulation and the deferred product are both repeated exactly (deferMin 0)', () => {
  const keep = backwardTuning.deferMin;
  backwardTuning.deferMin = 0;
  try {
    for (const cell of ['simple', 'lstm', 'gru-v1'] as Cell[]) {
      const c = { dropout: false, masked: true, goBackwards: false };
      assert.deepEqual(run(cell, 5, 6, 3, 9, c, two), run(cell, 5, 6, 3, 9, c, null), cell);
    }
  } finally {
    backwardTuning.deferMin = keep;
  }
});

test('one thread and two give the same fused results (chunks of rows shared between them, the last one short)', () => {
  for (const cell of ['simple', 'lstm', 'gru', 'gru-v1'] as Cell[]) {
    for (const B of [16, 37]) { // chunks of 4 rows × 4; of 8 rows × 4 and one of 5
      for (const c of [configs[0], configs[5]]) assert.deepEqual(run(cell, B, 5, 3, 128, c, two), run(cell, B, 5, 3, 128, c, one), `${cell} B=${B} ${JSON.stringify(c)}`);
    }
  }
});

test('inference forward loops (each step projected in the loop; zs, gs, aux kept for one step) give the training forward\'s states bit for bit', () => {
  for (const cell of ['simple', 'lstm', 'gru', 'gru-v1'] as Cell[]) {
    for (const [B, T, I, H] of [...shapes, [37, 5, 3, 128] as [number, number, number, number]]) {
      // recurrent dropout alone (a `training: true` node inside predict) keeps the in-loop projection
      for (const c of [...configs, { dropout: true, masked: true, goBackwards: false, recurrentOnly: true }, { dropout: false, masked: true, goBackwards: false, noBias: true }]) {
        const what = `${cell} B=${B} T=${T} H=${H} ${JSON.stringify(c)}`;
        const kept = run(cell, B, T, I, H, c, two).slice(0, cell === 'lstm' ? 2 : 1);
        assert.deepEqual(run(cell, B, T, I, H, c, two, true), kept, what);
        assert.deepEqual(run(cell, B, T, I, H, c, one, true), kept, `one thread: ${what}`);
      }
    }
  }
});

// Float64 central-difference gradient checks of the recurrent reference kernels — SimpleRNN, LSTM and GRU
// (resetAfter true and false) — over whole sequences, for every combination that changes the code path:
// goBackwards, last output / returnSequences / both with final states, bias or not, an initial state,
// per-gate dropout masks (fixed masks make dropout a deterministic function), and Masking step masks.
// Gradients w.r.t. inputs, initial states (h0, c0) and all weights. L = Σ hs⊙R₁ + Σ h_T⊙R₂ (+ Σ c_T⊙R₃).
import { test } from 'node:test';
import { Act, type ActivationId, type RecurrentBuffers, type RecurrentGrads } from '../src/kernels/types.js';
import { simpleRnnBackward, simpleRnnForward } from '../src/kernels/ref/simple_rnn.js';
import { lstmBackward, lstmForward } from '../src/kernels/ref/lstm.js';
import { gruBackward, gruForward } from '../src/kernels/ref/gru.js';
import { referenceMatmul } from '../src/kernels/ref/matmul.js';
import { referenceActivations } from '../src/kernels/ref/activations.js';
import { referenceGates } from '../src/kernels/ref/gates.js';
import { backwardTuning } from '../src/kernels/ref/recurrent_common.js';
import { assertClose, numericGrad, randomArray } from './helpers.js';

type Cell = 'simple' | 'lstm' | 'gru' | 'gru-v1';
const gatesOf = (c: Cell) => (c === 'simple' ? 1 : c === 'lstm' ? 4 : 3);

interface Case { cell: Cell; goBackwards: boolean; sequences: boolean; useBias: boolean; dropout: boolean; masked: boolean; act: ActivationId }

function run(c: Case): void {
  const B = 3, T = 4, I = 2, H = 3, G = gatesOf(c.cell), GH = G * H;
  const x = randomArray(B * T * I, 1, -1.5, 1.5), h0 = randomArray(B * H, 2, -0.5, 0.5), c0 = randomArray(B * H, 3, -0.5, 0.5);
  const W = randomArray(I * GH, 4), U = randomArray(H * GH, 5, -0.7, 0.7);
  const b = c.useBias ? randomArray(c.cell === 'gru' ? 2 * GH : GH, 6) : null;
  // dropout masks: entries 0 or 1/(1 − 0.3), fixed per test
  const mask = (n: number, seed: number) => randomArray(n, seed, 0, 1).map((u) => (u < 0.3 ? 0 : 1 / 0.7));
  const inMask = c.dropout ? mask(G * B * I, 7) : null;
  const recMask = c.dropout ? mask(G * B * H, 8) : null;
  // right-padded variable lengths: sample 0 full, sample 1 length 2, sample 2 length 3 (in input time)
  const stepMask = c.masked ? Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0]) : null;
  const auxSize = c.cell === 'lstm' ? B * T * H : c.cell === 'gru' ? B * T * GH : c.cell === 'gru-v1' ? B * T * H : 0;
  const io: RecurrentBuffers<Float64Array> = {
    B, T, I, H, act: c.act, recAct: Act.sigmoid, goBackwards: c.goBackwards, mm: referenceMatmul, af: referenceActivations, gk: referenceGates,
    x, h0, c0: c.cell === 'lstm' ? c0 : null, W, U, b, inMask, recMask, stepMask,
    hs: new Float64Array(B * T * H), cs: c.cell === 'lstm' ? new Float64Array(B * T * H) : null,
    zs: new Float64Array(B * T * GH), gs: new Float64Array(B * T * GH), aux: auxSize ? new Float64Array(auxSize) : null,
    xd: new Float64Array(B * T * I), hd: new Float64Array(B * H), hprev: new Float64Array(B * T * H), Ut: new Float64Array(GH * H), deferDU: false, inference: false, wholeSequenceCaches: () => {},
  };
  const forward = () => {
    if (c.cell === 'simple') simpleRnnForward(io);
    else if (c.cell === 'lstm') lstmForward(io);
    else gruForward(io, c.cell === 'gru');
  };
  const R1 = randomArray(B * T * H, 9), R2 = randomArray(B * H, 10), R3 = randomArray(B * H, 11);
  const last = (buf: Float64Array | Float32Array) => {
    const out = new Float64Array(B * H);
    for (let bi = 0; bi < B; bi++) for (let j = 0; j < H; j++) out[bi * H + j] = buf[(bi * T + T - 1) * H + j];
    return out;
  };
  const dot = (a: ArrayLike<number>, r: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < r.length; i++) sum += a[i] * r[i];
    return sum;
  };
  const loss = () => {
    forward();
    let L = dot(last(io.hs), R2);
    if (c.sequences) L += dot(io.hs, R1);
    if (io.cs) L += dot(last(io.cs), R3);
    return L;
  };
  loss();
  const g: RecurrentGrads<Float64Array> = {
    dhs: c.sequences ? R1 : null, dhLast: R2, dcLast: io.cs ? R3 : null,
    dx: new Float64Array(B * T * I), dh0: new Float64Array(B * H), dc0: io.cs ? new Float64Array(B * H) : null,
    dW: new Float64Array(W.length), dU: new Float64Array(U.length), db: b ? new Float64Array(b.length) : null,
    dzs: new Float64Array(B * T * GH), dh: new Float64Array(B * H), dc: io.cs ? new Float64Array(B * H) : null,
    tmp: new Float64Array(B * GH), row: new Float64Array(H), dzRec: new Float64Array(B * GH),
  };
  if (c.cell === 'simple') simpleRnnBackward(io, g);
  else if (c.cell === 'lstm') lstmBackward(io, g);
  else gruBackward(io, g, c.cell === 'gru');
  const tol = { rtol: 1e-6, atol: 1e-8 };
  assertClose(g.dx!, numericGrad(loss, x), { ...tol, what: 'dx' });
  assertClose(g.dh0!, numericGrad(loss, h0), { ...tol, what: 'dh0' });
  if (g.dc0) assertClose(g.dc0, numericGrad(loss, c0), { ...tol, what: 'dc0' });
  assertClose(g.dW, numericGrad(loss, W), { ...tol, what: 'dW' });
  assertClose(g.dU, numericGrad(loss, U), { ...tol, what: 'dU' });
  if (b && g.db) assertClose(g.db, numericGrad(loss, b), { ...tol, what: 'db' });
}

const cells: Cell[] = ['simple', 'lstm', 'gru', 'gru-v1'];
for (const cell of cells) {
  for (const goBackwards of [false, true]) {
    for (const sequences of [false, true]) {
      test(`${cell}: goBackwards ${goBackwards}, returnSequences ${sequences}`, () => run({ cell, goBackwards, sequences, useBias: true, dropout: false, masked: false, act: Act.tanh }));
    }
  }
  test(`${cell}: no bias, relu activation`, () => run({ cell, goBackwards: false, sequences: true, useBias: false, dropout: false, masked: false, act: Act.relu }));
  test(`${cell}: input and recurrent dropout masks`, () => run({ cell, goBackwards: false, sequences: true, useBias: true, dropout: true, masked: false, act: Act.tanh }));
  test(`${cell}: masked (right-padded) steps, forward and goBackwards`, () => {
    run({ cell, goBackwards: false, sequences: true, useBias: true, dropout: false, masked: true, act: Act.tanh });
    run({ cell, goBackwards: true, sequences: false, useBias: true, dropout: true, masked: true, act: Act.tanh });
  });
  // these shapes are small enough for the per-step dU accumulation; force the deferred one-product path too
  test(`${cell}: dU deferred to one product after the loop (goBackwards, masked, sequences)`, () => {
    const keep = backwardTuning.deferMin;
    backwardTuning.deferMin = 0;
    try {
      for (const goBackwards of [false, true]) run({ cell, goBackwards, sequences: true, useBias: true, dropout: false, masked: goBackwards, act: Act.tanh });
    } finally {
      backwardTuning.deferMin = keep;
    }
  });
}

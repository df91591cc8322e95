// Float64 central-difference gradient checks of the reference kernels: Dense (every activation, with and
// without bias, rank > 2) and SimpleRNN over whole sequences (tanh and relu, bias or not, returnSequences,
// goBackwards, an initial state), w.r.t. inputs, weights and the initial state; and the loss kernels.
// The scalar checked is L = Σ y ⊙ R for a fixed random R, so dL/dy = R is what backward receives.
import { test } from 'node:test';
import { Act, type ActivationId } from '../src/kernels/types.js';
import { denseBackward, denseForward } from '../src/kernels/ref/dense.js';
import { simpleRnnBackward, simpleRnnForward } from '../src/kernels/ref/simple_rnn.js';
import { maeLoss, mseLoss } from '../src/kernels/ref/losses.js';
import { assertClose, numericGrad, randomArray } from './helpers.js';

const dot = (a: Float64Array, b: Float64Array, n = a.length): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
};
const TOL = { rtol: 1e-6, atol: 1e-8 };

for (const [name, act] of Object.entries(Act) as [string, ActivationId][]) {
  for (const useBias of [true, false]) {
    test(`dense gradients, activation ${name}, bias ${useBias}`, () => {
      const M = 6, I = 4, U = 3; // M = 2 samples × 3 steps: a rank-3 input flattened to rows
      const x = randomArray(M * I, 1, -2, 2), W = randomArray(I * U, 2), b = useBias ? randomArray(U, 3) : null;
      const R = randomArray(M * U, 4);
      const y = new Float64Array(M * U), z = new Float64Array(M * U);
      const loss = () => { denseForward(y, z, x, W, b, M, I, U, act); return dot(y, R); };
      loss();
      const dx = new Float64Array(M * I), dW = new Float64Array(I * U), db = useBias ? new Float64Array(U) : null;
      denseBackward(dx, dW, db, new Float64Array(M * U), R, x, W, z, y, M, I, U, act);
      assertClose(dx, numericGrad(loss, x), { ...TOL, what: 'dx' });
      assertClose(dW, numericGrad(loss, W), { ...TOL, what: 'dW' });
      if (b && db) assertClose(db, numericGrad(loss, b), { ...TOL, what: 'db' });
    });
  }
}

interface RnnCase { act: ActivationId; useBias: boolean; goBackwards: boolean; sequences: boolean; lastToo: boolean }
const cases: RnnCase[] = [];
for (const act of [Act.tanh, Act.relu, Act.sigmoid]) {
  for (const useBias of [true, false]) {
    for (const goBackwards of [false, true]) {
      for (const [sequences, lastToo] of [[false, false], [true, false], [true, true]]) cases.push({ act, useBias, goBackwards, sequences, lastToo });
    }
  }
}

for (const c of cases) {
  const label = `act ${c.act}, bias ${c.useBias}, goBackwards ${c.goBackwards}, ${c.sequences ? 'returnSequences' : 'last output'}${c.lastToo ? ' + final state' : ''}`;
  test(`SimpleRNN backward-through-time gradients (${label})`, () => {
    const B = 3, T = 4, I = 2, H = 5;
    const x = randomArray(B * T * I, 11), h0 = randomArray(B * H, 12, -0.5, 0.5);
    const W = randomArray(I * H, 13), U = randomArray(H * H, 14, -0.6, 0.6), b = c.useBias ? randomArray(H, 15) : null;
    const Rseq = randomArray(B * T * H, 16), Rlast = randomArray(B * H, 17);
    const hs = new Float64Array(B * T * H), zs = new Float64Array(B * T * H);
    const last = (): Float64Array => {
      const out = new Float64Array(B * H);
      for (let bi = 0; bi < B; bi++) for (let j = 0; j < H; j++) out[bi * H + j] = hs[(bi * T + T - 1) * H + j];
      return out;
    };
    const loss = (): number => {
      simpleRnnForward(hs, zs, x, h0, W, U, b, B, T, I, H, c.act, c.goBackwards);
      let L = 0;
      if (c.sequences) L += dot(hs, Rseq);
      if (!c.sequences || c.lastToo) L += dot(last(), Rlast);
      return L;
    };
    loss();
    const dx = new Float64Array(B * T * I), dh0 = new Float64Array(B * H);
    const dW = new Float64Array(I * H), dU = new Float64Array(H * H), db = c.useBias ? new Float64Array(H) : null;
    simpleRnnBackward(
      dx, dh0, dW, dU, db, new Float64Array(B * T * H), new Float64Array(B * H),
      c.sequences ? Rseq : null, !c.sequences || c.lastToo ? Rlast : null,
      x, h0, W, U, hs, zs, B, T, I, H, c.act, c.goBackwards,
    );
    assertClose(dx, numericGrad(loss, x), { ...TOL, what: 'dx' });
    assertClose(dh0, numericGrad(loss, h0), { ...TOL, what: 'dh0' });
    assertClose(dW, numericGrad(loss, W), { ...TOL, what: 'dW' });
    assertClose(dU, numericGrad(loss, U), { ...TOL, what: 'dU' });
    if (b && db) assertClose(db, numericGrad(loss, b), { ...TOL, what: 'db' });
  });
}

test('SimpleRNN backward accumulates into weight gradients (+=) and overwrites dx', () => {
  const B = 2, T = 3, I = 2, H = 3;
  const x = randomArray(B * T * I, 21), h0 = new Float64Array(B * H), W = randomArray(I * H, 22), U = randomArray(H * H, 23);
  const hs = new Float64Array(B * T * H), zs = new Float64Array(B * T * H);
  simpleRnnForward(hs, zs, x, h0, W, U, null, B, T, I, H, Act.tanh, false);
  const R = randomArray(B * H, 24);
  const run = (dW: Float64Array, dx: Float64Array) => simpleRnnBackward(dx, null, dW, new Float64Array(H * H), null,
    new Float64Array(B * T * H), new Float64Array(B * H), null, R, x, h0, W, U, hs, zs, B, T, I, H, Act.tanh, false);
  const once = new Float64Array(I * H), twice = new Float64Array(I * H);
  const dx1 = new Float64Array(B * T * I), dx2 = new Float64Array(B * T * I);
  run(once, dx1);
  run(twice, dx2);
  run(twice, dx2);
  assertClose(twice, once.map((v) => 2 * v), { what: 'dW after two passes' });
  assertClose(dx2, dx1, { what: 'dx is overwritten' });
});

test('mse and mae gradients match central differences', () => {
  const N = 7;
  const p = randomArray(N, 31), t = randomArray(N, 32);
  for (const kernel of [mseLoss, maeLoss]) {
    const dy = new Float64Array(N);
    kernel(dy, p, t, N);
    assertClose(dy, numericGrad(() => kernel(null, p, t, N), p), { ...TOL, what: kernel.name });
  }
});

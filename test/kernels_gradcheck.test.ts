// Float64 central-difference gradient checks of the Dense kernels (every activation, with and without bias,
// rank > 2 input). Recurrent kernels: recurrent_kernels_gradcheck.test.ts; losses: losses.test.ts.
// The scalar checked is L = Σ y ⊙ R for a fixed random R, so dL/dy = R is what backward receives.
import { test } from 'node:test';
import { Act, type ActivationId } from '../src/kernels/types.js';
import { denseBackward, denseForward } from '../src/kernels/ref/dense.js';
import { referenceMatmul } from '../src/kernels/ref/matmul.js';
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
      const loss = () => { denseForward(referenceMatmul, y, z, x, W, b, M, I, U, act); return dot(y, R); };
      loss();
      const dx = new Float64Array(M * I), dW = new Float64Array(I * U), db = useBias ? new Float64Array(U) : null;
      denseBackward(referenceMatmul, dx, dW, db, new Float64Array(M * U), R, x, W, z, y, M, I, U, act);
      assertClose(dx, numericGrad(loss, x), { ...TOL, what: 'dx' });
      assertClose(dW, numericGrad(loss, W), { ...TOL, what: 'dW' });
      if (b && db) assertClose(db, numericGrad(loss, b), { ...TOL, what: 'db' });
    });
  }
}

// Reference Dense kernels: y = act(x·W + b) over M rows (all leading axes flattened).
// Letters: M rows (batch × any leading axes), I input features, U units.
import type { ActivationId, FloatArray, Matmul } from '../types.js';
import { activationBackward, activationForward } from './activations.js';

/**
 * Forward. Writes the pre-activation z (cached for backward) and the output y (may be the same array as z
 * for a linear activation).
 */
export function denseForward(
  mm: Matmul,           // matrix products to use
  y: FloatArray,        // [M, U] out
  z: FloatArray,        // [M, U] out: pre-activation cache
  x: FloatArray,        // [M, I]
  W: FloatArray,        // [I, U]
  b: FloatArray | null, // [U] or null (useBias false)
  M: number, I: number, U: number, act: ActivationId,
): void {
  if (b) mm.nnBias(z, 0, U, x, 0, I, W, 0, U, M, I, U, b, 0);
  else mm.nn(z, 0, U, x, 0, I, W, 0, U, M, I, U, false);
  activationForward(y, 0, z, 0, M, U, act);
}

/**
 * Backward. Accumulates into dW and db; writes dx (when not null). `dz` is scratch [M, U] and may be `dy`
 * itself (then dy is overwritten).
 */
export function denseBackward(
  mm: Matmul,             // matrix products to use
  dx: FloatArray | null,  // [M, I] out (overwritten), or null when no input gradient is needed
  dW: FloatArray,         // [I, U] += 
  db: FloatArray | null,  // [U] +=
  dz: FloatArray,         // [M, U] scratch
  dy: FloatArray,         // [M, U] in: gradient w.r.t. y
  x: FloatArray,          // [M, I] forward input
  W: FloatArray,          // [I, U]
  z: FloatArray,          // [M, U] forward pre-activation
  y: FloatArray,          // [M, U] forward output
  M: number, I: number, U: number, act: ActivationId,
): void {
  activationBackward(dz, 0, dy, 0, z, 0, y, 0, M, U, act);
  mm.tnAcc(dW, 0, U, x, 0, I, dz, 0, U, M, I, U);
  if (db) mm.colSumAcc(db, 0, dz, 0, U, M, U);
  if (dx) mm.nt(dx, 0, I, dz, 0, U, W, 0, U, M, I, U, false);
}

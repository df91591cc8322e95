// Reference SimpleRNN kernels: the whole sequence forward, and the whole backward-through-time pass.
// Keras: h_s = act(x_t·W + b + h_{s−1}·U), with t = s, or t = T−1−s under goBackwards.
//
// Letters: B batch, T timesteps, I input features, H units; s = processing step, t = input time.
// Layout: every [B, T, ·] buffer is batch-major (as Keras); one timestep is B rows with stride T·H.
//   hs[b, s, :] = state after processing step s  (this *is* the returnSequences output, in processing order)
//   zs[b, t, :] = pre-activation of the step that consumed x[b, t, :]
import type { ActivationId, FloatArray } from '../types.js';
import { colSumAcc, matmulNN, matmulNT, matmulTNAcc } from './matmul.js';
import { activationBackward, activationForward } from './activations.js';

export function simpleRnnForward(
  hs: FloatArray,         // [B, T, H] out: states in processing order
  zs: FloatArray,         // [B, T, H] out: pre-activations by input time (cache for backward)
  x: FloatArray,          // [B, T, I]
  h0: FloatArray,         // [B, H] initial state
  W: FloatArray,          // [I, H] kernel
  U: FloatArray,          // [H, H] recurrent kernel
  b: FloatArray | null,   // [H] bias, or null
  B: number, T: number, I: number, H: number,
  act: ActivationId, goBackwards: boolean,
): void {
  const TH = T * H;
  // input projection for every (b, t) row at once: zs = x·W + b
  matmulNN(zs, 0, H, x, 0, I, W, 0, H, B * T, I, H, false);
  if (b) for (let r = 0; r < B * T; r++) for (let j = 0; j < H; j++) zs[r * H + j] += b[j];
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    // zs[:, t] += h_{s−1}·U
    if (s === 0) matmulNN(zs, t * H, TH, h0, 0, H, U, 0, H, B, H, H, true);
    else matmulNN(zs, t * H, TH, hs, (s - 1) * H, TH, U, 0, H, B, H, H, true);
    for (let bi = 0; bi < B; bi++) activationForward(hs, bi * TH + s * H, zs, bi * TH + t * H, 1, H, act);
  }
}

export function simpleRnnBackward(
  dx: FloatArray | null,  // [B, T, I] out (overwritten), or null
  dh0: FloatArray | null, // [B, H] out (overwritten): gradient w.r.t. the initial state, or null
  dW: FloatArray,         // [I, H] +=
  dU: FloatArray,         // [H, H] +=
  db: FloatArray | null,  // [H] +=
  dzs: FloatArray,        // [B, T, H] scratch: pre-activation gradients by input time
  dh: FloatArray,         // [B, H] scratch: gradient flowing into the current state
  dhs: FloatArray | null, // [B, T, H] in: gradient w.r.t. hs (returnSequences), or null
  dhLast: FloatArray | null, // [B, H] in: gradient w.r.t. the final state (last output / returned state), or null
  x: FloatArray, h0: FloatArray, W: FloatArray, U: FloatArray,
  hs: FloatArray, zs: FloatArray, // forward caches
  B: number, T: number, I: number, H: number,
  act: ActivationId, goBackwards: boolean,
): void {
  const TH = T * H;
  if (dhLast) for (let i = 0; i < B * H; i++) dh[i] = dhLast[i];
  else dh.fill(0, 0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    for (let bi = 0; bi < B; bi++) {
      const o = bi * TH;
      const dzRow = o + t * H;
      for (let j = 0; j < H; j++) dzs[dzRow + j] = dh[bi * H + j] + (dhs ? dhs[o + s * H + j] : 0);
      activationBackward(dzs, dzRow, dzs, dzRow, zs, dzRow, hs, o + s * H, 1, H, act);
    }
    // dU += h_{s−1}ᵀ · dz;  dh = dz · Uᵀ (flows into step s−1, or into h0)
    if (s === 0) matmulTNAcc(dU, 0, H, h0, 0, H, dzs, t * H, TH, B, H, H);
    else matmulTNAcc(dU, 0, H, hs, (s - 1) * H, TH, dzs, t * H, TH, B, H, H);
    matmulNT(dh, 0, H, dzs, t * H, TH, U, 0, H, B, H, H, false);
  }
  if (dh0) for (let i = 0; i < B * H; i++) dh0[i] = dh[i];
  // input-side gradients for all rows at once
  matmulTNAcc(dW, 0, H, x, 0, I, dzs, 0, H, B * T, I, H);
  if (db) colSumAcc(db, dzs, 0, H, B * T, H);
  if (dx) matmulNT(dx, 0, I, dzs, 0, H, W, 0, H, B * T, I, H, false);
}

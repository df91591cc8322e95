// Pieces shared by the recurrent reference kernels: the input projection for all timesteps at once, and the
// recurrent product of one step, each with Keras's per-gate dropout masks, plus their backward passes.
// See RecurrentBuffers (../types.ts) for the letters and layouts.
import type { FloatArray, RecurrentBuffers, RecurrentGrads } from '../types.js';

/** xd[b, t, :] = x[b, t, :] ⊙ inMask[k, b, :] for every t. */
function maskInputs(xd: FloatArray, x: FloatArray, inMask: FloatArray, k: number, B: number, T: number, I: number): void {
  for (let b = 0; b < B; b++) {
    const m = (k * B + b) * I;
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * I;
      for (let i = 0; i < I; i++) xd[o + i] = x[o + i] * inMask[m + i];
    }
  }
}

/**
 * True when the G input masks [G, n] are one mask repeated: Keras draws one input mask for all gates unless
 * recurrent dropout is on (src/layers/rnn/dropout_masks.ts). Then x⊙m is the same for every gate, and one
 * product over all G·H columns gives each column the bits of its gate's own product (every column is its own
 * sum, in the same order, whichever columns a call covers).
 */
function oneMask(inMask: FloatArray, G: number, n: number): boolean {
  for (let k = 1; k < G; k++) for (let i = 0; i < n; i++) if (inMask[k * n + i] !== inMask[i]) return false;
  return true;
}

/** zs[B·T, G·H] = x·W + b (b: the first G·H values of io.b), per gate with its own input mask under dropout. */
export function inputProjection(io: RecurrentBuffers, G: number): void {
  const { B, T, I, H, x, W, b, inMask, zs, xd } = io;
  const GH = G * H, rows = B * T;
  const shared = inMask !== null && oneMask(inMask, G, B * I);
  if (!inMask || shared) {
    if (shared) maskInputs(xd, x, inMask, 0, B, T, I);
    const xm = shared ? xd : x;
    if (b) io.mm.nnBias(zs, 0, GH, xm, 0, I, W, 0, GH, rows, I, GH, b, 0); // the bias add fused into the product
    else io.mm.nn(zs, 0, GH, xm, 0, I, W, 0, GH, rows, I, GH, false);
    return;
  }
  for (let k = 0; k < G; k++) {
    maskInputs(xd, x, inMask, k, B, T, I);
    io.mm.nn(zs, k * H, GH, xd, 0, I, W, k * H, GH, rows, I, H, false);
  }
  if (b) io.mm.addRows(zs, 0, GH, b, 0, rows, GH);
}

/** Backward of inputProjection: dW += (x⊙m)ᵀ·dzs, db[0..GH) += Σ dzs, dx = Σ_k (dzs_k·W_kᵀ) ⊙ m_k. */
export function inputProjectionBackward(io: RecurrentBuffers, g: RecurrentGrads, G: number): void {
  const { B, T, I, H, x, W, inMask, xd } = io;
  const { dW, db, dx, dzs } = g;
  const GH = G * H, rows = B * T;
  if (!inMask) {
    io.mm.tnAcc(dW, 0, GH, x, 0, I, dzs, 0, GH, rows, I, GH);
    if (dx) io.mm.nt(dx, 0, I, dzs, 0, GH, W, 0, GH, rows, I, GH, false);
  } else {
    const shared = oneMask(inMask, G, B * I); // one mask for all gates: dW in one product (inputProjection)
    if (shared) {
      maskInputs(xd, x, inMask, 0, B, T, I);
      io.mm.tnAcc(dW, 0, GH, xd, 0, I, dzs, 0, GH, rows, I, GH);
    }
    if (dx) dx.fill(0, 0, rows * I);
    for (let k = 0; k < G; k++) {
      if (!shared) {
        maskInputs(xd, x, inMask, k, B, T, I);
        io.mm.tnAcc(dW, k * H, GH, xd, 0, I, dzs, k * H, GH, rows, I, H);
      }
      if (!dx) continue;
      io.mm.nt(xd, 0, I, dzs, k * H, GH, W, k * H, GH, rows, I, H, false); // xd reused as scratch
      for (let bi = 0; bi < B; bi++) {
        const m = (k * B + bi) * I;
        for (let t = 0; t < T; t++) {
          const o = (bi * T + t) * I;
          for (let i = 0; i < I; i++) dx[o + i] += xd[o + i] * inMask[m + i];
        }
      }
    }
  }
  if (db) io.mm.colSumAcc(db, 0, dzs, 0, GH, rows, GH);
}

/** hd[b, :] = hp[b, :] ⊙ recMask[k, b, :] (hp rows at hOff with stride ldh). */
function maskState(hd: FloatArray, hp: FloatArray, hOff: number, ldh: number, recMask: FloatArray, k: number, B: number, H: number): void {
  for (let b = 0; b < B; b++) {
    const m = (k * B + b) * H, o = hOff + b * ldh;
    for (let j = 0; j < H; j++) hd[b * H + j] = hp[o + j] * recMask[m + j];
  }
}

/**
 * z[:, gates k0..k1) (+)= (h_prev ⊙ recMask_k) · U[:, gate k] for one step.
 * z rows at zOff with stride ldz (columns of gate k at +k·H); h_prev rows at hOff with stride ldh.
 */
export function recurrentProduct(
  z: FloatArray, zOff: number, ldz: number,
  hp: FloatArray, hOff: number, ldh: number,
  io: RecurrentBuffers, G: number, k0: number, k1: number, accumulate: boolean,
): void {
  const { B, H, U, recMask, hd } = io;
  const GH = G * H;
  if (!recMask) {
    io.mm.nn(z, zOff + k0 * H, ldz, hp, hOff, ldh, U, k0 * H, GH, B, H, (k1 - k0) * H, accumulate);
    return;
  }
  for (let k = k0; k < k1; k++) {
    maskState(hd, hp, hOff, ldh, recMask, k, B, H);
    io.mm.nn(z, zOff + k * H, ldz, hd, 0, H, U, k * H, GH, B, H, H, accumulate);
  }
}

/**
 * Backward of recurrentProduct: dU[:, gate k] += (h_prev ⊙ m_k)ᵀ · dz_k and dhPrev += (dz_k · U_kᵀ) ⊙ m_k
 * (dhPrev [B, H] contiguous; accumulates). When io.deferDU, the dU term is left out here
 * (`deferredRecurrentWeightGrad` adds it for all steps in one product after the loop).
 */
export function recurrentProductBackward(
  dhPrev: FloatArray, dU: FloatArray,
  dz: FloatArray, dzOff: number, lddz: number,
  hp: FloatArray, hOff: number, ldh: number,
  io: RecurrentBuffers, G: number, k0: number, k1: number,
): void {
  const { B, H, U, recMask, hd } = io;
  const GH = G * H;
  if (!recMask) {
    if (!io.deferDU) recurrentWeightGradStep(io, dU, dz, dzOff + k0 * H, lddz, hp, hOff, ldh, G, k0, k1);
    // dz · U[:, gates]ᵀ as dz · (Uᵀ rows of those gates): the A·B kernel is about twice as fast as A·Bᵀ
    io.mm.nn(dhPrev, 0, H, dz, dzOff + k0 * H, lddz, io.Ut, k0 * H * H, H, B, (k1 - k0) * H, H, true);
    return;
  }
  for (let k = k0; k < k1; k++) {
    recurrentWeightGradStep(io, dU, dz, dzOff + k * H, lddz, hp, hOff, ldh, G, k, k + 1);
    io.mm.nt(hd, 0, H, dz, dzOff + k * H, lddz, U, k * H, GH, B, H, H, false); // hd reused as scratch
    for (let b = 0; b < B; b++) {
      const m = (k * B + b) * H;
      for (let j = 0; j < H; j++) dhPrev[b * H + j] += hd[b * H + j] * recMask[m + j];
    }
  }
}

/**
 * dU[:, gates k0..k1) += (h_prev ⊙ m_k)ᵀ · dz_k for one step: the dU term of recurrentProductBackward on its own
 * (the same products in the same order), so that the fused time loops can add it after their loop with the
 * per-step path's numbers. dz0: the offset of gate k0's first column in dz (row stride lddz); leaves io.hd
 * holding the masked state of gate k1 − 1 under recurrent dropout.
 */
export function recurrentWeightGradStep(
  io: RecurrentBuffers, dU: FloatArray, dz: FloatArray, dz0: number, lddz: number,
  hp: FloatArray, hOff: number, ldh: number, G: number, k0: number, k1: number,
): void {
  const { B, H, recMask, hd } = io;
  const GH = G * H;
  if (!recMask) {
    io.mm.tnAcc(dU, k0 * H, GH, hp, hOff, ldh, dz, dz0, lddz, B, H, (k1 - k0) * H);
    return;
  }
  for (let k = k0; k < k1; k++) {
    maskState(hd, hp, hOff, ldh, recMask, k, B, H);
    io.mm.tnAcc(dU, k * H, GH, hd, 0, H, dz, dz0 + (k - k0) * H, lddz, B, H, H);
  }
}

/**
 * deferMin: dU entries from which the per-step accumulation is replaced by one product after the loop (below it
 * a small dU stays in cache and the extra copy of the previous states costs more than it saves). Tests set 0 to
 * check the deferred path on small shapes.
 */
export const backwardTuning = { deferMin: 8192 };

/** The copies the backward pass's preparation makes; the WebAssembly kernels pass their own (same values). */
export interface StateCopies {
  /** io.Ut = io.Uᵀ ([G·H, H] from [H, G·H]). */
  transposeU(io: RecurrentBuffers, G: number): void;
  /** io.hprev from io.h0 and io.hs (see previousStates). */
  previousStates(io: RecurrentBuffers): void;
}

/** The plain loops of StateCopies. */
export const stateCopies: StateCopies = {
  transposeU(io, G) {
    const { H, U, Ut } = io;
    const GH = G * H;
    for (let j = 0; j < H; j++) {
      const row = j * GH;
      for (let r = 0; r < GH; r++) Ut[r * H + j] = U[row + r];
    }
  },
  previousStates(io) {
    const { B, T, H, h0, hs, hprev, goBackwards } = io;
    const TH = T * H;
    for (let b = 0; b < B; b++) {
      if (!goBackwards) {
        // hprev[b] = [h0[b], hs[b, 0..T−2]]: one row and one block of T−1 rows
        copyRow(hprev, b * TH, h0, b * H, H);
        if (T > 1) hprev.set(hs.subarray(b * TH, b * TH + (T - 1) * H), b * TH + H);
        continue;
      }
      for (let s = 0; s < T; s++) {
        const t = T - 1 - s;
        const src = s === 0 ? b * H : b * TH + (s - 1) * H;
        copyRow(hprev, b * TH + t * H, s === 0 ? h0 : hs, src, H);
      }
    }
  },
};

/**
 * Prepares a backward pass: io.Ut = Uᵀ ([G·H, H]) for the per-step dh = dz·Uᵀ products, and io.deferDU (no
 * recurrent dropout and a dU of at least backwardTuning.deferMin entries).
 */
export function beginRecurrentBackward(io: RecurrentBuffers, G: number, copies: StateCopies = stateCopies): void {
  io.deferDU = !io.recMask && io.H * G * io.H >= backwardTuning.deferMin;
  copies.transposeU(io, G);
}

/**
 * dU[:, gates k0..k1) += Σ_steps h_prevᵀ · dz over all B·T rows at once, for backward passes without recurrent
 * dropout: one large product instead of one small accumulation per step (which re-reads all of dU each time and
 * hands the threads a job per step). hprev[b, t] = the state before the step that reads input time t.
 */
export function deferredRecurrentWeightGrad(io: RecurrentBuffers, g: RecurrentGrads, G: number, k0: number, k1: number, copies: StateCopies = stateCopies): void {
  if (!io.deferDU) return;
  const { B, T, H } = io;
  copies.previousStates(io);
  io.mm.tnAcc(g.dU, k0 * H, G * H, io.hprev, 0, H, g.dzs, k0 * H, G * H, B * T, H, (k1 - k0) * H);
}

/** True when sample b skips input time t (Masking). */
export function isMasked(io: RecurrentBuffers, b: number, t: number): boolean {
  return io.stepMask !== null && io.stepMask[b * io.T + t] === 0;
}

/** dst[dOff ..+n) = src[sOff ..+n) (a state row or block): a loop for short runs (no view allocated), a block copy for long ones. */
export function copyRow(dst: FloatArray, dOff: number, src: FloatArray, sOff: number, n: number): void {
  if (n > 64 && dst.constructor === src.constructor) dst.set(src.subarray(sOff, sOff + n), dOff); // a block copy
  else for (let j = 0; j < n; j++) dst[dOff + j] = src[sOff + j];
}

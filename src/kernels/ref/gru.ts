// Reference GRU kernels (Keras layers/rnn/gru.py), both conventions, whole sequence forward and backward.
// Gates [z, r, h] (G = 3); σ = recurrent activation; m_in, m_rec the per-gate dropout masks.
//   resetAfter = true  (Keras default; bias [2, 3H], row 0 input, row 1 recurrent):
//     xz = (x⊙m_in)·W + b_in;  rec = (h_{s−1}⊙m_rec)·U + b_rec
//     z = σ(xz_z + rec_z), r = σ(xz_r + rec_r), h̃ = act(xz_h + r ⊙ rec_h)
//   resetAfter = false (bias [3H]):
//     z = σ(xz_z + (h⊙m_z)·U_z), r = σ(xz_r + (h⊙m_r)·U_r), h̃ = act(xz_h + (r ⊙ h⊙m_h)·U_h)
//   both: h_s = z ⊙ h_{s−1} + (1 − z) ⊙ h̃ (the unmasked h_{s−1}). Masked steps carry h through.
// Buffers and letters: RecurrentBuffers in ../types.ts; `aux` holds rec (resetAfter) or r ⊙ h⊙m_h (else).
import type { RecurrentBuffers, RecurrentGrads } from '../types.js';
import { copyRow, deferredRecurrentWeightGrad, beginRecurrentBackward, inputProjection, inputProjectionBackward, isMasked, recurrentProduct, recurrentProductBackward } from './recurrent_common.js';

export function gruForward(io: RecurrentBuffers, resetAfter: boolean): void {
  const { B, T, H, h0, hs, zs, gs, act, recAct, goBackwards, b: bias, af } = io;
  const aux = io.aux!;
  const TH = T * H, GH = 3 * H, TGH = T * GH;
  inputProjection(io, 3); // resetAfter: the first 3H bias values are the input row
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, pOff = s === 0 ? 0 : (s - 1) * H, ldp = s === 0 ? H : TH;
    const zt = t * GH;
    if (resetAfter) {
      recurrentProduct(aux, zt, TGH, hp, pOff, ldp, io, 3, 0, 3, false); // rec = h·U
      for (let b = 0; b < B; b++) {
        const z = b * TGH + zt;
        if (bias) for (let j = 0; j < GH; j++) aux[z + j] += bias[GH + j];
        for (let j = 0; j < 2 * H; j++) zs[z + j] += aux[z + j];
      }
      af.forward(gs, zt, TGH, zs, zt, TGH, B, 2 * H, recAct); // z, r
      for (let b = 0; b < B; b++) {
        const z = b * TGH + zt;
        for (let j = 0; j < H; j++) zs[z + 2 * H + j] += gs[z + H + j] * aux[z + 2 * H + j];
      }
    } else {
      recurrentProduct(zs, zt, TGH, hp, pOff, ldp, io, 3, 0, 2, true); // z, r pre-activations
      af.forward(gs, zt, TGH, zs, zt, TGH, B, 2 * H, recAct);
      if (!io.recMask) io.gk.mulRows(aux, t * H, TH, gs, zt + H, TGH, hp, pOff, ldp, B, H); // r ⊙ h
      else for (let b = 0; b < B; b++) {
        const z = b * TGH + zt, a = b * TH + t * H, p = pOff + b * ldp, m = (2 * B + b) * H;
        for (let j = 0; j < H; j++) aux[a + j] = gs[z + H + j] * hp[p + j] * io.recMask[m + j];
      }
      io.mm.nn(zs, zt + 2 * H, TGH, aux, t * H, TH, io.U, 2 * H, GH, B, H, H, true); // += (r⊙h)·U_h
    }
    af.forward(gs, zt + 2 * H, TGH, zs, zt + 2 * H, TGH, B, H, act); // h̃
    if (!io.stepMask) io.gk.gruOut(hs, s * H, TH, hp, pOff, ldp, gs, zt, TGH, B, H);
    else for (let b = 0; b < B; b++) {
      const o = b * TH + s * H, p = pOff + b * ldp;
      if (isMasked(io, b, t)) copyRow(hs, o, hp, p, H);
      else io.gk.gruOut(hs, o, TH, hp, p, ldp, gs, b * TGH + zt, TGH, 1, H);
    }
  }
}

export function gruBackward(io: RecurrentBuffers, g: RecurrentGrads, resetAfter: boolean): void {
  const { B, T, H, h0, hs, zs, gs, act, recAct, goBackwards, recMask, af } = io;
  const aux = io.aux!;
  const { dhs, dh, dzs, tmp, db } = g;
  const dRec = g.dzRec!; // [B, 3H]: dL/d rec (resetAfter), or dL/d(r⊙h⊙m_h) as [B, H]
  const TH = T * H, GH = 3 * H, TGH = T * GH;
  // tmp rows [B, 3H]: columns 0..H hold dL/dh_s, columns H..2H the direct path z ⊙ dL/dh_s to h_{s−1}
  beginRecurrentBackward(io, 3);
  if (g.dhLast) copyRow(dh, 0, g.dhLast, 0, B * H); else dh.fill(0, 0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, pOff = s === 0 ? 0 : (s - 1) * H, ldp = s === 0 ? H : TH;
    const zt = t * GH;
    // tmp[:, 0..H) = dL/dh_s; dzs z-block = dL/dz and h̃-block = dL/dh̃ (before the activations' derivatives);
    // tmp[:, H..2H) = the direct path z ⊙ dL/dh_s to h_{s−1}. Masked rows: dL/dh_s only, dz = 0.
    io.gk.gruBackOut(tmp, 0, GH, dzs, zt, TGH, dh, dhs, s * H, TH, hp, pOff, ldp, gs, zt, TGH, B, H);
    if (io.stepMask) for (let b = 0; b < B; b++) if (isMasked(io, b, t)) dzs.fill(0, b * TGH + zt, b * TGH + zt + GH);
    af.backward(dzs, zt + 2 * H, TGH, dzs, zt + 2 * H, TGH, zs, zt + 2 * H, TGH, gs, zt + 2 * H, TGH, B, H, act);
    dh.fill(0, 0, B * H);
    if (resetAfter) {
      for (let b = 0; b < B; b++) {
        const z = b * TGH + zt;
        for (let j = 0; j < H; j++) dzs[z + H + j] = dzs[z + 2 * H + j] * aux[z + 2 * H + j]; // dL/dr
      }
      af.backward(dzs, zt, TGH, dzs, zt, TGH, zs, zt, TGH, gs, zt, TGH, B, 2 * H, recAct);
      // dL/d rec = [dz, dr, dh̃ ⊙ r] (zero rows where masked)
      for (let b = 0; b < B; b++) {
        const z = b * TGH + zt, d = b * GH;
        for (let j = 0; j < 2 * H; j++) dRec[d + j] = dzs[z + j];
        for (let j = 0; j < H; j++) dRec[d + 2 * H + j] = dzs[z + 2 * H + j] * gs[z + H + j];
        if (db) for (let j = 0; j < GH; j++) db[GH + j] += dRec[d + j]; // recurrent-bias row
      }
      // dRec is per-step scratch, so this dU term is never deferred: added here when the product below skips it
      if (io.deferDU) io.mm.tnAcc(g.dU, 0, GH, hp, pOff, ldp, dRec, 0, GH, B, H, GH);
      recurrentProductBackward(dh, g.dU, dRec, 0, GH, hp, pOff, ldp, io, 3, 0, 3);
    } else {
      // v = r ⊙ h⊙m_h fed U_h:  dU_h += vᵀ·dh̃ (per step, or after the loop for all steps when deferDU);
      // dv = dh̃·U_hᵀ;  dr = dv ⊙ h⊙m_h;  dh_{s−1} += dv ⊙ r ⊙ m_h
      if (!io.deferDU) io.mm.tnAcc(g.dU, 2 * H, GH, aux, t * H, TH, dzs, zt + 2 * H, TGH, B, H, H);
      io.mm.nn(dRec, 0, H, dzs, zt + 2 * H, TGH, io.Ut, 2 * H * H, H, B, H, H, false); // dh̃ · U_hᵀ
      if (!recMask) io.gk.gruBackReset(dzs, zt, TGH, dh, dRec, hp, pOff, ldp, gs, zt, TGH, B, H);
      else for (let b = 0; b < B; b++) {
        const z = b * TGH + zt, p = pOff + b * ldp, m = (2 * B + b) * H;
        for (let j = 0; j < H; j++) {
          const dv = dRec[b * H + j];
          dzs[z + H + j] = dv * hp[p + j] * recMask[m + j];
          dh[b * H + j] += dv * gs[z + H + j] * recMask[m + j];
        }
      }
      af.backward(dzs, zt, TGH, dzs, zt, TGH, zs, zt, TGH, gs, zt, TGH, B, 2 * H, recAct); // masked rows stay 0
      recurrentProductBackward(dh, g.dU, dzs, zt, TGH, hp, pOff, ldp, io, 3, 0, 2);
    }
    if (!io.stepMask) io.gk.addRowsTo(dh, 0, H, tmp, H, GH, B, H);
    else for (let b = 0; b < B; b++) {
      if (isMasked(io, b, t)) copyRow(dh, b * H, tmp, b * GH, H); // carried through
      else io.gk.addRowsTo(dh, b * H, H, tmp, b * GH + H, GH, 1, H);
    }
  }
  if (!resetAfter && io.deferDU) {
    io.mm.tnAcc(g.dU, 2 * H, GH, aux, 0, H, dzs, 2 * H, GH, B * T, H, H); // Σ_t vᵀ·dh̃ (v by input time)
    deferredRecurrentWeightGrad(io, g, 3, 0, 2);
  }
  if (g.dh0) copyRow(g.dh0, 0, dh, 0, B * H);
  inputProjectionBackward(io, g, 3);
}

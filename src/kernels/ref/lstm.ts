// Reference LSTM kernels (Keras layers/rnn/lstm.py), whole sequence forward and backward through time.
//   z = (x_t ⊙ m_in)·W + (h_{s−1} ⊙ m_rec)·U + b, split [i, f, c, o] (G = 4)
//   i = σ(z_i), f = σ(z_f), o = σ(z_o), c̃ = act(z_c);  c_s = f⊙c_{s−1} + i⊙c̃;  h_s = o⊙act(c_s)
// σ is the recurrent activation. Masked steps carry (h, c) through. Buffers and letters: ../types.ts.
// Activations run once per step for the whole batch (io.af); the products through io.mm.
import type { RecurrentBuffers, RecurrentGrads } from '../types.js';
import { copyRow, deferredRecurrentWeightGrad, beginRecurrentBackward, inputProjection, inputProjectionBackward, isMasked, recurrentProduct, recurrentProductBackward } from './recurrent_common.js';

export function lstmForward(io: RecurrentBuffers): void {
  const { B, T, H, h0, hs, zs, gs, act, recAct, goBackwards, af } = io;
  const c0 = io.c0!, cs = io.cs!, ac = io.aux!;
  const TH = T * H, GH = 4 * H, TGH = T * GH;
  inputProjection(io, 4);
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, cp = s === 0 ? c0 : cs, pOff = s === 0 ? 0 : (s - 1) * H, ldp = s === 0 ? H : TH;
    const zt = t * GH;
    recurrentProduct(zs, zt, TGH, hp, pOff, ldp, io, 4, 0, 4, true);
    af.forward(gs, zt, TGH, zs, zt, TGH, B, 2 * H, recAct);                 // i, f
    af.forward(gs, zt + 2 * H, TGH, zs, zt + 2 * H, TGH, B, H, act);        // c̃
    af.forward(gs, zt + 3 * H, TGH, zs, zt + 3 * H, TGH, B, H, recAct);     // o
    if (!io.stepMask) io.gk.lstmCell(cs, s * H, TH, cp, pOff, ldp, gs, zt, TGH, B, H);
    else for (let b = 0; b < B; b++) {
      const o = b * TH + s * H, p = pOff + b * ldp;
      if (isMasked(io, b, t)) copyRow(cs, o, cp, p, H);
      else io.gk.lstmCell(cs, o, TH, cp, p, ldp, gs, b * TGH + zt, TGH, 1, H);
    }
    af.forward(ac, s * H, TH, cs, s * H, TH, B, H, act);
    if (!io.stepMask) io.gk.lstmOut(hs, s * H, TH, gs, zt, TGH, ac, s * H, TH, B, H);
    else for (let b = 0; b < B; b++) {
      const o = b * TH + s * H;
      if (isMasked(io, b, t)) copyRow(hs, o, hp, pOff + b * ldp, H);
      else io.gk.lstmOut(hs, o, TH, gs, b * TGH + zt, TGH, ac, o, TH, 1, H);
    }
  }
}

export function lstmBackward(io: RecurrentBuffers, g: RecurrentGrads): void {
  const { B, T, H, h0, hs, zs, gs, act, recAct, goBackwards, af } = io;
  const c0 = io.c0!, cs = io.cs!, ac = io.aux!;
  const { dhs, dh, dzs, tmp } = g;
  const dc = g.dc!;
  const TH = T * H, GH = 4 * H, TGH = T * GH;
  const dac = B * H; // tmp[0, B·H) holds dL/dh_s, tmp[B·H, 2·B·H) dL/d act(c) then dL/dc
  beginRecurrentBackward(io, 4);
  if (g.dhLast) copyRow(dh, 0, g.dhLast, 0, B * H); else dh.fill(0, 0, B * H);
  if (g.dcLast) copyRow(dc, 0, g.dcLast, 0, B * H); else dc.fill(0, 0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, cp = s === 0 ? c0 : cs, pOff = s === 0 ? 0 : (s - 1) * H, ldp = s === 0 ? H : TH;
    const zt = t * GH;
    // tmp[0, B·H) = dL/dh_s, dzs o-block = dL/do, tmp[B·H, 2·B·H) = dL/d act(c)
    io.gk.lstmBackOut(tmp, 0, tmp, dac, dzs, zt, TGH, dh, dhs, s * H, TH, ac, s * H, TH, gs, zt, TGH, B, H);
    af.backward(tmp, dac, H, tmp, dac, H, cs, s * H, TH, ac, s * H, TH, B, H, act); // dL/dc through h
    // dL/di, dL/df, dL/dc̃ and dc → c_{s−1}; masked rows carry dc through unchanged
    if (!io.stepMask) io.gk.lstmBackCell(dzs, zt, TGH, dc, 0, tmp, dac, gs, zt, TGH, cp, pOff, ldp, B, H);
    else for (let b = 0; b < B; b++) {
      const z = b * TGH + zt;
      if (isMasked(io, b, t)) dzs.fill(0, z, z + GH);
      else io.gk.lstmBackCell(dzs, z, TGH, dc, b * H, tmp, dac + b * H, gs, z, TGH, cp, pOff + b * ldp, ldp, 1, H);
    }
    af.backward(dzs, zt, TGH, dzs, zt, TGH, zs, zt, TGH, gs, zt, TGH, B, 2 * H, recAct);
    af.backward(dzs, zt + 2 * H, TGH, dzs, zt + 2 * H, TGH, zs, zt + 2 * H, TGH, gs, zt + 2 * H, TGH, B, H, act);
    af.backward(dzs, zt + 3 * H, TGH, dzs, zt + 3 * H, TGH, zs, zt + 3 * H, TGH, gs, zt + 3 * H, TGH, B, H, recAct);
    dh.fill(0, 0, B * H);
    recurrentProductBackward(dh, g.dU, dzs, zt, TGH, hp, pOff, ldp, io, 4, 0, 4);
    if (io.stepMask) for (let b = 0; b < B; b++) if (isMasked(io, b, t)) copyRow(dh, b * H, tmp, b * H, H);
  }
  deferredRecurrentWeightGrad(io, g, 4, 0, 4);
  if (g.dh0) copyRow(g.dh0, 0, dh, 0, B * H);
  if (g.dc0) copyRow(g.dc0, 0, dc, 0, B * H);
  inputProjectionBackward(io, g, 4);
}

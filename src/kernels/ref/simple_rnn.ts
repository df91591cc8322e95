// Reference SimpleRNN kernels: the whole sequence forward, and the whole backward-through-time pass.
// Keras (layers/rnn/simple_rnn.py): h_s = act((x_t ⊙ m_in)·W + b + (h_{s−1} ⊙ m_rec)·U), t = s or T−1−s
// under goBackwards; masked steps (Masking) carry h_{s−1} through. G = 1.
// Buffers and letters: RecurrentBuffers in ../types.ts; io.mm / io.af are the products and activations to use.
import type { RecurrentBuffers, RecurrentGrads } from '../types.js';
import { copyRow, deferredRecurrentWeightGrad, beginRecurrentBackward, inputProjection, inputProjectionBackward, isMasked, recurrentProduct, recurrentProductBackward } from './recurrent_common.js';

export function simpleRnnForward(io: RecurrentBuffers): void {
  const { B, T, H, h0, hs, zs, act, goBackwards } = io;
  const TH = T * H;
  inputProjection(io, 1); // zs = x·W + b for every (b, t)
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, hOff = s === 0 ? 0 : (s - 1) * H, ldh = s === 0 ? H : TH;
    recurrentProduct(zs, t * H, TH, hp, hOff, ldh, io, 1, 0, 1, true); // zs[:, t] += h_{s−1}·U
    io.af.forward(hs, s * H, TH, zs, t * H, TH, B, H, act);
    if (io.stepMask) for (let b = 0; b < B; b++) if (isMasked(io, b, t)) copyRow(hs, b * TH + s * H, hp, hOff + b * ldh, H);
  }
}

export function simpleRnnBackward(io: RecurrentBuffers, g: RecurrentGrads): void {
  const { B, T, H, h0, hs, zs, act, goBackwards } = io;
  const { dhs, dh, dzs, tmp } = g;
  const TH = T * H;
  beginRecurrentBackward(io, 1);
  if (g.dhLast) copyRow(dh, 0, g.dhLast, 0, B * H); else dh.fill(0, 0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, hOff = s === 0 ? 0 : (s - 1) * H, ldh = s === 0 ? H : TH;
    for (let b = 0; b < B; b++) {
      const o = b * TH + s * H;
      for (let j = 0; j < H; j++) tmp[b * H + j] = dh[b * H + j] + (dhs ? dhs[o + j] : 0); // dL/dh_s
    }
    io.af.backward(dzs, t * H, TH, tmp, 0, H, zs, t * H, TH, hs, s * H, TH, B, H, act);
    if (io.stepMask) for (let b = 0; b < B; b++) if (isMasked(io, b, t)) dzs.fill(0, b * TH + t * H, b * TH + t * H + H);
    dh.fill(0, 0, B * H);
    recurrentProductBackward(dh, g.dU, dzs, t * H, TH, hp, hOff, ldh, io, 1, 0, 1);
    if (io.stepMask) for (let b = 0; b < B; b++) if (isMasked(io, b, t)) copyRow(dh, b * H, tmp, b * H, H); // carried through
  }
  deferredRecurrentWeightGrad(io, g, 1, 0, 1);
  if (g.dh0) copyRow(g.dh0, 0, dh, 0, B * H);
  inputProjectionBackward(io, g, 1);
}

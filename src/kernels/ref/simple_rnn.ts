// Reference SimpleRNN kernels: the whole sequence forward, and the whole backward-through-time pass.
// Keras (layers/rnn/simple_rnn.py): h_s = act((x_t ⊙ m_in)·W + b + (h_{s−1} ⊙ m_rec)·U), t = s or T−1−s
// under goBackwards; masked steps (Masking) carry h_{s−1} through. G = 1.
// Buffers and letters: RecurrentBuffers in ../types.ts.
import type { RecurrentBuffers, RecurrentGrads } from '../types.js';
import { activationBackward, activationForward } from './activations.js';
import { copyRow, inputProjection, inputProjectionBackward, isMasked, recurrentProduct, recurrentProductBackward } from './recurrent_common.js';

export function simpleRnnForward(io: RecurrentBuffers): void {
  const { B, T, H, h0, hs, zs, act, goBackwards } = io;
  const TH = T * H;
  inputProjection(io, 1); // zs = x·W + b for every (b, t)
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, hOff = s === 0 ? 0 : (s - 1) * H, ldh = s === 0 ? H : TH;
    recurrentProduct(zs, t * H, TH, hp, hOff, ldh, io, 1, 0, 1, true); // zs[:, t] += h_{s−1}·U
    for (let b = 0; b < B; b++) {
      const out = b * TH + s * H;
      if (isMasked(io, b, t)) copyRow(hs, out, hp, hOff + b * ldh, H);
      else activationForward(hs, out, zs, b * TH + t * H, 1, H, act);
    }
  }
}

export function simpleRnnBackward(io: RecurrentBuffers, g: RecurrentGrads): void {
  const { B, T, H, h0, hs, zs, act, goBackwards } = io;
  const { dhs, dhLast, dh, dzs, tmp } = g;
  const TH = T * H;
  if (dhLast) copyRow(dh, 0, dhLast, 0, B * H);
  else dh.fill(0, 0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const hp = s === 0 ? h0 : hs, hOff = s === 0 ? 0 : (s - 1) * H, ldh = s === 0 ? H : TH;
    for (let b = 0; b < B; b++) {
      const z = b * TH + t * H, o = b * TH + s * H;
      for (let j = 0; j < H; j++) tmp[b * H + j] = dh[b * H + j] + (dhs ? dhs[o + j] : 0); // dL/dh_s
      if (isMasked(io, b, t)) dzs.fill(0, z, z + H);
      else activationBackward(dzs, z, tmp, b * H, zs, z, hs, o, 1, H, act);
    }
    dh.fill(0, 0, B * H);
    recurrentProductBackward(dh, g.dU, dzs, t * H, TH, hp, hOff, ldh, io, 1, 0, 1);
    for (let b = 0; b < B; b++) if (isMasked(io, b, t)) copyRow(dh, b * H, tmp, b * H, H); // carried through
  }
  if (g.dh0) copyRow(g.dh0, 0, dh, 0, B * H);
  inputProjectionBackward(io, g, 1);
}

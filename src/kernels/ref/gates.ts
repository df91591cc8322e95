// Reference per-step gate arithmetic of the LSTM over B rows (row strides in floats), the oracle of the
// WebAssembly versions (wasm/assembly/gates.ts). Gate rows are [i, f, c̃, o], H each; buffers and letters as in
// lstm.ts. Masked steps are handled by the caller (these kernels see only unmasked batches).
import type { FloatArray, GateKernels } from '../types.js';

export const referenceGates: GateKernels = {
  /** c = f⊙c_prev + i⊙c̃ */
  lstmCell(c, c0, ldc, cp, cp0, ldcp, g, g0, ldg, B, H) {
    for (let b = 0; b < B; b++) {
      const o = c0 + b * ldc, p = cp0 + b * ldcp, z = g0 + b * ldg;
      for (let j = 0; j < H; j++) c[o + j] = g[z + H + j] * cp[p + j] + g[z + j] * g[z + 2 * H + j];
    }
  },
  /** h = o⊙a (a = act(c)) */
  lstmOut(h, h0, ldh, g, g0, ldg, a, a0, lda, B, H) {
    for (let b = 0; b < B; b++) {
      const o = h0 + b * ldh, z = g0 + b * ldg, q = a0 + b * lda;
      for (let j = 0; j < H; j++) h[o + j] = g[z + 3 * H + j] * a[q + j];
    }
  },
  /** dhOut = dhNext (+ dhs); dz_o = dhOut⊙a; da = dhOut⊙o (dhOut, dhNext, da: [B, H] from their offsets). */
  lstmBackOut(dhOut, dh0, da, da0, dz, dz0, ldz, dhNext, dhs, s0, lds, a, a0, lda, g, g0, ldg, B, H) {
    for (let b = 0; b < B; b++) {
      const d = b * H, z = dz0 + b * ldz, q = a0 + b * lda, gz = g0 + b * ldg, o = s0 + b * lds;
      for (let j = 0; j < H; j++) {
        const dhj = (dhOut[dh0 + d + j] = dhNext[d + j] + (dhs ? dhs[o + j] : 0));
        dz[z + 3 * H + j] = dhj * a[q + j];
        da[da0 + d + j] = dhj * g[gz + 3 * H + j];
      }
    }
  },
  /** dc' = dc + da; dz_i = dc'⊙c̃; dz_f = dc'⊙c_prev; dz_c̃ = dc'⊙i; dc = dc'⊙f */
  lstmBackCell(dz, dz0, ldz, dc, da, da0, g, g0, ldg, cp, cp0, ldcp, B, H) {
    for (let b = 0; b < B; b++) {
      const z = dz0 + b * ldz, gz = g0 + b * ldg, p = cp0 + b * ldcp, d = b * H;
      for (let j = 0; j < H; j++) {
        const dcs = dc[d + j] + da[da0 + d + j];
        dz[z + j] = dcs * g[gz + 2 * H + j];
        dz[z + H + j] = dcs * cp[p + j];
        dz[z + 2 * H + j] = dcs * g[gz + j];
        dc[d + j] = dcs * g[gz + H + j];
      }
    }
  },
};

export type { FloatArray };

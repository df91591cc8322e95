// Reference per-step gate arithmetic of the LSTM and GRU over B rows (row strides in floats), the oracle of the
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
  lstmBackCell(dz, dz0, ldz, dc, dc0, da, da0, g, g0, ldg, cp, cp0, ldcp, B, H) {
    for (let b = 0; b < B; b++) {
      const z = dz0 + b * ldz, gz = g0 + b * ldg, p = cp0 + b * ldcp, d = b * H;
      for (let j = 0; j < H; j++) {
        const dcs = dc[dc0 + d + j] + da[da0 + d + j];
        dz[z + j] = dcs * g[gz + 2 * H + j];
        dz[z + H + j] = dcs * cp[p + j];
        dz[z + 2 * H + j] = dcs * g[gz + j];
        dc[dc0 + d + j] = dcs * g[gz + H + j];
      }
    }
  },
  /** out = x⊙y */
  mulRows(out, o0, ldo, x, x0, ldx, y, y0, ldy, B, H) {
    for (let b = 0; b < B; b++) {
      const o = o0 + b * ldo, p = x0 + b * ldx, q = y0 + b * ldy;
      for (let j = 0; j < H; j++) out[o + j] = x[p + j] * y[q + j];
    }
  },
  /** dst += src */
  addRowsTo(dst, d0, ldd, src, s0, lds, B, H) {
    for (let b = 0; b < B; b++) {
      const o = d0 + b * ldd, p = s0 + b * lds;
      for (let j = 0; j < H; j++) dst[o + j] += src[p + j];
    }
  },
  /** GRU: h = z⊙h_prev + (1 − z)⊙h̃ (gate rows [z, r, h̃]) */
  gruOut(h, h0, ldh, hp, hp0, ldp, g, g0, ldg, B, H) {
    for (let b = 0; b < B; b++) {
      const o = h0 + b * ldh, p = hp0 + b * ldp, z = g0 + b * ldg;
      for (let j = 0; j < H; j++) {
        const u = g[z + j];
        h[o + j] = u * hp[p + j] + (1 - u) * g[z + 2 * H + j];
      }
    }
  },
  /** GRU: d = dhNext (+ dhs); t[0..H) = d; dz_z = d⊙(h_prev − h̃); dz_h̃ = d⊙(1 − z); t[H..2H) = d⊙z */
  gruBackOut(t, t0, ldt, dz, dz0, ldz, dhNext, dhs, s0, lds, hp, hp0, ldp, g, g0, ldg, B, H) {
    for (let b = 0; b < B; b++) {
      const r = t0 + b * ldt, z = dz0 + b * ldz, o = s0 + b * lds, p = hp0 + b * ldp, gz = g0 + b * ldg;
      for (let j = 0; j < H; j++) {
        const d = (t[r + j] = dhNext[b * H + j] + (dhs ? dhs[o + j] : 0)), u = g[gz + j];
        dz[z + j] = d * (hp[p + j] - g[gz + 2 * H + j]);
        dz[z + 2 * H + j] = d * (1 - u);
        t[r + H + j] = d * u;
      }
    }
  },
  /** GRU resetAfter = false: dz_r = dv⊙h_prev; dh += dv⊙r (dv, dh: [B, H]) */
  gruBackReset(dz, dz0, ldz, dh, dv, hp, hp0, ldp, g, g0, ldg, B, H) {
    for (let b = 0; b < B; b++) {
      const z = dz0 + b * ldz, p = hp0 + b * ldp, gz = g0 + b * ldg;
      for (let j = 0; j < H; j++) {
        const v = dv[b * H + j];
        dz[z + H + j] = v * hp[p + j];
        dh[b * H + j] += v * g[gz + H + j];
      }
    }
  },
};

export type { FloatArray };

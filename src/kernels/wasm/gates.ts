// The WebAssembly SIMD gate arithmetic behind the GateKernels interface; operands outside the kernels' memory
// (float64 checks, user buffers) go to the reference loops.
import { referenceGates } from '../ref/gates.js';
import type { GateKernels } from '../types.js';
import { inWasm, type WasmRuntime } from './runtime.js';

export function wasmGates(rt: WasmRuntime): GateKernels {
  const k = rt.exports;
  const p = (a: { byteOffset: number }, offset: number) => a.byteOffset + 4 * offset;
  const all = (...arrays: ArrayBufferView[]) => arrays.every((a) => inWasm(rt, a));
  return {
    lstmCell(c, c0, ldc, cp, cp0, ldcp, g, g0, ldg, B, H) {
      if (all(c, cp, g)) k.lstmCell(p(c, c0), ldc, p(cp, cp0), ldcp, p(g, g0), ldg, B, H);
      else referenceGates.lstmCell(c, c0, ldc, cp, cp0, ldcp, g, g0, ldg, B, H);
    },
    lstmOut(h, h0, ldh, g, g0, ldg, a, a0, lda, B, H) {
      if (all(h, g, a)) k.lstmOut(p(h, h0), ldh, p(g, g0), ldg, p(a, a0), lda, B, H);
      else referenceGates.lstmOut(h, h0, ldh, g, g0, ldg, a, a0, lda, B, H);
    },
    lstmBackOut(dhOut, dh0, da, da0, dz, dz0, ldz, dhNext, dhs, s0, lds, a, a0, lda, g, g0, ldg, B, H) {
      if (all(dhOut, da, dz, dhNext, a, g) && (!dhs || inWasm(rt, dhs))) {
        k.lstmBackOut(p(dhOut, dh0), p(da, da0), p(dz, dz0 + 3 * H), ldz, p(dhNext, 0), dhs ? p(dhs, s0) : 0, lds, p(a, a0), lda, p(g, g0 + 3 * H), ldg, B, H);
      } else {
        referenceGates.lstmBackOut(dhOut, dh0, da, da0, dz, dz0, ldz, dhNext, dhs, s0, lds, a, a0, lda, g, g0, ldg, B, H);
      }
    },
    lstmBackCell(dz, dz0, ldz, dc, dc0, da, da0, g, g0, ldg, cp, cp0, ldcp, B, H) {
      if (all(dz, dc, da, g, cp)) k.lstmBackCell(p(dz, dz0), ldz, p(dc, dc0), p(da, da0), p(g, g0), ldg, p(cp, cp0), ldcp, B, H);
      else referenceGates.lstmBackCell(dz, dz0, ldz, dc, dc0, da, da0, g, g0, ldg, cp, cp0, ldcp, B, H);
    },
    mulRows(out, o0, ldo, x, x0, ldx, y, y0, ldy, B, H) {
      if (all(out, x, y)) k.mulRows(p(out, o0), ldo, p(x, x0), ldx, p(y, y0), ldy, B, H);
      else referenceGates.mulRows(out, o0, ldo, x, x0, ldx, y, y0, ldy, B, H);
    },
    addRowsTo(dst, d0, ldd, src, s0, lds, B, H) {
      if (all(dst, src)) k.addRowsTo(p(dst, d0), ldd, p(src, s0), lds, B, H);
      else referenceGates.addRowsTo(dst, d0, ldd, src, s0, lds, B, H);
    },
    gruOut(h, h0, ldh, hp, hp0, ldp, g, g0, ldg, B, H) {
      if (all(h, hp, g)) k.gruOut(p(h, h0), ldh, p(hp, hp0), ldp, p(g, g0), ldg, B, H);
      else referenceGates.gruOut(h, h0, ldh, hp, hp0, ldp, g, g0, ldg, B, H);
    },
    gruBackOut(t, t0, ldt, dz, dz0, ldz, dhNext, dhs, s0, lds, hp, hp0, ldp, g, g0, ldg, B, H) {
      if (all(t, dz, dhNext, hp, g) && (!dhs || inWasm(rt, dhs))) {
        k.gruBackOut(p(t, t0), ldt, p(dz, dz0), ldz, p(dhNext, 0), dhs ? p(dhs, s0) : 0, lds, p(hp, hp0), ldp, p(g, g0), ldg, B, H);
      } else {
        referenceGates.gruBackOut(t, t0, ldt, dz, dz0, ldz, dhNext, dhs, s0, lds, hp, hp0, ldp, g, g0, ldg, B, H);
      }
    },
    gruBackReset(dz, dz0, ldz, dh, dv, hp, hp0, ldp, g, g0, ldg, B, H) {
      if (all(dz, dh, dv, hp, g)) k.gruBackReset(p(dz, dz0), ldz, p(dh, 0), p(dv, 0), p(hp, hp0), ldp, p(g, g0), ldg, B, H);
      else referenceGates.gruBackReset(dz, dz0, ldz, dh, dv, hp, hp0, ldp, g, g0, ldg, B, H);
    },
  };
}

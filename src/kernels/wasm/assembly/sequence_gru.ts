// AssemblyScript source: whole GRU time loops for a range of batch rows [r0, r1), both of Keras's forms, with
// recurrent dropout (recMask) and step masks (stepMask) — the same operations in the same order as
// src/kernels/ref/gru.ts over the WebAssembly products, activations and gates, so bit-identical to it.
// Gates [z, r, h̃]; buffers as src/kernels/types.ts RecurrentBuffers (see sequence.ts for the common ones; with
// keep = 0, inference, zs, gs and aux are one step's rows, G·H or H apart, not kept by time):
//   resetAfter = false: aux [B, T, H] keeps r⊙h_{s−1}(⊙m_h) by input time (for dU);
//   resetAfter = true:  aux [B, T, 3H] keeps rec = h_{s−1}·U + b_rec by input time; bRec [3H] or 0;
//     backward: dRec [B, 3H] scratch; dRecH [B, T, H] keeps dL/d rec_h̃ by input time, for the caller's dU and
//     recurrent-bias sums after the loop (dL/d rec_z, rec_r are the z, r blocks of dzs).
import { actBackward, actForward, vsigmoid, vtanh } from './activations';
import { addRowsTo, gruBackOut, gruBackReset, gruOut, mulRows } from './gates';
import { gemm, gemmBias } from './matmul';
import { projectStep } from './projection';
import { at, copySkippedRows, recurrentBackRows, recurrentRows, skipped, zeroSkippedRows } from './step_masks';

/** h = z⊙h_prev + (1 − z)⊙h̃ for unmasked rows, h = h_prev for masked ones. */
// @ts-ignore: decorator
@inline function output(h: usize, ldh: i32, hp: usize, ldp: i32, g: usize, ldg: i32, stepMask: usize, r0: i32, rows: i32, T: i32, t: i32, H: i32): void {
  if (!stepMask) {
    gruOut(h, ldh, hp, ldp, g, ldg, rows, H);
    return;
  }
  for (let i = 0; i < rows; i++) {
    if (skipped(stepMask, r0 + i, T, t)) memory.copy(at(h, i, ldh, 0), at(hp, i, ldp, 0), <usize>H << 2);
    else gruOut(at(h, i, ldh, 0), ldh, at(hp, i, ldp, 0), ldp, at(g, i, ldg, 0), ldg, 1, H);
  }
}

/** dh += the direct path z⊙dL/dh_s (tmp[:, H..2H)), or dh = dL/dh_s (tmp[:, 0..H)) on masked rows. */
// @ts-ignore: decorator
@inline function directPath(dh: usize, tr: usize, GH: i32, stepMask: usize, r0: i32, rows: i32, T: i32, t: i32, H: i32): void {
  const H4 = <usize>H << 2;
  if (!stepMask) {
    addRowsTo(dh, H, tr + H4, GH, rows, H);
    return;
  }
  for (let i = 0; i < rows; i++) {
    if (skipped(stepMask, r0 + i, T, t)) memory.copy(at(dh, i, H, 0), at(tr, i, GH, 0), H4);
    else addRowsTo(at(dh, i, H, 0), H, at(tr, i, GH, H), GH, 1, H);
  }
}

/**
 * rec += b_rec (all 3H; bRec 0: none), then z[:, 0..2H) += rec[:, 0..2H): the reference's bias add and addRowsTo
 * in one pass over each row, the same float32 additions.
 */
// @ts-ignore: decorator
@inline function addRecurrent(z: usize, ldz: i32, rec: usize, ldr: i32, bRec: usize, rows: i32, H: i32): void {
  const GH = 3 * H, H2 = 2 * H;
  for (let i = 0; i < rows; i++) {
    const zi = at(z, i, ldz, 0), ri = at(rec, i, ldr, 0);
    let j = 0;
    for (; j + 4 <= GH; j += 4) {
      const o = <usize>j << 2;
      let r = v128.load(ri + o);
      if (bRec) { r = f32x4.add(r, v128.load(bRec + o)); v128.store(ri + o, r); }
      if (j + 4 <= H2) v128.store(zi + o, f32x4.add(v128.load(zi + o), r));
      else if (j < H2) for (let l = j; l < H2; l++) store<f32>(zi + (<usize>l << 2), load<f32>(zi + (<usize>l << 2)) + load<f32>(ri + (<usize>l << 2)));
    }
    for (; j < GH; j++) {
      const o = <usize>j << 2;
      let r = load<f32>(ri + o);
      if (bRec) { r += load<f32>(bRec + o); store<f32>(ri + o, r); }
      if (j < H2) store<f32>(zi + o, load<f32>(zi + o) + r);
    }
  }
}

/** z + x·y for four lanes, each rounded once from float64 as the reference's a + b·c is. */
// @ts-ignore: decorator
@inline function addProduct4(zv: v128, xv: v128, yv: v128): v128 {
  // f64x2 halves: the product of two float32 is exact in float64, then one add, one rounding
  const lo = f64x2.add(f64x2.promote_low_f32x4(zv), f64x2.mul(f64x2.promote_low_f32x4(xv), f64x2.promote_low_f32x4(yv)));
  const hz = v128.shuffle<f32>(zv, zv, 2, 3, 0, 1), hx = v128.shuffle<f32>(xv, xv, 2, 3, 0, 1), hy = v128.shuffle<f32>(yv, yv, 2, 3, 0, 1);
  const hi = f64x2.add(f64x2.promote_low_f32x4(hz), f64x2.mul(f64x2.promote_low_f32x4(hx), f64x2.promote_low_f32x4(hy)));
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

/** z += x ⊙ y over H columns of each row, each value rounded once as the reference's float64 a + b·c is. */
// @ts-ignore: decorator
@inline function addProductRows(z: usize, ldz: i32, x: usize, ldx: i32, y: usize, ldy: i32, rows: i32, H: i32): void {
  for (let i = 0; i < rows; i++) {
    const zi = at(z, i, ldz, 0), xi = at(x, i, ldx, 0), yi = at(y, i, ldy, 0);
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const o = <usize>j << 2;
      v128.store(zi + o, addProduct4(v128.load(zi + o), v128.load(xi + o), v128.load(yi + o)));
    }
    for (; j < H; j++) {
      const o = <usize>j << 2;
      store<f32>(zi + o, <f32>(<f64>load<f32>(zi + o) + <f64>load<f32>(xi + o) * <f64>load<f32>(yi + o)));
    }
  }
}

/**
 * Keras's default GRU step after rec = h·U + b_rec (sigmoid gates, tanh candidate, H a multiple of 4), row by row
 * in one pass: z_zr += rec_zr; [z, r] = σ(z_zr); xz_h += r ⊙ rec_h; h̃ = tanh(xz_h); h = z⊙h_prev + (1 − z)⊙h̃
 * (h_prev on rows the step mask skips). Each value takes the operations addRecurrent, actForward, addProductRows,
 * actForward and output take over whole blocks, so the bits are theirs; the row's gates stay in L1 between them.
 */
// @ts-ignore: decorator
@inline function defaultStepRows(z: usize, g: usize, rec: usize, ldc: i32, hp: usize, ldp: i32, h: usize, ldh: i32, stepMask: usize, r0: i32, rows: i32, T: i32, t: i32, H: i32): void {
  const one = f32x4.splat(1.0);
  const H4 = <usize>H << 2, H24 = <usize>(2 * H) << 2;
  for (let i = 0; i < rows; i++) {
    const zi = at(z, i, ldc, 0), gi = at(g, i, ldc, 0), ri = at(rec, i, ldc, 0), pi = at(hp, i, ldp, 0), hi = at(h, i, ldh, 0);
    for (let o: usize = 0; o < H24; o += 16) {
      const v = f32x4.add(v128.load(zi + o), v128.load(ri + o));
      v128.store(zi + o, v);
      v128.store(gi + o, vsigmoid(v));
    }
    const skip = skipped(stepMask, r0 + i, T, t);
    for (let o: usize = 0; o < H4; o += 16) {
      const v = addProduct4(v128.load(zi + H24 + o), v128.load(gi + H4 + o), v128.load(ri + H24 + o));
      v128.store(zi + H24 + o, v);
      const c = vtanh(v), u = v128.load(gi + o);
      v128.store(gi + H24 + o, c);
      v128.store(hi + o, skip ? v128.load(pi + o) : f32x4.add(f32x4.mul(u, v128.load(pi + o)), f32x4.mul(f32x4.sub(one, u), c)));
    }
  }
}

export function gruForwardRows(zs: usize, gs: usize, hs: usize, aux: usize, h0: usize, U: usize, hd: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32, keep: i32, x: usize, W: usize, bIn: usize, I: i32): void {
  const TH = T * H, GH = 3 * H, TGH = T * GH, rows = r1 - r0;
  const H4 = <usize>H << 2, H24 = <usize>(2 * H) << 2;
  const ldg = keep ? TGH : GH, lda = keep ? TH : H; // zs, gs, aux: by input time, or one step's rows (keep = 0)
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const z = at(zs, r0, ldg, keep ? t * GH : 0), g = at(gs, r0, ldg, keep ? t * GH : 0);
    if (!keep) projectStep(z, x, W, bIn, r0, rows, T, t, I, GH);
    const hp = s == 0 ? at(h0, r0, H, 0) : at(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    recurrentRows(z, ldg, hp, ldp, U, GH, hd, recMask, B, r0, rows, H, 0, 2, 1); // z, r pre-activations
    actForward(g, ldg, z, ldg, rows, 2 * H, recAct);
    const a = at(aux, r0, lda, keep ? t * H : 0);
    if (!recMask) mulRows(a, lda, g + H4, ldg, hp, ldp, rows, H);                  // r ⊙ h
    else for (let i = 0; i < rows; i++) {
      const m = at(recMask, 2 * B + r0 + i, H, 0), ai = at(a, i, lda, 0), gi = at(g, i, ldg, H), pi = at(hp, i, ldp, 0);
      for (let j = 0; j < H; j++) {
        const o = <usize>j << 2;
        store<f32>(ai + o, <f32>(<f64>load<f32>(gi + o) * <f64>load<f32>(pi + o) * <f64>load<f32>(m + o)));
      }
    }
    gemm(z + H24, ldg, a, lda, 1, U + H24, GH, rows, H, H, 1);                   // += (r⊙h)·U_h
    actForward(g + H24, ldg, z + H24, ldg, rows, H, act);
    output(at(hs, r0, TH, s * H), TH, hp, ldp, g, ldg, stepMask, r0, rows, T, t, H);
  }
}

/** GRU (resetAfter = false) backward loop for rows [r0, r1): dh in/out as for SimpleRNN; tmp [B, 3H], dv [B, H] scratch. */
export function gruBackwardRows(dzs: usize, zs: usize, gs: usize, hs: usize, h0: usize, dh: usize, tmp: usize, dv: usize, hd: usize, dhs: usize, U: usize, Ut: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32): void {
  const TH = T * H, GH = 3 * H, TGH = T * GH, rows = r1 - r0;
  const H4 = <usize>H << 2, H24 = <usize>(2 * H) << 2;
  const dhr = at(dh, r0, H, 0), tr = at(tmp, r0, GH, 0), dvr = at(dv, r0, H, 0);
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const dz = at(dzs, r0, TGH, t * GH), z = at(zs, r0, TGH, t * GH), g = at(gs, r0, TGH, t * GH);
    const hp = s == 0 ? at(h0, r0, H, 0) : at(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    gruBackOut(tr, GH, dz, TGH, dhr, dhs ? at(dhs, r0, TH, s * H) : 0, TH, hp, ldp, g, TGH, rows, H);
    zeroSkippedRows(dz, TGH, stepMask, r0, rows, T, t, GH);
    actBackward(dz + H24, TGH, dz + H24, TGH, z + H24, TGH, g + H24, TGH, rows, H, act);
    gemm(dvr, H, dz + H24, TGH, 1, Ut + (<usize>(2 * H * H) << 2), H, rows, H, H, 0); // dv = dh̃·U_hᵀ
    memory.fill(dhr, 0, <usize>(rows * H) << 2);
    if (!recMask) gruBackReset(dz, TGH, dhr, dvr, hp, ldp, g, TGH, rows, H);     // dz_r, dh += dv⊙r
    else for (let i = 0; i < rows; i++) {
      const m = at(recMask, 2 * B + r0 + i, H, 0), v = at(dvr, i, H, 0), p = at(hp, i, ldp, 0);
      const dzr = at(dz, i, TGH, H), gr = at(g, i, TGH, H), d = at(dhr, i, H, 0);
      for (let j = 0; j < H; j++) {
        const o = <usize>j << 2, vj = <f64>load<f32>(v + o), mj = <f64>load<f32>(m + o);
        store<f32>(dzr + o, <f32>(vj * <f64>load<f32>(p + o) * mj));
        store<f32>(d + o, <f32>(<f64>load<f32>(d + o) + vj * <f64>load<f32>(gr + o) * mj));
      }
    }
    actBackward(dz, TGH, dz, TGH, z, TGH, g, TGH, rows, 2 * H, recAct);
    recurrentBackRows(dhr, dz, TGH, U, Ut, GH, hd, recMask, B, r0, rows, H, 0, 2, 1); // dh += dz_zr·U_zrᵀ
    directPath(dhr, tr, GH, stepMask, r0, rows, T, t, H);
  }
}

export function gruResetAfterForwardRows(zs: usize, gs: usize, hs: usize, aux: usize, h0: usize, U: usize, bRec: usize, hd: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32, keep: i32, x: usize, W: usize, bIn: usize, I: i32): void {
  const TH = T * H, GH = 3 * H, TGH = T * GH, rows = r1 - r0;
  const H4 = <usize>H << 2, H24 = <usize>(2 * H) << 2;
  const ldc = keep ? TGH : GH; // zs, gs, aux: by input time, or one step's rows (keep = 0)
  const fused = recAct == 3 && act == 2 && !(H & 3); // Keras's default activations: one pass per row
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const z = at(zs, r0, ldc, keep ? t * GH : 0), g = at(gs, r0, ldc, keep ? t * GH : 0), rec = at(aux, r0, ldc, keep ? t * GH : 0);
    if (!keep) projectStep(z, x, W, bIn, r0, rows, T, t, I, GH);
    const hp = s == 0 ? at(h0, r0, H, 0) : at(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    if (!recMask) { // rec = h·U + b_rec, the bias add fused into the product's store (the same bits)
      if (bRec) gemmBias(rec, ldc, hp, ldp, 1, U, GH, rows, GH, H, bRec);
      else gemm(rec, ldc, hp, ldp, 1, U, GH, rows, GH, H, 0);
      if (fused) {
        defaultStepRows(z, g, rec, ldc, hp, ldp, at(hs, r0, TH, s * H), TH, stepMask, r0, rows, T, t, H);
        continue;
      }
      addRecurrent(z, ldc, rec, ldc, 0, rows, H);                                   // z_zr += rec_zr
    } else {
      recurrentRows(rec, ldc, hp, ldp, U, GH, hd, recMask, B, r0, rows, H, 0, 3, 0); // rec = (h⊙m)·U
      addRecurrent(z, ldc, rec, ldc, bRec, rows, H);                                // rec += b_rec; z_zr += rec_zr
    }
    actForward(g, ldc, z, ldc, rows, 2 * H, recAct);                                // z, r
    addProductRows(z + H24, ldc, g + H4, ldc, rec + H24, ldc, rows, H);             // xz_h += r ⊙ rec_h
    actForward(g + H24, ldc, z + H24, ldc, rows, H, act);                           // h̃
    output(at(hs, r0, TH, s * H), TH, hp, ldp, g, ldc, stepMask, r0, rows, T, t, H);
  }
}

/**
 * Keras's default GRU backward step before dh = dRec·Uᵀ (sigmoid gates, tanh candidate, H a multiple of 4, no step
 * mask), row by row in one pass: d = dh (+ dhs); dz_h̃ = d⊙(1 − z) ⊙ (1 − h̃²); dz_z = d⊙(h_prev − h̃) ⊙ z(1 − z);
 * dz_r = dz_h̃⊙rec_h ⊙ r(1 − r); dRec = [dz_z, dz_r, dz_h̃⊙r] (its h̃ block also at dhh, by time); tmp[:, H..2H) =
 * d⊙z (the direct path, added after the product); dh = 0. Each value takes the operations gruBackOut, actBackward
 * and mulRows take over whole blocks, so the bits are theirs. dz, g, rec: row stride ld; dhs: lds; h_prev: ldp;
 * dRec and tmp: 3H; dh: H; dhh: ldh. H4: H in bytes.
 */
// @ts-ignore: decorator
@inline function defaultBackStepRows(dz: usize, ld: i32, g: usize, rec: usize, dRec: usize, tmp: usize, dh: usize, dhs: usize, lds: i32, hp: usize, ldp: i32, dhh: usize, ldh: i32, rows: i32, H4: usize): void {
  const one = f32x4.splat(1.0), zero = f32x4.splat(0);
  const H24 = H4 << 1, GH4 = H24 + H4;
  for (let i = 0; i < rows; i++) {
    const dzi = at(dz, i, ld, 0), gi = at(g, i, ld, 0), ri = at(rec, i, ld, 0), pi = at(hp, i, ldp, 0), hhi = at(dhh, i, ldh, 0);
    const dri = dRec + <usize>i * GH4, ti = tmp + <usize>i * GH4, dhi = dh + <usize>i * H4, si = dhs ? at(dhs, i, lds, 0) : 0;
    for (let o: usize = 0; o < H4; o += 16) {
      let d = v128.load(dhi + o);
      if (dhs) d = f32x4.add(d, v128.load(si + o));
      const zg = v128.load(gi + o), rg = v128.load(gi + H4 + o), hh = v128.load(gi + H24 + o);
      const dzh = f32x4.mul(f32x4.mul(d, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh)));
      const dzz = f32x4.mul(f32x4.mul(d, f32x4.sub(v128.load(pi + o), hh)), f32x4.mul(zg, f32x4.sub(one, zg)));
      const dzr = f32x4.mul(f32x4.mul(dzh, v128.load(ri + H24 + o)), f32x4.mul(rg, f32x4.sub(one, rg)));
      const drh = f32x4.mul(dzh, rg);
      v128.store(dzi + o, dzz); v128.store(dzi + H4 + o, dzr); v128.store(dzi + H24 + o, dzh);
      v128.store(dri + o, dzz); v128.store(dri + H4 + o, dzr); v128.store(dri + H24 + o, drh);
      v128.store(hhi + o, drh);
      v128.store(ti + H4 + o, f32x4.mul(d, zg));
      v128.store(dhi + o, zero);
    }
  }
}

/**
 * GRU (resetAfter = true) backward loop for rows [r0, r1): dh in/out; tmp, dRec [B, 3H] scratch; dRecH out: dL/d rec_h̃
 * by input time, dRecHStep floats from one time to the next (H: a [B, T, H] buffer; 3H: the h̃ block of aux itself,
 * each time's rec_h̃ being read before it is overwritten).
 */
export function gruResetAfterBackwardRows(dzs: usize, zs: usize, gs: usize, hs: usize, h0: usize, aux: usize, dh: usize, tmp: usize, dRec: usize, dRecH: usize, dRecHStep: i32, hd: usize, dhs: usize, U: usize, Ut: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32): void {
  const TH = T * H, GH = 3 * H, TGH = T * GH, rows = r1 - r0;
  const H4 = <usize>H << 2, H24 = <usize>(2 * H) << 2;
  const dhr = at(dh, r0, H, 0), tr = at(tmp, r0, GH, 0), dr = at(dRec, r0, GH, 0);
  const defaultStep = !stepMask && recAct == 3 && act == 2 && !(H & 3); // Keras's default activations: one pass per row
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const dz = at(dzs, r0, TGH, t * GH), z = at(zs, r0, TGH, t * GH), g = at(gs, r0, TGH, t * GH), rec = at(aux, r0, TGH, t * GH);
    const hp = s == 0 ? at(h0, r0, H, 0) : at(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    const ldh = T * dRecHStep, dhh = at(dRecH, r0, ldh, t * dRecHStep);
    if (defaultStep) defaultBackStepRows(dz, TGH, g, rec, dr, tr, dhr, dhs ? at(dhs, r0, TH, s * H) : 0, TH, hp, ldp, dhh, ldh, rows, H4);
    else {
      gruBackOut(tr, GH, dz, TGH, dhr, dhs ? at(dhs, r0, TH, s * H) : 0, TH, hp, ldp, g, TGH, rows, H);
      zeroSkippedRows(dz, TGH, stepMask, r0, rows, T, t, GH);
      actBackward(dz + H24, TGH, dz + H24, TGH, z + H24, TGH, g + H24, TGH, rows, H, act);
      memory.fill(dhr, 0, <usize>(rows * H) << 2);
      mulRows(dz + H4, TGH, dz + H24, TGH, rec + H24, TGH, rows, H);                  // dL/dr = dh̃ ⊙ rec_h
      actBackward(dz, TGH, dz, TGH, z, TGH, g, TGH, rows, 2 * H, recAct);
      // dL/d rec = [dz, dr, dh̃ ⊙ r]; the h̃ block also kept by time for the caller's dU and bias sums
      for (let i = 0; i < rows; i++) memory.copy(at(dr, i, GH, 0), at(dz, i, TGH, 0), H24);
      mulRows(dr + H24, GH, dz + H24, TGH, g + H4, TGH, rows, H);
      for (let i = 0; i < rows; i++) memory.copy(at(dhh, i, ldh, 0), at(dr, i, GH, 2 * H), H4);
    }
    recurrentBackRows(dhr, dr, GH, U, Ut, GH, hd, recMask, B, r0, rows, H, 0, 3, 1); // dh = dRec·Uᵀ
    directPath(dhr, tr, GH, stepMask, r0, rows, T, t, H);
  }
}

// AssemblyScript source: whole time loops of the SimpleRNN and LSTM for a range of batch rows [r0, r1), so that
// two threads can each run half of the batch through all T steps with no synchronisation per step. The same
// operations in the same order as the per-step path (src/kernels/ref/simple_rnn.ts, lstm.ts over the
// WebAssembly products, activations and gates), recurrent dropout (recMask) and step masks (stepMask) included
// (step_masks.ts), so the results are bit-identical to it. The GRU loops are in sequence_gru.ts.
// Buffers as src/kernels/types.ts RecurrentBuffers: zs [B, T, G·H] by input time (input projection already
// added; in inference, keep = 0, one step's [B, G·H] rows the loop projects itself), hs [B, T, H] by step, h0 [B, H], U [H, G·H], Ut = Uᵀ; backward: dzs [B, T, G·H] by time, dh and tmp
// [B, H], dhs [B, T, H] or 0. B is the whole batch (the recurrent-mask layout needs it). dU is the caller's.
import { actBackward, actForward } from './activations';
import { lstmBackCell, lstmBackOut, lstmCell, lstmOut } from './gates';
import { projectStep } from './projection';
import { at, copySkippedRows, recurrentBackRows, recurrentRows, skipped, zeroSkippedRows } from './step_masks';

export function simpleRnnForwardRows(zs: usize, hs: usize, h0: usize, U: usize, hd: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, goBackwards: i32, keep: i32, x: usize, W: usize, bIn: usize, I: i32): void {
  const TH = T * H, rows = r1 - r0, ldz = keep ? TH : H;
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const z = keep ? at(zs, r0, TH, t * H) : at(zs, r0, H, 0), h = at(hs, r0, TH, s * H);
    if (!keep) projectStep(z, x, W, bIn, r0, rows, T, t, I, H);
    const hp = s == 0 ? at(h0, r0, H, 0) : at(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    recurrentRows(z, ldz, hp, ldp, U, H, hd, recMask, B, r0, rows, H, 0, 1, 1);
    actForward(h, TH, z, ldz, rows, H, act);
    copySkippedRows(h, TH, hp, ldp, stepMask, r0, rows, T, t, H);
  }
}

/** dh (in: dL/d final h; out: dL/d h0) for rows [r0, r1); dzs filled for every step. */
export function simpleRnnBackwardRows(dzs: usize, zs: usize, hs: usize, dh: usize, tmp: usize, hd: usize, dhs: usize, U: usize, Ut: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, goBackwards: i32): void {
  const TH = T * H, rows = r1 - r0;
  const dhr = at(dh, r0, H, 0), tr = at(tmp, r0, H, 0);
  const H4 = <usize>H << 2, tanhStep = !stepMask && act == 2 && (H & 3) == 0; // Keras's default: one pass per row
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const dz = at(dzs, r0, TH, t * H);
    if (tanhStep) {
      // dz = (dh + dhs) ⊙ (1 − h²): the operations of the loop below and actBackward, per value
      const one = f32x4.splat(1.0);
      for (let i = 0; i < rows; i++) {
        const dzi = at(dz, i, TH, 0), hi = at(hs, r0 + i, TH, s * H), di = dhr + <usize>i * H4, si = dhs ? at(dhs, r0 + i, TH, s * H) : 0;
        for (let o: usize = 0; o < H4; o += 16) {
          let d = v128.load(di + o);
          if (dhs) d = f32x4.add(d, v128.load(si + o));
          const h = v128.load(hi + o);
          v128.store(dzi + o, f32x4.mul(d, f32x4.sub(one, f32x4.mul(h, h))));
        }
      }
    } else {
      for (let i = 0; i < rows; i++) { // tmp = dh (+ dhs)
        const di = dhr + <usize>i * H4, ti = tr + <usize>i * H4, si = dhs ? at(dhs, r0 + i, TH, s * H) : 0;
        let o: usize = 0;
        for (; o + 16 <= H4; o += 16) v128.store(ti + o, dhs ? f32x4.add(v128.load(di + o), v128.load(si + o)) : v128.load(di + o));
        for (; o < H4; o += 4) store<f32>(ti + o, dhs ? load<f32>(di + o) + load<f32>(si + o) : load<f32>(di + o));
      }
      actBackward(dz, TH, tr, H, at(zs, r0, TH, t * H), TH, at(hs, r0, TH, s * H), TH, rows, H, act);
    }
    zeroSkippedRows(dz, TH, stepMask, r0, rows, T, t, H);
    if (recMask) memory.fill(dhr, 0, <usize>(rows * H) << 2);
    recurrentBackRows(dhr, dz, TH, U, Ut, H, hd, recMask, B, r0, rows, H, 0, 1, 0); // dh_{s−1} = dz·Uᵀ
    copySkippedRows(dhr, H, tr, H, stepMask, r0, rows, T, t, H);
  }
}

/** LSTM time loop for rows [r0, r1): gates [i, f, c̃, o]; cs [B, T, H] cell states and ac = act(c) by step. */
export function lstmForwardRows(zs: usize, gs: usize, hs: usize, cs: usize, ac: usize, h0: usize, c0: usize, U: usize, hd: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32, keep: i32, x: usize, W: usize, bIn: usize, I: i32): void {
  const TH = T * H, GH = 4 * H, TGH = T * GH, rows = r1 - r0;
  const H24 = <usize>(2 * H) << 2, H34 = <usize>(3 * H) << 2;
  const ldg = keep ? TGH : GH, lda = keep ? TH : H; // zs, gs, ac: by time, or one step's rows (keep = 0)
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const z = at(zs, r0, ldg, keep ? t * GH : 0), g = at(gs, r0, ldg, keep ? t * GH : 0);
    if (!keep) projectStep(z, x, W, bIn, r0, rows, T, t, I, GH);
    const hp = s == 0 ? at(h0, r0, H, 0) : at(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    const cp = s == 0 ? at(c0, r0, H, 0) : at(cs, r0, TH, (s - 1) * H);
    recurrentRows(z, ldg, hp, ldp, U, GH, hd, recMask, B, r0, rows, H, 0, 4, 1);
    actForward(g, ldg, z, ldg, rows, 2 * H, recAct);
    actForward(g + H24, ldg, z + H24, ldg, rows, H, act);
    actForward(g + H34, ldg, z + H34, ldg, rows, H, recAct);
    const c = at(cs, r0, TH, s * H), a = at(ac, r0, lda, keep ? s * H : 0), h = at(hs, r0, TH, s * H);
    if (!stepMask) lstmCell(c, TH, cp, ldp, g, ldg, rows, H);
    else for (let i = 0; i < rows; i++) {
      if (skipped(stepMask, r0 + i, T, t)) memory.copy(at(c, i, TH, 0), at(cp, i, ldp, 0), <usize>H << 2);
      else lstmCell(at(c, i, TH, 0), TH, at(cp, i, ldp, 0), ldp, at(g, i, ldg, 0), ldg, 1, H);
    }
    actForward(a, lda, c, TH, rows, H, act);
    lstmOut(h, TH, g, ldg, a, lda, rows, H);
    copySkippedRows(h, TH, hp, ldp, stepMask, r0, rows, T, t, H);
  }
}

/** LSTM backward loop for rows [r0, r1): dh and dc in (final) / out (initial); dhOut, da scratch [B, H]. */
export function lstmBackwardRows(dzs: usize, zs: usize, gs: usize, cs: usize, ac: usize, c0: usize, dh: usize, dc: usize, dhOut: usize, da: usize, hd: usize, dhs: usize, U: usize, Ut: usize, recMask: usize, stepMask: usize, r0: i32, r1: i32, B: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32): void {
  const TH = T * H, GH = 4 * H, TGH = T * GH, rows = r1 - r0;
  const H24 = <usize>(2 * H) << 2, H34 = <usize>(3 * H) << 2;
  const dhr = at(dh, r0, H, 0), dcr = at(dc, r0, H, 0), dhor = at(dhOut, r0, H, 0), dar = at(da, r0, H, 0);
  const H4 = <usize>H << 2, defaultStep = act == 2 && recAct == 3 && (H & 3) == 0;
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const dz = at(dzs, r0, TGH, t * GH), z = at(zs, r0, TGH, t * GH), g = at(gs, r0, TGH, t * GH);
    const cp = s == 0 ? at(c0, r0, H, 0) : at(cs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    const a = at(ac, r0, TH, s * H);
    if (defaultStep) defaultBackStepRows(dz, TGH, g, dhr, dhs ? at(dhs, r0, TH, s * H) : 0, TH, a, dcr, cp, ldp, rows, H4, stepMask, r0, T, t, dhor);
    else {
      lstmBackOut(dhor, dar, dz + H34, TGH, dhr, dhs ? at(dhs, r0, TH, s * H) : 0, TH, a, TH, g + H34, TGH, rows, H);
      actBackward(dar, H, dar, H, at(cs, r0, TH, s * H), TH, a, TH, rows, H, act);     // dL/dc through h
      if (!stepMask) lstmBackCell(dz, TGH, dcr, dar, g, TGH, cp, ldp, rows, H);
      else for (let i = 0; i < rows; i++) {
        if (skipped(stepMask, r0 + i, T, t)) memory.fill(at(dz, i, TGH, 0), 0, <usize>GH << 2); // dc carried through
        else lstmBackCell(at(dz, i, TGH, 0), TGH, at(dcr, i, H, 0), at(dar, i, H, 0), at(g, i, TGH, 0), TGH, at(cp, i, ldp, 0), ldp, 1, H);
      }
      actBackward(dz, TGH, dz, TGH, z, TGH, g, TGH, rows, 2 * H, recAct);
      actBackward(dz + H24, TGH, dz + H24, TGH, z + H24, TGH, g + H24, TGH, rows, H, act);
      actBackward(dz + H34, TGH, dz + H34, TGH, z + H34, TGH, g + H34, TGH, rows, H, recAct);
    }
    if (recMask) memory.fill(dhr, 0, <usize>(rows * H) << 2);
    recurrentBackRows(dhr, dz, TGH, U, Ut, GH, hd, recMask, B, r0, rows, H, 0, 4, 0); // dh_{s−1} = dz·Uᵀ
    copySkippedRows(dhr, H, dhor, H, stepMask, r0, rows, T, t, H);
  }
}

/**
 * Keras's default LSTM backward step (tanh, sigmoid gates, H a multiple of 4), row by row in one pass:
 * d = dh (+ dhs); dz_o = d⊙a ⊙ o(1 − o); dc' = dc + d⊙o ⊙ (1 − a²); dz_i = dc'⊙c̃ ⊙ i(1 − i);
 * dz_f = dc'⊙c_prev ⊙ f(1 − f); dz_c̃ = dc'⊙i ⊙ (1 − c̃²); dc = dc'⊙f. Each value takes the operations lstmBackOut,
 * actBackward and lstmBackCell take over whole blocks (the same products of the same factors), so the bits are theirs;
 * the row's values stay in registers between them. A row that skips input time t (step mask) gets what those
 * passes give it: dz = 0 (+0: zeros times the gates' non-negative derivatives), dc untouched, and d stored in
 * dho for the caller to carry into dh. dz and g: row stride ld; dhs and a: ldt (T·H); dh, dc and dho: H; H4: H
 * in bytes.
 */
// @ts-ignore: decorator
@inline function defaultBackStepRows(dz: usize, ld: i32, g: usize, dh: usize, dhs: usize, ldt: i32, a: usize, dc: usize, cp: usize, ldp: i32, rows: i32, H4: usize, stepMask: usize, r0: i32, T: i32, t: i32, dho: usize): void {
  const one = f32x4.splat(1.0);
  const H24 = H4 << 1, H34 = H24 + H4;
  for (let i = 0; i < rows; i++) {
    const dzi = at(dz, i, ld, 0), gi = at(g, i, ld, 0), ai = at(a, i, ldt, 0), pi = at(cp, i, ldp, 0);
    const dhi = dh + (<usize>i * H4), dci = dc + (<usize>i * H4), si = dhs ? at(dhs, i, ldt, 0) : 0;
    if (skipped(stepMask, r0 + i, T, t)) { // lstmBackOut's dhOut, then the zeroed dz of lstmBackwardRows
      const doi = dho + (<usize>i * H4);
      for (let o: usize = 0; o < H4; o += 16) v128.store(doi + o, dhs ? f32x4.add(v128.load(dhi + o), v128.load(si + o)) : v128.load(dhi + o));
      memory.fill(dzi, 0, H4 << 2);
      continue;
    }
    for (let o: usize = 0; o < H4; o += 16) {
      let d = v128.load(dhi + o);
      if (dhs) d = f32x4.add(d, v128.load(si + o));
      const av = v128.load(ai + o), go = v128.load(gi + H34 + o);
      v128.store(dzi + H34 + o, f32x4.mul(f32x4.mul(d, av), f32x4.mul(go, f32x4.sub(one, go))));
      const dcp = f32x4.add(v128.load(dci + o), f32x4.mul(f32x4.mul(d, go), f32x4.sub(one, f32x4.mul(av, av))));
      const ig = v128.load(gi + o), fg = v128.load(gi + H4 + o), cg = v128.load(gi + H24 + o);
      v128.store(dzi + o, f32x4.mul(f32x4.mul(dcp, cg), f32x4.mul(ig, f32x4.sub(one, ig))));
      v128.store(dzi + H4 + o, f32x4.mul(f32x4.mul(dcp, v128.load(pi + o)), f32x4.mul(fg, f32x4.sub(one, fg))));
      v128.store(dzi + H24 + o, f32x4.mul(f32x4.mul(dcp, ig), f32x4.sub(one, f32x4.mul(cg, cg))));
      v128.store(dci + o, f32x4.mul(dcp, fg));
    }
  }
}

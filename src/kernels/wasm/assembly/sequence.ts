// AssemblyScript source: whole time loops of the SimpleRNN, LSTM and GRU (resetAfter = false) for a range of batch rows [r0, r1), so that two
// threads can each run half of the batch through all T steps with no synchronisation per step. Same arithmetic
// as the per-step path (gemm, actForward/actBackward). Buffers as src/kernels/types.ts RecurrentBuffers:
// zs [B, T, H] by input time (input projection already added), hs [B, T, H] by step, h0 [B, H], U [H, H],
// Ut = Uᵀ; backward: dzs [B, T, H] by time, dh and tmp [B, H], dhs [B, T, H] or 0.
import { actBackward, actForward } from './activations';
import { addRowsTo, gruBackOut, gruBackReset, gruOut, lstmBackCell, lstmBackOut, lstmCell, lstmOut, mulRows } from './gates';
import { gemm } from './matmul';

// @ts-ignore: decorator
@inline function row(base: usize, r: i32, ld: i32, off: i32): usize {
  return base + ((<usize>(r * ld + off)) << 2);
}

export function simpleRnnForwardRows(zs: usize, hs: usize, h0: usize, U: usize, r0: i32, r1: i32, T: i32, H: i32, act: i32, goBackwards: i32): void {
  const TH = T * H, rows = r1 - r0;
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const z = row(zs, r0, TH, t * H);
    if (s == 0) gemm(z, TH, row(h0, r0, H, 0), H, 1, U, H, rows, H, H, 1);
    else gemm(z, TH, row(hs, r0, TH, (s - 1) * H), TH, 1, U, H, rows, H, H, 1);
    actForward(row(hs, r0, TH, s * H), TH, z, TH, rows, H, act);
  }
}

/** dh (in: dL/d final h; out: dL/d h0) for rows [r0, r1); dzs filled for every step. dU is the caller's. */
export function simpleRnnBackwardRows(dzs: usize, zs: usize, hs: usize, dh: usize, tmp: usize, dhs: usize, Ut: usize, r0: i32, r1: i32, T: i32, H: i32, act: i32, goBackwards: i32): void {
  const TH = T * H, rows = r1 - r0;
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    for (let r = r0; r < r1; r++) {
      for (let j = 0; j < H; j++) {
        let d = load<f32>(row(dh, r, H, j));
        if (dhs) d += load<f32>(row(dhs, r, TH, s * H + j));
        store<f32>(row(tmp, r, H, j), d);
      }
    }
    const dz = row(dzs, r0, TH, t * H);
    actBackward(dz, TH, row(tmp, r0, H, 0), H, row(zs, r0, TH, t * H), TH, row(hs, r0, TH, s * H), TH, rows, H, act);
    gemm(row(dh, r0, H, 0), H, dz, TH, 1, Ut, H, rows, H, H, 0); // dh_{s−1} = dz·Uᵀ
  }
}

/**
 * GRU (resetAfter = false) time loop for rows [r0, r1): gates [z, r, h̃]; aux [B, T, H] keeps r⊙h_{s−1} by input
 * time (for dU); recAct/act the recurrent and candidate activations.
 */
export function gruForwardRows(zs: usize, gs: usize, hs: usize, aux: usize, h0: usize, U: usize, r0: i32, r1: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32): void {
  const TH = T * H, GH = 3 * H, TGH = T * GH, rows = r1 - r0;
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const z = row(zs, r0, TGH, t * GH), g = row(gs, r0, TGH, t * GH);
    const hp = s == 0 ? row(h0, r0, H, 0) : row(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    gemm(z, TGH, hp, ldp, 1, U, GH, rows, 2 * H, H, 1);                        // z, r pre-activations += h·U_zr
    actForward(g, TGH, z, TGH, rows, 2 * H, recAct);
    const a = row(aux, r0, TH, t * H);
    mulRows(a, TH, g + (<usize>H << 2), TGH, hp, ldp, rows, H);                 // r ⊙ h
    gemm(z + (<usize>(2 * H) << 2), TGH, a, TH, 1, U + (<usize>(2 * H) << 2), GH, rows, H, H, 1); // += (r⊙h)·U_h
    actForward(g + (<usize>(2 * H) << 2), TGH, z + (<usize>(2 * H) << 2), TGH, rows, H, act);
    gruOut(row(hs, r0, TH, s * H), TH, hp, ldp, g, TGH, rows, H);
  }
}

/** GRU (resetAfter = false) backward loop for rows [r0, r1) without dU: dh in/out as for SimpleRNN; tmp, dv scratch [B, 3H]. */
export function gruBackwardRows(dzs: usize, zs: usize, gs: usize, hs: usize, h0: usize, dh: usize, tmp: usize, dv: usize, dhs: usize, Ut: usize, r0: i32, r1: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32): void {
  const TH = T * H, GH = 3 * H, TGH = T * GH, rows = r1 - r0;
  const H4 = <usize>H << 2, H24 = <usize>(2 * H) << 2;
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const dz = row(dzs, r0, TGH, t * GH), z = row(zs, r0, TGH, t * GH), g = row(gs, r0, TGH, t * GH);
    const hp = s == 0 ? row(h0, r0, H, 0) : row(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    const dhr = row(dh, r0, H, 0), tr = row(tmp, r0, GH, 0), dvr = row(dv, r0, H, 0);
    gruBackOut(tr, GH, dz, TGH, dhr, dhs ? row(dhs, r0, TH, s * H) : 0, TH, hp, ldp, g, TGH, rows, H);
    actBackward(dz + H24, TGH, dz + H24, TGH, z + H24, TGH, g + H24, TGH, rows, H, act);
    gemm(dvr, H, dz + H24, TGH, 1, Ut + (<usize>(2 * H * H) << 2), H, rows, H, H, 0); // dv = dh̃·U_hᵀ
    for (let r = 0; r < rows; r++) memory.fill(dhr + (<usize>(r * H) << 2), 0, H4);
    gruBackReset(dz, TGH, dhr, dvr, hp, ldp, g, TGH, rows, H);                   // dz_r, dh += dv⊙r
    actBackward(dz, TGH, dz, TGH, z, TGH, g, TGH, rows, 2 * H, recAct);
    gemm(dhr, H, dz, TGH, 1, Ut, H, rows, H, 2 * H, 1);                          // dh += dz_zr·U_zrᵀ
    addRowsTo(dhr, H, tr + H4, GH, rows, H);                                      // + the direct path z⊙dL/dh
  }
}

/** LSTM time loop for rows [r0, r1): gates [i, f, c̃, o]; cs [B, T, H] cell states and ac = act(c) by step. */
export function lstmForwardRows(zs: usize, gs: usize, hs: usize, cs: usize, ac: usize, h0: usize, c0: usize, U: usize, r0: i32, r1: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32): void {
  const TH = T * H, GH = 4 * H, TGH = T * GH, rows = r1 - r0;
  const H24 = <usize>(2 * H) << 2, H34 = <usize>(3 * H) << 2;
  for (let s = 0; s < T; s++) {
    const t = goBackwards ? T - 1 - s : s;
    const z = row(zs, r0, TGH, t * GH), g = row(gs, r0, TGH, t * GH);
    const hp = s == 0 ? row(h0, r0, H, 0) : row(hs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    const cp = s == 0 ? row(c0, r0, H, 0) : row(cs, r0, TH, (s - 1) * H);
    gemm(z, TGH, hp, ldp, 1, U, GH, rows, GH, H, 1);
    actForward(g, TGH, z, TGH, rows, 2 * H, recAct);
    actForward(g + H24, TGH, z + H24, TGH, rows, H, act);
    actForward(g + H34, TGH, z + H34, TGH, rows, H, recAct);
    const c = row(cs, r0, TH, s * H), a = row(ac, r0, TH, s * H);
    lstmCell(c, TH, cp, ldp, g, TGH, rows, H);
    actForward(a, TH, c, TH, rows, H, act);
    lstmOut(row(hs, r0, TH, s * H), TH, g, TGH, a, TH, rows, H);
  }
}

/** LSTM backward loop for rows [r0, r1) without dU: dh and dc in (final) / out (initial); dhOut, da scratch [B, H]. */
export function lstmBackwardRows(dzs: usize, zs: usize, gs: usize, cs: usize, ac: usize, c0: usize, dh: usize, dc: usize, dhOut: usize, da: usize, dhs: usize, Ut: usize, r0: i32, r1: i32, T: i32, H: i32, act: i32, recAct: i32, goBackwards: i32): void {
  const TH = T * H, GH = 4 * H, TGH = T * GH, rows = r1 - r0;
  const H24 = <usize>(2 * H) << 2, H34 = <usize>(3 * H) << 2;
  for (let s = T - 1; s >= 0; s--) {
    const t = goBackwards ? T - 1 - s : s;
    const dz = row(dzs, r0, TGH, t * GH), z = row(zs, r0, TGH, t * GH), g = row(gs, r0, TGH, t * GH);
    const cp = s == 0 ? row(c0, r0, H, 0) : row(cs, r0, TH, (s - 1) * H), ldp = s == 0 ? H : TH;
    const dhr = row(dh, r0, H, 0), dcr = row(dc, r0, H, 0), dhor = row(dhOut, r0, H, 0), dar = row(da, r0, H, 0);
    const a = row(ac, r0, TH, s * H);
    lstmBackOut(dhor, dar, dz + H34, TGH, dhr, dhs ? row(dhs, r0, TH, s * H) : 0, TH, a, TH, g + H34, TGH, rows, H);
    actBackward(dar, H, dar, H, row(cs, r0, TH, s * H), TH, a, TH, rows, H, act);     // dL/dc through h
    lstmBackCell(dz, TGH, dcr, dar, g, TGH, cp, ldp, rows, H);
    actBackward(dz, TGH, dz, TGH, z, TGH, g, TGH, rows, 2 * H, recAct);
    actBackward(dz + H24, TGH, dz + H24, TGH, z + H24, TGH, g + H24, TGH, rows, H, act);
    actBackward(dz + H34, TGH, dz + H34, TGH, z + H34, TGH, g + H34, TGH, rows, H, recAct);
    gemm(dhr, H, dz, TGH, 1, Ut, H, rows, H, GH, 0);                                  // dh_{s−1} = dz·Uᵀ
  }
}

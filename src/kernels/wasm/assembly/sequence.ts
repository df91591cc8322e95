// AssemblyScript source: whole time loops of the SimpleRNN for a range of batch rows [r0, r1), so that two
// threads can each run half of the batch through all T steps with no synchronisation per step. Same arithmetic
// as the per-step path (gemm, actForward/actBackward). Buffers as src/kernels/types.ts RecurrentBuffers:
// zs [B, T, H] by input time (input projection already added), hs [B, T, H] by step, h0 [B, H], U [H, H],
// Ut = Uᵀ; backward: dzs [B, T, H] by time, dh and tmp [B, H], dhs [B, T, H] or 0.
import { actBackward, actForward } from './activations';
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

// AssemblyScript source: the per-step pieces the fused time loops (sequence.ts, sequence_gru.ts) need for
// Keras's recurrent dropout masks and step masks, doing what src/kernels/ref/recurrent_common.ts does for the
// rows [r0, r0 + rows) one thread owns, operation for operation, so that the fused loops give the per-step
// path's numbers bit for bit. Where the reference writes a compound expression in JavaScript (a·b + c,
// evaluated in float64 and rounded once to float32), these do the same in f64.
// Layouts: recMask [G, B, H] (gate k, row r at (k·B + r)·H; 0 = no recurrent dropout); stepMask [B, T] bytes by
// input time (1 = step used; 0 = no step mask); hd [B, H] scratch, each thread touching only its own rows.
import { gemm, gemmNT } from './matmul';

// @ts-ignore: decorator
@inline export function at(base: usize, r: i32, ld: i32, off: i32): usize {
  return base + ((<usize>(r * ld + off)) << 2);
}

/** True when row r skips input time t (a step mask is given and its byte is 0). */
// @ts-ignore: decorator
@inline export function skipped(stepMask: usize, r: i32, T: i32, t: i32): bool {
  return stepMask != 0 && load<u8>(stepMask + <usize>(r * T + t)) == 0;
}

/** hd[r] = hp[r] ⊙ recMask[k, r] for the rows [r0, r0 + rows) (hp rows at hp with stride ldp). */
export function maskState(hd: usize, hp: usize, ldp: i32, recMask: usize, k: i32, B: i32, r0: i32, rows: i32, H: i32): void {
  for (let i = 0; i < rows; i++) {
    const r = r0 + i, d = at(hd, r, H, 0), p = hp + ((<usize>(i * ldp)) << 2), m = at(recMask, k * B + r, H, 0);
    for (let j = 0; j < H; j++) store<f32>(d + (<usize>j << 2), load<f32>(p + (<usize>j << 2)) * load<f32>(m + (<usize>j << 2)));
  }
}

/**
 * z[:, gates k0..k1) (+)= (h_prev ⊙ recMask_k)·U[:, gate k] for the rows (recurrentProduct): z and hp point at
 * the first row; U has row stride G·H.
 */
export function recurrentRows(z: usize, ldz: i32, hp: usize, ldp: i32, U: usize, GH: i32, hd: usize, recMask: usize, B: i32, r0: i32, rows: i32, H: i32, k0: i32, k1: i32, accumulate: i32): void {
  if (!recMask) {
    gemm(z + (<usize>(k0 * H) << 2), ldz, hp, ldp, 1, U + (<usize>(k0 * H) << 2), GH, rows, (k1 - k0) * H, H, accumulate);
    return;
  }
  for (let k = k0; k < k1; k++) {
    maskState(hd, hp, ldp, recMask, k, B, r0, rows, H);
    gemm(z + (<usize>(k * H) << 2), ldz, at(hd, r0, H, 0), H, 1, U + (<usize>(k * H) << 2), GH, rows, H, H, accumulate);
  }
}

/**
 * dh (rows, ld H, zero on entry under recurrent dropout) += dz_{k0..k1}·U_kᵀ ⊙ m_k (recurrentProductBackward
 * without its dU term): unmasked, one product with Uᵀ's rows (Ut [G·H, H]); masked, per gate as the reference's
 * A·Bᵀ kernel does it (below 4 rows dot products over U, else a product with Uᵀ), then dh += that ⊙ m_k in f64.
 */
export function recurrentBackRows(dh: usize, dz: usize, lddz: i32, U: usize, Ut: usize, GH: i32, hd: usize, recMask: usize, B: i32, r0: i32, rows: i32, H: i32, k0: i32, k1: i32, accumulate: i32): void {
  if (!recMask) {
    gemm(dh, H, dz + (<usize>(k0 * H) << 2), lddz, 1, Ut + (<usize>(k0 * H * H) << 2), H, rows, H, (k1 - k0) * H, accumulate);
    return;
  }
  const hdr = at(hd, r0, H, 0);
  for (let k = k0; k < k1; k++) {
    const dzk = dz + (<usize>(k * H) << 2);
    if (B < 4) gemmNT(hdr, H, dzk, lddz, U + (<usize>(k * H) << 2), GH, rows, H, H, 0);
    else gemm(hdr, H, dzk, lddz, 1, Ut + (<usize>(k * H * H) << 2), H, rows, H, H, 0);
    for (let i = 0; i < rows; i++) {
      const d = at(dh, i, H, 0), v = at(hdr, i, H, 0), m = at(recMask, k * B + r0 + i, H, 0);
      for (let j = 0; j < H; j++) {
        const o = <usize>j << 2;
        store<f32>(d + o, <f32>(<f64>load<f32>(d + o) + <f64>load<f32>(v + o) * <f64>load<f32>(m + o)));
      }
    }
  }
}

/** dst[i] = src[i] for the rows i < rows whose input time t is masked (state or gradient carried through). */
export function copySkippedRows(dst: usize, ldd: i32, src: usize, lds: i32, stepMask: usize, r0: i32, rows: i32, T: i32, t: i32, H: i32): void {
  if (!stepMask) return;
  for (let i = 0; i < rows; i++) {
    if (skipped(stepMask, r0 + i, T, t)) memory.copy(at(dst, i, ldd, 0), at(src, i, lds, 0), <usize>H << 2);
  }
}

/** z[i, 0..n) = 0 for the rows i < rows whose input time t is masked. */
export function zeroSkippedRows(z: usize, ldz: i32, stepMask: usize, r0: i32, rows: i32, T: i32, t: i32, n: i32): void {
  if (!stepMask) return;
  for (let i = 0; i < rows; i++) {
    if (skipped(stepMask, r0 + i, T, t)) memory.fill(at(z, i, ldz, 0), 0, <usize>n << 2);
  }
}

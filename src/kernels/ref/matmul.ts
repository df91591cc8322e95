// Reference matrix products over flat arrays: the three forms that forward and backward need.
// Every operand is addressed by (array, offset, row stride) so that one timestep's rows inside a
// [B, T, H] buffer can be used without copying or allocating (row stride T·H).
// Pure functions: no allocation, no state. Accumulating forms add into C (`+=`).
//
// Letters: M rows of A and C, K inner dimension, N columns of B and C.
import type { FloatArray, Matmul } from '../types.js';

/**
 * C[M,N] = A[M,K] · B[K,N]   (or `+=` when `accumulate`)
 * C at c0 with row stride ldc; A at a0, stride lda; B at b0, stride ldb.
 */
export function matmulNN(
  C: FloatArray, c0: number, ldc: number,
  A: FloatArray, a0: number, lda: number,
  B: FloatArray, b0: number, ldb: number,
  M: number, K: number, N: number, accumulate: boolean,
): void {
  for (let i = 0; i < M; i++) {
    const ci = c0 + i * ldc;
    const ai = a0 + i * lda;
    if (!accumulate) C.fill(0, ci, ci + N);
    let k = 0;
    // four rows of B per pass: one load/store of C[i,:] per four multiply-adds
    for (; k + 3 < K; k += 4) {
      const x0 = A[ai + k], x1 = A[ai + k + 1], x2 = A[ai + k + 2], x3 = A[ai + k + 3];
      const r0 = b0 + k * ldb, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
      for (let j = 0; j < N; j++) {
        C[ci + j] += x0 * B[r0 + j] + x1 * B[r1 + j] + x2 * B[r2 + j] + x3 * B[r3 + j];
      }
    }
    for (; k < K; k++) {
      const x = A[ai + k];
      const r = b0 + k * ldb;
      for (let j = 0; j < N; j++) C[ci + j] += x * B[r + j];
    }
  }
}

/**
 * C[M,K] (+)= A[M,N] · B[K,N]ᵀ     (e.g. dX = dZ · Wᵀ)
 */
export function matmulNT(
  C: FloatArray, c0: number, ldc: number,
  A: FloatArray, a0: number, lda: number,
  B: FloatArray, b0: number, ldb: number,
  M: number, K: number, N: number, accumulate: boolean,
): void {
  for (let i = 0; i < M; i++) {
    const ci = c0 + i * ldc;
    const ai = a0 + i * lda;
    for (let k = 0; k < K; k++) {
      const bk = b0 + k * ldb;
      let s = 0;
      for (let j = 0; j < N; j++) s += A[ai + j] * B[bk + j];
      C[ci + k] = accumulate ? C[ci + k] + s : s;
    }
  }
}

/**
 * C[K,N] += A[M,K]ᵀ · B[M,N]     (e.g. dW += Xᵀ · dZ); always accumulates.
 */
export function matmulTNAcc(
  C: FloatArray, c0: number, ldc: number,
  A: FloatArray, a0: number, lda: number,
  B: FloatArray, b0: number, ldb: number,
  M: number, K: number, N: number,
): void {
  for (let i = 0; i < M; i++) {
    const ai = a0 + i * lda;
    const bi = b0 + i * ldb;
    for (let k = 0; k < K; k++) {
      const a = A[ai + k];
      if (a === 0) continue;
      const ck = c0 + k * ldc;
      for (let j = 0; j < N; j++) C[ck + j] += a * B[bi + j];
    }
  }
}

/** s[s0 + j] += Σ_i Z[z0 + i·ldz + j] (column sums of M rows: bias gradients). */
export function colSumAcc(s: FloatArray, s0: number, Z: FloatArray, z0: number, ldz: number, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const zi = z0 + i * ldz;
    for (let j = 0; j < N; j++) s[s0 + j] += Z[zi + j];
  }
}

/** C[c0 + i·ldc + j] += v[v0 + j] for M rows (bias adds). */
export function addRows(C: FloatArray, c0: number, ldc: number, v: FloatArray, v0: number, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const ci = c0 + i * ldc;
    for (let j = 0; j < N; j++) C[ci + j] += v[v0 + j];
  }
}

/** C[M,N] = A[M,K]·B[K,N] + v[v0 .. v0+N) in every row: the product, then the bias add. */
export function matmulNNBias(C: FloatArray, c0: number, ldc: number, A: FloatArray, a0: number, lda: number, B: FloatArray, b0: number, ldb: number, M: number, K: number, N: number, v: FloatArray, v0: number): void {
  matmulNN(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N, false);
  addRows(C, c0, ldc, v, v0, M, N);
}

/** The reference forms as one Matmul. */
export const referenceMatmul: Matmul = { nn: matmulNN, nnBias: matmulNNBias, nt: matmulNT, tnAcc: matmulTNAcc, addRows, colSumAcc };

// The WebAssembly SIMD matrix products behind the Matmul interface. Operands must be float32 views into the
// kernels' memory (their byteOffset is the pointer); anything else (float64 gradient checks, a user's array)
// goes to the reference product, so results are always right and fast where memory is set up for it.
import { addRows, colSumAcc, matmulNN, matmulNNBias, matmulNT, matmulTNAcc } from '../ref/matmul.js';
import type { FloatArray, Matmul } from '../types.js';
import { inWasm, wasmFloats, type WasmRuntime } from './runtime.js';
import type { GemmSplitter } from './threads.js';

/** Rows of A and B per block of a long Aᵀ·B (measured: 128×3200ᵀ·3200×512 runs 6.6 GFLOP/s in one block, 20 in blocks of 64). */
export const TN_BLOCK = 64;

export function wasmMatmul(rt: WasmRuntime, threads: GemmSplitter | null = null): Matmul {
  const k = rt.exports;
  const gemm = threads ? threads.gemm : k.gemm;
  const gemmBlocked = threads ? threads.gemmBlocked : k.gemmBlocked;
  const gemmBias = threads ? threads.gemmBias : k.gemmBias;
  const ok = (a: FloatArray, b: FloatArray, c: FloatArray): boolean => inWasm(rt, a) && inWasm(rt, b) && inWasm(rt, c);
  let scratch = wasmFloats(rt, 0); // Bᵀ for nt
  let partial = wasmFloats(rt, 0); // tnAcc's running sums
  const transposed = (B: FloatArray, b0: number, ldb: number, K: number, N: number): number => {
    if (scratch.length < K * N) scratch = wasmFloats(rt, K * N);
    k.transpose(scratch.byteOffset, B.byteOffset + 4 * b0, K, N, ldb);
    return scratch.byteOffset;
  };
  return {
    addRows(C, c0, ldc, v, v0, M, N) {
      if (!(inWasm(rt, C) && inWasm(rt, v))) return addRows(C, c0, ldc, v, v0, M, N);
      k.addRows(C.byteOffset + 4 * c0, ldc, v.byteOffset + 4 * v0, M, N);
    },
    colSumAcc(s, s0, Z, z0, ldz, M, N) {
      if (!(inWasm(rt, s) && inWasm(rt, Z))) return colSumAcc(s, s0, Z, z0, ldz, M, N);
      k.colSum(s.byteOffset + 4 * s0, Z.byteOffset + 4 * z0, ldz, M, N);
    },
    nn(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N, accumulate) {
      if (!ok(C, A, B)) return matmulNN(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N, accumulate);
      gemm(C.byteOffset + 4 * c0, ldc, A.byteOffset + 4 * a0, lda, 1, B.byteOffset + 4 * b0, ldb, M, N, K, accumulate ? 1 : 0);
    },
    nnBias(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N, v, v0) {
      if (!ok(C, A, B)) return matmulNNBias(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N, v, v0);
      if (!inWasm(rt, v)) { // the product here, the add in the reference (the bits of nn then addRows)
        gemm(C.byteOffset + 4 * c0, ldc, A.byteOffset + 4 * a0, lda, 1, B.byteOffset + 4 * b0, ldb, M, N, K, 0);
        return addRows(C, c0, ldc, v, v0, M, N);
      }
      gemmBias(C.byteOffset + 4 * c0, ldc, A.byteOffset + 4 * a0, lda, 1, B.byteOffset + 4 * b0, ldb, M, N, K, v.byteOffset + 4 * v0);
    },
    nt(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N, accumulate) {
      if (!ok(C, A, B)) return matmulNT(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N, accumulate);
      if (M < 4) {
        k.gemmNT(C.byteOffset + 4 * c0, ldc, A.byteOffset + 4 * a0, lda, B.byteOffset + 4 * b0, ldb, M, K, N, accumulate ? 1 : 0);
        return;
      }
      // C[M,K] (+)= A[M,N]·Bᵀ as a plain product with Bᵀ [N, K] (the 4×8 tile beats dot products)
      const bt = transposed(B, b0, ldb, K, N);
      gemm(C.byteOffset + 4 * c0, ldc, A.byteOffset + 4 * a0, lda, 1, bt, K, M, K, N, accumulate ? 1 : 0);
    },
    tnAcc(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N) {
      if (!ok(C, A, B)) return matmulTNAcc(C, c0, ldc, A, a0, lda, B, b0, ldb, M, K, N);
      // C[K,N] += Aᵀ·B is gemm with A'[k, i] = A[i·lda + k]: row stride 1, inner stride lda
      const pa = A.byteOffset + 4 * a0, pb = B.byteOffset + 4 * b0;
      if (M <= TN_BLOCK) return gemm(C.byteOffset + 4 * c0, ldc, pa, 1, lda, pb, ldb, K, N, M, 1);
      // A long sum (the weight gradients: M = B·T rows) in blocks of TN_BLOCK rows, each continuing the running
      // sums in `partial` (gemm mode 2), then C += partial: the same roundings as one product, but each block's
      // rows of A and B stay in cache across the 4×8 tiles instead of streaming from memory once per tile.
      // One job for the threads (columns shared), not one per block.
      if (partial.length < K * N) partial = wasmFloats(rt, K * N);
      gemmBlocked(partial.byteOffset, N, pa, 1, lda, pb, ldb, K, N, M, TN_BLOCK);
      k.addRowsTo(C.byteOffset + 4 * c0, ldc, partial.byteOffset, N, K, N);
    },
  };
}

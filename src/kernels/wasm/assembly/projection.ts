// AssemblyScript source: the input projection of one timestep for a range of batch rows, used by the fused
// forward loops in inference (keep = 0), where no [B, T, G·H] pre-activation cache is kept: z = x_t·W + b, in
// cache, just before the step uses it. Each value takes the same operations in the same order as the
// whole-batch projection (src/kernels/ref/recurrent_common.ts inputProjection: gemmBias, or gemm and addRows), so the
// result is bit-identical to it.
import { gemmBias } from './matmul';

/** z[i, :] = x[r0 + i, t, :]·W + b for i < rows; x [B, T, I], W [I, GH], b [GH] or 0; z rows GH apart. */
// @ts-ignore: decorator
@inline export function projectStep(z: usize, x: usize, W: usize, b: usize, r0: i32, rows: i32, T: i32, t: i32, I: i32, GH: i32): void {
  gemmBias(z, GH, x + (<usize>((r0 * T + t) * I) << 2), T * I, 1, W, GH, rows, GH, I, b);
}

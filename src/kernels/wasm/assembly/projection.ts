// AssemblyScript source: the input projection of one timestep for a range of batch rows, used by the fused
// forward loops (without input dropout) just before the step reads it: z = x_t·W + b, into the step's rows of the
// [B, T, G·H] cache (training) or into one step's rows (inference, keep = 0). Each value takes the same operations
// in the same order as the whole-batch projection (src/kernels/ref/recurrent_common.ts inputProjection over gemm
// and addRows), so the result is bit-identical to it.
import { addRows, gemm } from './matmul';

/** z[i, :] = x[r0 + i, t, :]·W + b for i < rows; x [B, T, I], W [I, GH], b [GH] or 0; z rows ldz apart. */
// @ts-ignore: decorator
@inline export function projectStep(z: usize, ldz: i32, x: usize, W: usize, b: usize, r0: i32, rows: i32, T: i32, t: i32, I: i32, GH: i32): void {
  gemm(z, ldz, x + (<usize>((r0 * T + t) * I) << 2), T * I, 1, W, GH, rows, GH, I, 0);
  if (b) addRows(z, ldz, b, rows, GH);
}

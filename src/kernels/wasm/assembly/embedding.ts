// AssemblyScript source: Embedding's gather and its sparse gradient over float32 memory. ids are float32 values
// that hold integers already checked by the layer (src/layers/embedding/embedding.ts). The same copies and the
// same float32 additions in the same order as the reference loops (src/kernels/ref/embedding.ts): bit-identical.
import { addRows } from './matmul';

/** y[i, :] = table[ids[i], :] for i < n; rows of D floats. */
export function embeddingGather(y: usize, table: usize, ids: usize, n: i32, D: i32): void {
  const D4 = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const row = <usize><i32>load<f32>(ids + (<usize>i << 2));
    memory.copy(y + <usize>i * D4, table + row * D4, D4);
  }
}

/** grad[ids[i], :] += dy[i, :] for i = 0 … n−1 in order (repeated ids add up in that order). */
export function embeddingScatterAdd(grad: usize, dy: usize, ids: usize, n: i32, D: i32): void {
  const D4 = <usize>D << 2;
  for (let i = 0; i < n; i++) addRows(grad + <usize><i32>load<f32>(ids + (<usize>i << 2)) * D4, D, dy + <usize>i * D4, 1, D);
}

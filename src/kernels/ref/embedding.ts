// Reference Embedding kernels: the gather of table rows by id and its sparse gradient (a scatter-add into the
// rows of the ids seen). ids are float values holding integers the layer has checked (src/layers/embedding).
import type { FloatArray } from '../types.js';

/** y[i, :] = table[ids[i], :] for i < n; rows of D values. */
export function embeddingGather(y: FloatArray, table: FloatArray, ids: FloatArray, n: number, D: number): void {
  for (let i = 0; i < n; i++) {
    const row = ids[i] * D, o = i * D;
    for (let j = 0; j < D; j++) y[o + j] = table[row + j];
  }
}

/** grad[ids[i], :] += dy[i, :] for i = 0 … n−1 in order (only the rows of the ids seen are touched). */
export function embeddingScatterAdd(grad: FloatArray, dy: FloatArray, ids: FloatArray, n: number, D: number): void {
  for (let i = 0; i < n; i++) {
    const row = ids[i] * D, o = i * D;
    for (let j = 0; j < D; j++) grad[row + j] += dy[o + j];
  }
}

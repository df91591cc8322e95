// Orthogonal initialisation (Keras `Orthogonal`): for a shape with rows = prod(shape[:-1]) and
// cols = shape[-1], draw a ~ N(0,1) of shape (max(r,c), min(r,c)), take the reduced QR, multiply
// q by sign(diag(R)), transpose when rows < cols, scale by gain.
// Modified Gram–Schmidt (run twice for stability) yields the QR whose R has a positive diagonal,
// which is exactly Keras's sign-corrected q.
import type { Random } from '../random/random.js';

export function orthogonalFill(out: Float32Array | Float64Array, shape: readonly number[], gain: number, rng: Random): void {
  if (shape.length < 2) throw new RangeError(`Orthogonal initializer needs a shape of rank >= 2, got [${shape.join(', ')}]`);
  const cols = shape[shape.length - 1];
  let rows = 1;
  for (let i = 0; i < shape.length - 1; i++) rows *= shape[i];
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  // q: m×n, stored column-major for cheap column operations.
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[j * m + i] = rng.normal();
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const ck = k * m;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[ck + i] * q[cj + i];
        for (let i = 0; i < m; i++) q[cj + i] -= dot * q[ck + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[cj + i] * q[cj + i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[cj + i] /= norm;
  }
  // q is m×n; the result is rows×cols: q itself when rows >= cols, else its transpose.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = gain * (rows >= cols ? q[c * m + r] : q[r * m + c]);
    }
  }
}

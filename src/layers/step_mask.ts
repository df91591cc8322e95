// A user's timestep mask for `layer.apply(x, { mask })` ([B, T] booleans, 0/1 numbers or a Uint8Array) as the
// Uint8Array the kernels read (1 = use the step), with a clear error for a wrong shape.
import { ShapeError } from '../errors.js';

/** A [B, T] mask of booleans or 0/1 numbers → Uint8Array (1 = use the step). */
export function toStepMask(mask: boolean[][] | number[][] | Uint8Array, B: number, T: number): Uint8Array {
  if (mask instanceof Uint8Array) {
    if (mask.length !== B * T) throw new ShapeError(`mask must have ${B}×${T} entries, got ${mask.length}`);
    return mask;
  }
  if (!Array.isArray(mask) || mask.length !== B || mask.some((row) => !Array.isArray(row) || row.length !== T)) {
    throw new ShapeError(`mask must have shape [${B}, ${T}] (batch, timesteps)`);
  }
  const out = new Uint8Array(B * T);
  mask.forEach((row, b) => (row as (boolean | number)[]).forEach((v, t) => (out[b * T + t] = v ? 1 : 0)));
  return out;
}

// Floating-point precision of newly allocated model memory. Models run in float32; the gradient checker
// (and the tests) build models in float64 so that central differences are accurate. The kernels take both.
import type { FloatArray } from '../kernels/types.js';

export type Precision = 'float32' | 'float64';
let current: Precision = 'float32';

/** A zeroed buffer of n values in the current precision. */
export function floats(n: number): FloatArray {
  return current === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Runs `fn` with memory allocated in `precision` (layers and models created or first run inside it). */
export function withPrecision<R>(precision: Precision, fn: () => R): R {
  const saved = current;
  current = precision;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

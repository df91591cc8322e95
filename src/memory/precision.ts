// Where and in what precision model memory is allocated. Models run in float32, inside WebAssembly memory when
// the WebAssembly kernels are active (so kernels read and write model buffers without copies); the gradient
// checker (and the tests) build models in float64 so that central differences are accurate.
import { kernels } from '../kernels/kernels.js';
import type { FloatArray } from '../kernels/types.js';
import { wasmFloats, wasmRuntime } from '../kernels/wasm/runtime.js';

export type Precision = 'float32' | 'float64';
let current: Precision = 'float32';

/** A zeroed buffer of n values in the current precision (in WebAssembly memory for the wasm kernels). */
export function floats(n: number): FloatArray {
  if (current === 'float64') return new Float64Array(n);
  const rt = kernels().wasmMemory ? wasmRuntime() : null;
  return rt ? wasmFloats(rt, n) : new Float32Array(n);
}

/**
 * `buf` when it holds at least n values in the current precision, else a new zeroed buffer of n values (a
 * grow-only scratch buffer: callers use its first n values).
 */
export function growFloats(buf: FloatArray | null, n: number): FloatArray {
  if (buf && buf.length >= n && (current === 'float64') === buf instanceof Float64Array) return buf;
  return floats(n);
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

// Tensor: a shape plus a row-major Float32Array. No autograd graph, no dispose():
// tensors are plain values that the garbage collector reclaims. `tensor()` builds one
// from nested arrays, any typed array, or arrays of typed rows (converted once to float32), and rejects
// ragged, empty or non-numeric input and integers float32 cannot hold exactly (|v| > 2^24) with a clear error.
import { ShapeError, ValueError, fmtShape } from '../errors.js';

/** Nested JavaScript arrays of numbers, any depth. */
export type NestedArray = number | NestedArray[];
/** Every numeric typed array (token ids usually arrive as Int32Array or Uint16Array). */
export type NumericTypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;
/** Nested arrays whose innermost rows may be typed arrays ([Int32Array, Int32Array, …]). */
export type NestedInput = number | NumericTypedArray | NestedInput[];
/** What every public entry point accepts where Keras accepts an array. */
export type TensorLike = Tensor | NestedInput;

/**
 * Largest integer magnitude stored exactly in float32 (2^24 = 16 777 216). Integer data (token ids) beyond it
 * would be rounded, so integer typed arrays holding larger values are rejected.
 */
export const MAX_EXACT_INTEGER = 2 ** 24;

const isTypedRow = (v: unknown): v is NumericTypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** Copies a typed array into `out` at `offset` as float32, checking integer arrays fit float32 exactly. */
function copyTyped(src: NumericTypedArray, out: Float32Array, offset: number, path: readonly number[]): void {
  const integer = !(src instanceof Float32Array || src instanceof Float64Array);
  for (let i = 0; i < src.length; i++) {
    const v = typeof src[i] === 'bigint' ? Number(src[i]) : (src[i] as number);
    if (integer && (v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER)) {
      throw new ValueError(`Integer ${String(src[i])} at ${fmtShape([...path, i])} is beyond 2^24 = ${MAX_EXACT_INTEGER}: rnnkit computes in float32, which holds integers (token ids) exactly only up to 2^24`);
    }
    out[offset + i] = v;
  }
}

export class Tensor {
  /** Dimensions, outermost first. */
  readonly shape: number[];
  /** Row-major values; `data.length === prod(shape)`. */
  readonly data: Float32Array;

  constructor(data: Float32Array, shape: readonly number[]) {
    const n = sizeOf(shape);
    if (data.length !== n) {
      throw new ShapeError(`Tensor data has ${data.length} values but shape ${fmtShape(shape)} needs ${n}`);
    }
    this.data = data;
    this.shape = [...shape];
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Number of values. */
  get size(): number {
    return this.data.length;
  }

  /**
   * Nested arrays, `shape.length` deep (a number for a scalar). Typed loosely, as JSON.parse is, so the common uses
   * type-check (`t.toArray().slice(0, 3)`, `t.toArray()[0][1].toFixed(2)`, `const rows: number[][] = t.toArray()`);
   * pass the type to be exact: `t.toArray<number[][]>()`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  toArray<T extends NestedArray = any>(): T {
    return this.nested() as T;
  }

  private nested(): NestedArray {
    if (this.shape.length === 0) return this.data[0];
    const build = (dim: number, offset: number): NestedArray[] => {
      const n = this.shape[dim];
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.shape.length - 1 ? this.data[offset + i] : build(dim + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0);
  }

  /** A tensor with the same data viewed under another shape of the same size. */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.data, shape);
  }

  /** A deep copy. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  toString(): string {
    return `Tensor${fmtShape(this.shape)}`;
  }
}

/** Product of the dimensions (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`Shape dimensions must be non-negative integers, got ${fmtShape(shape)}`);
    n *= d;
  }
  return n;
}

/**
 * Builds a Tensor from nested arrays, a typed array (with `shape`), or a Tensor (returned as is,
 * or reshaped when `shape` is given).
 */
export function tensor(values: TensorLike, shape?: readonly number[]): Tensor {
  if (values instanceof Tensor) return shape ? values.reshape(shape) : values;
  if (values instanceof Float32Array) return new Tensor(values, shape ?? [values.length]);
  if (isTypedRow(values)) {
    const data = new Float32Array(values.length);
    copyTyped(values, data, 0, []);
    return new Tensor(data, shape ?? [values.length]);
  }
  const inferred = inferShape(values);
  const data = new Float32Array(sizeOf(inferred));
  flattenInto(values, data, inferred);
  return new Tensor(data, shape ?? inferred);
}

/** Shape of nested arrays, from the first element at each depth (raggedness is checked when flattening). */
function inferShape(values: NestedInput): number[] {
  const shape: number[] = [];
  let v: NestedInput = values;
  while (Array.isArray(v) || isTypedRow(v)) {
    if (v.length === 0) throw new ShapeError(`Empty array at depth ${shape.length}: expected at least one element`);
    shape.push(v.length);
    if (!Array.isArray(v)) break; // a typed row is innermost
    v = v[0];
  }
  return shape;
}

function flattenInto(values: NestedInput, out: Float32Array, shape: number[]): void {
  let k = 0;
  const walk = (v: NestedInput, dim: number, path: number[]): void => {
    if (isTypedRow(v)) {
      if (dim !== shape.length - 1 || v.length !== shape[dim]) {
        throw new ShapeError(`Ragged array: expected ${dim < shape.length ? `length ${shape[dim]}` : 'a number'} at ${fmtShape(path)}, got a ${v.constructor.name} of length ${v.length}`);
      }
      copyTyped(v, out, k, path);
      k += v.length;
      return;
    }
    if (dim === shape.length) {
      if (typeof v !== 'number') {
        throw new ValueError(`Expected a number at ${fmtShape(path)}, got ${Array.isArray(v) ? 'an array (ragged nesting)' : typeof v}`);
      }
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      const got = Array.isArray(v) ? `length ${v.length}` : typeof v;
      throw new ShapeError(`Ragged array: expected length ${shape[dim]} at ${fmtShape(path)}, got ${got}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], dim + 1, [...path, i]);
  };
  walk(values, 0, []);
}

/** Throws a ValueError naming the first NaN or ±Infinity and its index. */
export function assertFinite(t: Tensor, what: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new ValueError(`${what} contains ${d[i]} at index ${fmtShape(unravel(i, t.shape))}; data must be finite numbers`);
    }
  }
}

/** Flat index → multi-index. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

/** A Tensor holding a float32 copy of the first prod(shape) values of `values` (any numeric array). */
export function copyToTensor(values: ArrayLike<number>, shape: readonly number[]): Tensor {
  const n = sizeOf(shape);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = values[i];
  return new Tensor(data, shape);
}

/** Tensor of zeros. */
export function zeros(shape: readonly number[]): Tensor {
  return new Tensor(new Float32Array(sizeOf(shape)), shape);
}

// Merge: the base of the elementwise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum), after
// Keras 3 keras/src/layers/merging/base_merge.py. It takes a list of inputs, checks that their per-sample shapes
// broadcast (numpy rules on the non-batch axes, aligned on the right, as Keras's
// `_compute_elemwise_op_output_shape`; an input of lower rank is expanded after the batch axis, as Keras's call),
// materialises broadcast copies where a shape differs from the output's, and hands the subclass same-shaped
// buffers. Backward sums the gradient of a broadcast copy back onto its input. Output mask: Keras's
// `Merge.compute_mask` — the OR of the input masks when every input has one, else none.
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { sizeOf } from '../../tensor/tensor.js';
import { Layer, type ForwardContext } from '../layer.js';

/** A buffer of at least n values: `buf` when large enough, else a new one in the current precision. */
export function grow(buf: FloatArray, n: number): FloatArray {
  return buf.length >= n ? buf : floats(n);
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Keras `_compute_elemwise_op_output_shape`: the broadcast of two per-sample shapes (right-aligned; 1 stretches;
 * null (known at call time) gives null). Throws ShapeError "Inputs have incompatible shapes" otherwise.
 */
export function broadcastShapes(owner: string, s1: readonly (number | null)[], s2: readonly (number | null)[]): (number | null)[] {
  if (s1.length < s2.length) return broadcastShapes(owner, s2, s1);
  const lead = s1.length - s2.length;
  const out: (number | null)[] = s1.slice(0, lead);
  for (let k = 0; k < s2.length; k++) {
    const i = s1[lead + k], j = s2[k];
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1 || i === j) out.push(i);
    else throw new ShapeError(`${owner}: inputs have incompatible shapes. Received shapes ${fmtShape([null, ...s1])} and ${fmtShape([null, ...s2])}`);
  }
  return out;
}

/** Per output position (within a sample), the position in an input of shape `inShape` it reads (broadcasting). */
export function broadcastMap(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const R = outShape.length, lead = R - inShape.length;
  const n = sizeOf(outShape);
  const map = new Int32Array(n);
  const inStrides = new Array<number>(R).fill(0);
  let stride = 1;
  for (let a = R - 1; a >= lead; a--) {
    const d = inShape[a - lead];
    inStrides[a] = d === 1 ? 0 : stride;
    stride *= d;
  }
  const idx = new Array<number>(R).fill(0);
  for (let j = 0; j < n; j++) {
    let off = 0;
    for (let a = 0; a < R; a++) off += idx[a] * inStrides[a];
    map[j] = off;
    for (let a = R - 1; a >= 0; a--) {
      if (++idx[a] < outShape[a]) break;
      idx[a] = 0;
    }
  }
  return map;
}

/**
 * The OR of timestep masks ([B, T], 1 = real step) when every one is given (Keras 3 `Merge.compute_mask`), else null.
 * Writes into `out` (grown as needed) and returns it.
 */
export function orMasks(owner: string, masks: readonly (Uint8Array | null)[], B: number, out: { buf: Uint8Array }): Uint8Array | null {
  if (masks.length === 0 || masks.some((m) => m === null)) return null;
  const n = masks[0]!.length;
  if (masks.some((m) => m!.length !== n)) {
    throw new ShapeError(`${owner}: the input masks have different lengths (${masks.map((m) => m!.length / B).join(', ')} steps)`);
  }
  if (out.buf.length < n) out.buf = new Uint8Array(n);
  const o = out.buf.subarray(0, n);
  o.set(masks[0]!);
  for (let k = 1; k < masks.length; k++) { const m = masks[k]!; for (let i = 0; i < n; i++) o[i] |= m[i]; }
  return o;
}

/** Throws unless `count` inputs lie within [min, max]. */
export function checkInputCount(owner: string, count: number, min: number, max = Infinity): void {
  if (count < min || count > max) {
    const want = min === max ? `exactly ${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new ConfigError(`${owner} should be called on a list of ${want} input${max === 1 ? '' : 's'}, got ${count}`);
  }
}

/** Base of the elementwise merges. Subclasses implement mergeForward / mergeBackward on same-shaped buffers. */
export abstract class Merge extends Layer {
  /** Fewest / most inputs a call takes (Keras 3: at least 1; Subtract exactly 2). */
  protected minInputs = 1;
  protected maxInputs = Infinity;
  /** Per-sample output shape and size of the current call shapes. */
  protected outShape: number[] = [];
  protected outSize = 0;
  private preparedFor: readonly (readonly number[])[] | null = null;
  private maps: (Int32Array | null)[] = [];
  private inSizes: number[] = [];
  private bcast: FloatArray[] = [];
  private grads: FloatArray[] = [];
  private dxs: FloatArray[] = [];
  /** The same-shaped inputs of the last forward (inputs or their broadcast copies), for backward. */
  protected readonly xs: FloatArray[] = [];
  private readonly gs: FloatArray[] = [];
  private readonly maskOut = { buf: new Uint8Array(0) };
  protected y: FloatArray = floats(0);

  override acceptsInputList(): boolean {
    return true;
  }

  /** Output shape for one input (the one-input merge is the identity). */
  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    checkInputCount(this.getClassName(), shapes.length, this.minInputs, this.maxInputs);
    let out: (number | null)[] = [...shapes[0]];
    for (let k = 1; k < shapes.length; k++) out = broadcastShapes(this.getClassName(), out, shapes[k]);
    return [out as number[]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = floats(0);
    this.bcast = this.bcast.map(() => floats(0));
    this.grads = this.grads.map(() => floats(0));
    this.dxs = this.dxs.map(() => floats(0));
  }

  forward(_x: FloatArray, _B: number, _ctx: ForwardContext): FloatArray {
    throw new ConfigError(`${this.getClassName()} '${this.name}' merges a list of inputs: call it on a list of symbolic tensors inside a Model`);
  }

  backward(): FloatArray | null {
    throw new ConfigError(`${this.getClassName()} '${this.name}' merges a list of inputs: it runs inside a Model`);
  }

  private prepare(shapes: readonly (readonly number[])[]): void {
    if (this.preparedFor === shapes) return;
    this.outShape = this.computeOutputShapes(shapes)[0];
    this.outSize = sizeOf(this.outShape);
    this.maps = shapes.map((s) => (sameShape(s, this.outShape) ? null : broadcastMap(s, this.outShape)));
    this.inSizes = shapes.map((s) => sizeOf(s));
    const n = shapes.length;
    while (this.bcast.length < n) { this.bcast.push(floats(0)); this.grads.push(floats(0)); this.dxs.push(floats(0)); }
    this.preparedFor = shapes;
  }

  /** Whether input k is read through a broadcast copy (its shape differs from the output's). */
  protected broadcasting(): boolean {
    return this.maps.some((m) => m !== null);
  }

  override callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    this.prepare(ctx.inputShapes);
    const O = this.outSize, n = B * O;
    const xs = this.xs;
    xs.length = inputs.length;
    for (let k = 0; k < inputs.length; k++) {
      const map = this.maps[k];
      if (!map) { xs[k] = inputs[k]; continue; }
      const I = this.inSizes[k];
      const buf = (this.bcast[k] = grow(this.bcast[k], n));
      const x = inputs[k];
      for (let b = 0; b < B; b++) for (let j = 0; j < O; j++) buf[b * O + j] = x[b * I + map[j]];
      xs[k] = buf;
    }
    this.y = grow(this.y, n);
    this.mergeForward(xs, this.y, B, ctx.masks);
    this.outputMask = orMasks(this.getClassName(), ctx.masks, B, this.maskOut);
    this.callOutputs[0] = this.y;
    return this.callOutputs;
  }

  override callBackward(dOutputs: readonly (FloatArray | null)[], B: number, need: readonly boolean[]): readonly (FloatArray | null)[] {
    const O = this.outSize, n = B * O, dy = dOutputs[0]!;
    const gs = this.gs;
    gs.length = need.length;
    for (let k = 0; k < need.length; k++) {
      if (!need[k]) continue;
      if (this.maps[k]) gs[k] = this.grads[k] = grow(this.grads[k], n);
      else gs[k] = this.dxs[k] = grow(this.dxs[k], n);
    }
    this.mergeBackward(dy, gs, need, B);
    const out = this.callInputGrads;
    out.length = need.length;
    for (let k = 0; k < need.length; k++) {
      if (!need[k]) { out[k] = null; continue; }
      const map = this.maps[k];
      if (map) {
        const I = this.inSizes[k], g = gs[k];
        const dx = (this.dxs[k] = grow(this.dxs[k], B * I));
        dx.fill(0, 0, B * I);
        for (let b = 0; b < B; b++) for (let j = 0; j < O; j++) dx[b * I + map[j]] += g[b * O + j];
      }
      out[k] = this.dxs[k];
    }
    return out;
  }

  /**
   * Timestep of flat output position i (within B·outSize) for masked merges: Keras broadcasts a [B, T] mask over
   * [B, T, F] inputs only, so masked merges need same-shaped inputs of per-sample rank 2.
   */
  protected checkMaskable(masks: readonly (Uint8Array | null)[], B: number): number {
    if (this.outShape.length !== 2 || this.broadcasting()) {
      throw new ShapeError(`${this.getClassName()} '${this.name}': masked inputs must all have the shape [batch, steps, features] (Keras broadcasts the mask over the last axis), got per-sample output ${fmtShape([null, ...this.outShape])}${this.broadcasting() ? ' from broadcast inputs' : ''}`);
    }
    for (const m of masks) {
      if (m && m.length !== B * this.outShape[0]) throw new ShapeError(`${this.getClassName()} '${this.name}': a mask has ${m.length / B} steps, the inputs ${this.outShape[0]}`);
    }
    return this.outShape[1];
  }

  /** Writes the merge of same-shaped buffers `xs` (B·outSize values each) into `y`; masks as given to the call. */
  protected abstract mergeForward(xs: readonly FloatArray[], y: FloatArray, B: number, masks: readonly (Uint8Array | null)[]): void;
  /** Writes dL/dxs[k] into gs[k] (overwrite, B·outSize values) for every k with need[k]. */
  protected abstract mergeBackward(dy: FloatArray, gs: readonly FloatArray[], need: readonly boolean[], B: number): void;

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable };
  }
}

// Concatenate (Keras 3 keras/src/layers/merging/concatenate.py): joins a list of inputs along `axis` (default −1,
// any non-batch axis; counted with the batch axis as Keras, so 1 is the first per-sample axis). Shapes must match
// on every other axis (null — known at call time — matches anything until the call). Output mask (Keras
// `Concatenate.compute_mask`, for [B, T, F] inputs with [B, T] masks): none when no input has one; along the time
// axis the masks are concatenated (an input without a mask counts as all ones); along the feature axis they are
// OR-ed (any input without a mask makes every step real).
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { sizeOf } from '../../tensor/tensor.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { checkInputCount, grow } from './merge.js';

export interface ConcatenateArgs extends LayerArgs {
  /** Axis to join along, counted with the batch axis (Keras); negative counts from the end. Default −1. */
  axis?: number;
}

/** [x1 [B, ..., a1, ...], x2 [B, ..., a2, ...], …] → [B, ..., a1 + a2 + …, ...]. */
export class Concatenate extends Layer {
  static override className = 'Concatenate';
  readonly axis: number;
  private y: FloatArray = floats(0);
  private dxs: FloatArray[] = [];
  private maskBuf = new Uint8Array(0);
  /** Per call shape: per-sample axis index, rows before it, and each input's contiguous chunk per row. */
  private preparedFor: readonly (readonly number[])[] | null = null;
  private rows = 0;
  private chunks: number[] = [];
  private rowSize = 0;

  constructor(args: ConcatenateArgs = {}) {
    checkOptions('Concatenate', args, ['axis', ...layerArgNames]);
    super(args);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis) || axis === 0) {
      throw new ConfigError(`Concatenate: axis must be a non-zero integer (0 is the batch axis), got ${JSON.stringify(args.axis)}`);
    }
    this.axis = axis;
  }

  override acceptsInputList(): boolean {
    return true;
  }

  /** The per-sample axis index for per-sample rank R; throws when out of range or the batch axis. */
  private sampleAxis(R: number): number {
    const full = this.axis < 0 ? this.axis + R + 1 : this.axis;
    if (full < 1 || full > R) {
      throw new ShapeError(`Concatenate: axis ${this.axis} is out of range for inputs of rank ${R + 1} (batch included); use 1…${R} or −1…−${R}`);
    }
    return full - 1;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    this.sampleAxis(inputShape.length);
    return [...inputShape];
  }

  override computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    checkInputCount('Concatenate', shapes.length, 1);
    const R = shapes[0].length;
    const a = this.sampleAxis(R);
    const bad = (): ShapeError => new ShapeError(`A Concatenate layer requires inputs with matching shapes except for the concatenation axis (${this.axis}). Received: ${shapes.map((s) => fmtShape([null, ...s])).join(', ')}`);
    if (shapes.some((s) => s.length !== R)) throw bad();
    const out: (number | null)[] = [...shapes[0]];
    for (let d = 0; d < R; d++) {
      if (d === a) {
        out[d] = shapes.some((s) => s[d] === null) ? null : shapes.reduce((n, s) => n + s[d], 0);
        continue;
      }
      const known = new Set(shapes.map((s) => s[d]).filter((v) => v !== null));
      if (known.size > 1) throw bad();
      out[d] = known.size === 1 ? [...known][0] : null;
    }
    return [out as number[]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = floats(0);
    this.dxs = this.dxs.map(() => floats(0));
  }

  forward(): FloatArray {
    throw new ConfigError(`Concatenate '${this.name}' joins a list of inputs: call it on a list of symbolic tensors inside a Model`);
  }

  backward(): FloatArray | null {
    throw new ConfigError(`Concatenate '${this.name}' joins a list of inputs: it runs inside a Model`);
  }

  private prepare(shapes: readonly (readonly number[])[]): void {
    if (this.preparedFor === shapes) return;
    this.computeOutputShapes(shapes);
    const a = this.sampleAxis(shapes[0].length);
    this.rows = sizeOf(shapes[0].slice(0, a));
    this.chunks = shapes.map((s) => sizeOf(s.slice(a)));
    this.rowSize = this.chunks.reduce((x, y) => x + y, 0);
    while (this.dxs.length < shapes.length) this.dxs.push(floats(0));
    this.preparedFor = shapes;
  }

  override callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    this.prepare(ctx.inputShapes);
    const rows = B * this.rows, R = this.rowSize;
    const y = (this.y = grow(this.y, rows * R));
    let off = 0;
    inputs.forEach((x, k) => {
      const c = this.chunks[k];
      for (let r = 0; r < rows; r++) y.set(x.subarray(r * c, r * c + c), r * R + off);
      off += c;
    });
    this.outputMask = this.concatMask(ctx, B);
    this.callOutputs[0] = y;
    return this.callOutputs;
  }

  override callBackward(dOutputs: readonly (FloatArray | null)[], B: number, need: readonly boolean[]): readonly (FloatArray | null)[] {
    const dy = dOutputs[0]!, rows = B * this.rows, R = this.rowSize;
    const out = this.callInputGrads;
    out.length = need.length;
    let off = 0;
    for (let k = 0; k < need.length; k++) {
      const c = this.chunks[k];
      if (need[k]) {
        const dx = (this.dxs[k] = grow(this.dxs[k], rows * c));
        for (let r = 0; r < rows; r++) dx.set(dy.subarray(r * R + off, r * R + off + c), r * c);
        out[k] = dx;
      } else out[k] = null;
      off += c;
    }
    return out;
  }

  /** Keras's mask rule for [B, T, F] inputs (see the header); null for other ranks or when no mask is given. */
  private concatMask(ctx: ForwardContext, B: number): Uint8Array | null {
    const masks = ctx.masks, shapes = ctx.inputShapes;
    // Keras: masks of inputs other than [B, T, F] do not describe steps of the output; rnnkit passes none on.
    if (masks.every((m) => m === null) || shapes[0].length !== 2) return null;
    const alongTime = this.sampleAxis(2) === 0;
    const T = alongTime ? shapes.reduce((n, s) => n + s[0], 0) : shapes[0][0];
    if (this.maskBuf.length < B * T) this.maskBuf = new Uint8Array(B * T);
    const out = this.maskBuf.subarray(0, B * T);
    if (alongTime) {
      let off = 0;
      masks.forEach((m, k) => {
        const Tk = shapes[k][0];
        for (let b = 0; b < B; b++) for (let t = 0; t < Tk; t++) out[b * T + off + t] = m ? m[b * Tk + t] : 1;
        off += Tk;
      });
    } else if (masks.some((m) => m === null)) out.fill(1);
    else {
      out.fill(0);
      for (const m of masks) for (let i = 0; i < B * T; i++) out[i] |= m![i];
    }
    return out;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, axis: this.axis };
  }
}

registerLayer(Concatenate);

// Dot (Keras 3 keras/src/layers/merging/dot.py, `batch_dot`): per sample, the dot product of two inputs along
// one axis of each. Axes are counted with the batch axis (Keras; 0, the batch axis, is refused; negative counts
// from the end). Output shape: the first input's axes without its dot axis, then the second's without its dot
// axis; [B, 1] when nothing is left. `normalize`: each input is first L2-normalised along its dot axis as Keras 3
// `ops.normalize`: x · rsqrt(max(Σx², ε²)), ε = 1e-7, so the result is the cosine similarity. No output mask.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { sizeOf } from '../../tensor/tensor.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { checkInputCount, grow } from './merge.js';

export interface DotArgs extends LayerArgs {
  /** The dot axis of both inputs, or [axis of x1, axis of x2]; counted with the batch axis. */
  axes: number | [number, number];
  /** L2-normalise both inputs along their dot axes first (cosine similarity). Default false. */
  normalize?: boolean;
}

const EPS2 = 1e-7 * 1e-7;

/** One input's layout around its dot axis: pre·K·post values, K summed over. */
interface Side { pre: number; K: number; post: number; size: number }

/** [x1 [B, ..., K, ...], x2 [B, ..., K, ...]] → [B, ...x1 without K, ...x2 without K] (or [B, 1]). */
export class Dot extends Layer {
  static override className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;
  private preparedFor: readonly (readonly number[])[] | null = null;
  private sides: Side[] = [];
  private y: FloatArray = floats(0);
  private u: FloatArray[] = [floats(0), floats(0)];
  private inv: FloatArray[] = [floats(0), floats(0)];
  private du: FloatArray[] = [floats(0), floats(0)];
  private dx: FloatArray[] = [floats(0), floats(0)];
  private readonly xs: FloatArray[] = [floats(0), floats(0)];

  constructor(args: DotArgs) {
    checkOptions('Dot', args, ['axes', 'normalize', ...layerArgNames]);
    super(args);
    const axes = args?.axes;
    const ok = (a: unknown): boolean => Number.isInteger(a) && a !== 0;
    if (!(ok(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every(ok)))) {
      throw new ConfigError(`Dot: axes must be a non-zero integer or a pair of them (0 is the batch axis), got ${JSON.stringify(axes)}`);
    }
    if (args.normalize !== undefined && typeof args.normalize !== 'boolean') throw new ConfigError(`Dot: normalize must be true or false, got ${JSON.stringify(args.normalize)}`);
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : (axes as number);
    this.normalize = args.normalize ?? false;
  }

  override acceptsInputList(): boolean {
    return true;
  }

  /** Per-sample dot axes for per-sample ranks r1, r2 (Keras: negative axes modulo the full rank). */
  private sampleAxes(r1: number, r2: number): [number, number] {
    const pair = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    return [r1, r2].map((r, i) => {
      const full = pair[i] < 0 ? pair[i] + r + 1 : pair[i];
      if (full < 1 || full > r) throw new ShapeError(`Dot: axis ${pair[i]} is out of range for input ${i + 1} of rank ${r + 1} (batch included)`);
      return full - 1;
    }) as [number, number];
  }

  /** Bookkeeping of the base class only (the first input's shape); the output shape is computeOutputShapes's. */
  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    checkInputCount('Dot', shapes.length, 2, 2);
    const [s1, s2] = shapes;
    const [a1, a2] = this.sampleAxes(s1.length, s2.length);
    if (s1[a1] !== null && s2[a2] !== null && s1[a1] !== s2[a2]) {
      throw new ShapeError(`Dot: incompatible input shapes: axis values ${s1[a1]} (at axis ${a1 + 1}) != ${s2[a2]} (at axis ${a2 + 1}). Full input shapes: ${fmtShape([null, ...s1])}, ${fmtShape([null, ...s2])}`);
    }
    const out = [...s1.filter((_, i) => i !== a1), ...s2.filter((_, i) => i !== a2)];
    return [out.length === 0 ? [1] : out];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = floats(0);
    this.u = [floats(0), floats(0)];
    this.inv = [floats(0), floats(0)];
    this.du = [floats(0), floats(0)];
    this.dx = [floats(0), floats(0)];
  }

  forward(): FloatArray {
    throw new ConfigError(`Dot '${this.name}' takes a list of 2 inputs: call it on symbolic tensors inside a Model`);
  }

  backward(): FloatArray | null {
    throw new ConfigError(`Dot '${this.name}' takes a list of 2 inputs: it runs inside a Model`);
  }

  private prepare(shapes: readonly (readonly number[])[]): void {
    if (this.preparedFor === shapes) return;
    this.computeOutputShapes(shapes);
    const axes = this.sampleAxes(shapes[0].length, shapes[1].length);
    this.sides = shapes.map((s, i) => ({ pre: sizeOf(s.slice(0, axes[i])), K: s[axes[i]], post: sizeOf(s.slice(axes[i] + 1)), size: sizeOf(s) }));
    this.preparedFor = shapes;
  }

  /** u = x · rsqrt(max(Σx², ε²)) along the dot axis (Keras 3 ops.normalize); caches the factor per fibre. */
  private normalizeSide(k: number, x: FloatArray, B: number): FloatArray {
    const { pre, K, post, size } = this.sides[k];
    const u = (this.u[k] = grow(this.u[k], B * size));
    const inv = (this.inv[k] = grow(this.inv[k], B * pre * post));
    for (let f = 0; f < B * pre; f++) for (let q = 0; q < post; q++) {
      const base = f * K * post + q;
      let ss = 0;
      for (let c = 0; c < K; c++) ss += x[base + c * post] ** 2;
      const r = 1 / Math.sqrt(Math.max(ss, EPS2));
      inv[f * post + q] = r;
      for (let c = 0; c < K; c++) u[base + c * post] = x[base + c * post] * r;
    }
    return u;
  }

  override callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    this.prepare(ctx.inputShapes);
    const xs = this.xs;
    xs[0] = this.normalize ? this.normalizeSide(0, inputs[0], B) : inputs[0];
    xs[1] = this.normalize ? this.normalizeSide(1, inputs[1], B) : inputs[1];
    const [s1, s2] = this.sides;
    const P = s1.pre * s1.post, Q = s2.pre * s2.post, K = s1.K;
    const y = (this.y = grow(this.y, B * P * Q));
    for (let b = 0; b < B; b++) {
      const x1 = b * s1.size, x2 = b * s2.size;
      for (let p = 0; p < P; p++) {
        const o1 = x1 + Math.floor(p / s1.post) * K * s1.post + (p % s1.post);
        for (let q = 0; q < Q; q++) {
          const o2 = x2 + Math.floor(q / s2.post) * K * s2.post + (q % s2.post);
          let sum = 0;
          for (let c = 0; c < K; c++) sum += xs[0][o1 + c * s1.post] * xs[1][o2 + c * s2.post];
          y[(b * P + p) * Q + q] = sum;
        }
      }
    }
    this.outputMask = null;
    this.callOutputs[0] = y;
    return this.callOutputs;
  }

  override callBackward(dOutputs: readonly (FloatArray | null)[], B: number, need: readonly boolean[]): readonly (FloatArray | null)[] {
    const dy = dOutputs[0]!, xs = this.xs;
    const [s1, s2] = this.sides;
    const P = s1.pre * s1.post, Q = s2.pre * s2.post, K = s1.K;
    const d = this.du;
    d[0] = grow(d[0], B * s1.size);
    d[1] = grow(d[1], B * s2.size);
    d[0].fill(0, 0, B * s1.size);
    d[1].fill(0, 0, B * s2.size);
    for (let b = 0; b < B; b++) {
      const x1 = b * s1.size, x2 = b * s2.size;
      for (let p = 0; p < P; p++) {
        const o1 = x1 + Math.floor(p / s1.post) * K * s1.post + (p % s1.post);
        for (let q = 0; q < Q; q++) {
          const o2 = x2 + Math.floor(q / s2.post) * K * s2.post + (q % s2.post);
          const g = dy[(b * P + p) * Q + q];
          for (let c = 0; c < K; c++) {
            d[0][o1 + c * s1.post] += g * xs[1][o2 + c * s2.post];
            d[1][o2 + c * s2.post] += g * xs[0][o1 + c * s1.post];
          }
        }
      }
    }
    const out = this.callInputGrads;
    out.length = 2;
    for (let k = 0; k < 2; k++) out[k] = !need[k] ? null : this.normalize ? this.normalizeBackward(k, d[k], B) : d[k];
    return out;
  }

  /** dx = r·du − u·r·(u·du) per fibre where Σx² > ε² (r = 1/‖x‖, u = x·r); dx = r·du where the floor is active. */
  private normalizeBackward(k: number, du: FloatArray, B: number): FloatArray {
    const { pre, K, post, size } = this.sides[k];
    const u = this.u[k], inv = this.inv[k];
    const dx = (this.dx[k] = grow(this.dx[k], B * size));
    for (let f = 0; f < B * pre; f++) for (let q = 0; q < post; q++) {
      const base = f * K * post + q, r = inv[f * post + q];
      let dot = 0;
      for (let c = 0; c < K; c++) dot += u[base + c * post] * du[base + c * post];
      const floored = r >= 1 / Math.sqrt(EPS2); // ‖x‖ ≤ ε: the factor is a constant
      for (let c = 0; c < K; c++) dx[base + c * post] = r * du[base + c * post] - (floored ? 0 : u[base + c * post] * r * dot);
    }
    return dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, axes: this.axes, normalize: this.normalize };
  }
}

registerLayer(Dot);

// Permute (Keras 3 keras/src/layers/reshaping/permute.py): reorders the per-sample axes. `dims` is a permutation
// of 1…R, 1-based as in Keras (the batch axis 0 stays first): Permute({ dims: [2, 1] }) turns [B, T, F] into
// [B, F, T]. No mask is passed on (Keras's Permute does not support masking).
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { sizeOf } from '../../tensor/tensor.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';

export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1…R (R = per-sample rank), 1-based: output axis i is input axis dims[i − 1]. */
  dims: number[];
}

/** [B, d1, …, dR] → [B, d_dims[0], …, d_dims[R−1]]. */
export class Permute extends Layer {
  static override className = 'Permute';
  readonly dims: number[];
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  /** Per output position (within a sample) the input position, for the current input shape. */
  private map = new Int32Array(0);
  private mappedFor: readonly number[] | null = null;

  constructor(args: PermuteArgs) {
    checkOptions('Permute', args, ['dims', ...layerArgNames]);
    super(args);
    const dims = args?.dims;
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : null;
    if (!sorted || sorted.length === 0 || sorted.some((d, i) => d !== i + 1)) {
      throw new ConfigError(`Permute: invalid permutation argument dims. The set of indices in dims must be consecutive and start from 1. Received dims=${JSON.stringify(dims)}`);
    }
    this.dims = [...dims!];
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== this.dims.length) {
      throw new ShapeError(`Permute with dims ${JSON.stringify(this.dims)} expects input of rank ${this.dims.length + 1} (batch included), got ${fmtShape([null, ...inputShape])}`);
    }
    return this.dims.map((d) => inputShape[d - 1]);
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = floats(0);
    this.dx = floats(0);
  }

  private prepare(shape: readonly number[]): void {
    if (this.mappedFor === shape) return;
    const R = shape.length, out = this.computeOutputShape(shape), n = sizeOf(shape);
    const inStrides = new Array<number>(R);
    for (let a = R - 1, s = 1; a >= 0; a--) { inStrides[a] = s; s *= shape[a]; }
    const strides = this.dims.map((d) => inStrides[d - 1]);
    const map = (this.map = new Int32Array(n));
    const idx = new Array<number>(R).fill(0);
    for (let j = 0; j < n; j++) {
      let off = 0;
      for (let a = 0; a < R; a++) off += idx[a] * strides[a];
      map[j] = off;
      for (let a = R - 1; a >= 0; a--) { if (++idx[a] < out[a]) break; idx[a] = 0; }
    }
    this.mappedFor = shape;
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.prepare(ctx.inputShape);
    const map = this.map, n = map.length;
    if (this.y.length < B * n) this.y = floats(B * n);
    const y = this.y;
    for (let b = 0; b < B; b++) for (let j = 0; j < n; j++) y[b * n + j] = x[b * n + map[j]];
    this.outputMask = null;
    return y;
  }

  backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const map = this.map, n = map.length;
    if (this.dx.length < B * n) this.dx = floats(B * n);
    const dx = this.dx;
    for (let b = 0; b < B; b++) for (let j = 0; j < n; j++) dx[b * n + map[j]] = dy[b * n + j];
    return dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, dims: [...this.dims] };
  }
}

registerLayer(Permute);

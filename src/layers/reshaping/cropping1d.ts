// Cropping1D (Keras layers/reshaping/cropping1d.py): removes `cropping` = [left, right] steps.
// Input [B, T, C] → [B, T − left − right, C]; at least one step must remain. No mask is passed on (as Keras).
import { registerLayer } from '../../registry/registry.js';
import { ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { pairArg } from './pair_arg.js';

export interface Cropping1DArgs extends LayerArgs {
  /** Steps removed at the start and end: n (both) or [left, right]; default [1, 1]. */
  cropping?: number | [number, number];
}

/** [B, T, C] → [B, T − left − right, C]. @throws ShapeError when nothing would remain. */
export class Cropping1D extends Layer {
  static override className = 'Cropping1D';
  readonly cropping: [number, number];
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private geo = { B: 0, T: 0, C: 0 };

  constructor(args: Cropping1DArgs = {}) {
    checkOptions('Cropping1D', args, ['cropping', ...layerArgNames]);
    super(args);
    this.cropping = pairArg('Cropping1D', 'cropping', args.cropping, 1);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`Cropping1D expects input of shape [batch, steps, channels], got ${fmtShape([null, ...inputShape])}`);
    const T = inputShape[0];
    if (T === null) return [null as unknown as number, inputShape[1]];
    const length = T - this.cropping[0] - this.cropping[1];
    if (length <= 0) throw new ShapeError(`Cropping1D '${this.name}': cropping [${this.cropping.join(', ')}] must leave at least one of the input's ${T} steps (input ${fmtShape([null, ...inputShape])})`);
    return [length, inputShape[1]];
  }

  protected buildWeights(): void {}

  override releaseBuffers(): void {
    this.y = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const [T, C] = ctx.inputShape;
    const [To] = this.computeOutputShape(ctx.inputShape);
    this.geo = { B, T, C };
    if (this.y.length < B * To * C) this.y = floats(B * To * C);
    if (this.dx.length < B * T * C) this.dx = floats(B * T * C);
    const l = this.cropping[0];
    for (let b = 0; b < B; b++) this.y.set(x.subarray((b * T + l) * C, (b * T + l + To) * C), b * To * C);
    this.outputMask = null;
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    const { B, T, C } = this.geo;
    const l = this.cropping[0], To = T - l - this.cropping[1];
    this.dx.fill(0, 0, B * T * C);
    for (let b = 0; b < B; b++) this.dx.set(dy.subarray(b * To * C, (b + 1) * To * C), (b * T + l) * C);
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}), cropping: [...this.cropping] };
  }
}

registerLayer(Cropping1D);

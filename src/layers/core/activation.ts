// Activation (Keras layers/activations/activation.py): applies an activation to its input, any rank.
// Softmax works over the last axis, as Keras's. Rows of the last axis go through the kernel table.
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import type { ActivationId, FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { activationName, getActivation } from '../activations.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';

export interface ActivationArgs extends LayerArgs {
  activation: string;
}

export class Activation extends Layer {
  static override className = 'Activation';
  readonly activation: ActivationId;
  private x: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private rows = 0;
  private cols = 0;

  constructor(args: ActivationArgs) {
    checkOptions('Activation', args, ['activation', ...layerArgNames]);
    super(args);
    this.activation = getActivation(args?.activation, 'Activation');
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected buildWeights(): void {}

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.outputMask = ctx.mask;
    this.cols = ctx.inputShape[ctx.inputShape.length - 1];
    this.rows = (B * ctx.inputShape.reduce((n, d) => n * d, 1)) / this.cols;
    const n = this.rows * this.cols;
    if (this.y.length < n) {
      this.y = floats(n);
      this.dx = floats(n);
    }
    this.x = x;
    kernels().activations.forward(this.y, 0, this.cols, x, 0, this.cols, this.rows, this.cols, this.activation);
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    if (!needInputGrad) return null;
    kernels().activations.backward(this.dx, 0, this.cols, dy, 0, this.cols, this.x, 0, this.cols, this.y, 0, this.cols, this.rows, this.cols, this.activation);
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, activation: activationName(this.activation) };
  }
}

registerLayer(Activation);

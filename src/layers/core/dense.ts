// Dense: y = act(x·kernel + bias) on the last axis, for input of any rank ≥ 2 (Keras layers/core/dense.py).
// Weights: kernel [inputDim, units], bias [units].
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import { kernels } from '../../kernels/kernels.js';
import { getRegularizer, serializeRegularizer, type L1L2, type RegularizerIdentifier } from '../../regularizers/regularizers.js';
import { Act, type ActivationId, type FloatArray } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { activationName, getActivation } from '../activations.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { floats } from '../../memory/precision.js';

export interface DenseArgs extends LayerArgs {
  units: number;
  /** Default 'linear'. */
  activation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}

export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: L1L2 | null;
  readonly biasRegularizer: L1L2 | null;
  private kernel!: Variable;
  private bias: Variable | null = null;
  // scratch, sized for the largest row count seen (rows = batch × leading axes)
  private capacity = 0;
  private z: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dz: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private x: FloatArray = floats(0);

  constructor(args: DenseArgs) {
    checkOptions('Dense', args, ['units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', ...layerArgNames]);
    super(args);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ConfigError(`Dense: units must be a positive integer, got ${args?.units}`);
    }
    this.units = args.units;
    this.activation = getActivation(args.activation ?? 'linear', 'Dense');
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer);
    this.biasRegularizer = getRegularizer(args.biasRegularizer);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 1) {
      throw new ShapeError(`Dense expects input of rank >= 2 [batch, ..., features], got ${fmtShape([null, ...inputShape])}`);
    }
    const features = inputShape[inputShape.length - 1];
    if (this.inputShape && features !== this.inputShape[this.inputShape.length - 1]) {
      throw new ShapeError(`Dense '${this.name}' expects input of shape [batch, ..., ${this.inputShape[this.inputShape.length - 1]}], got ${fmtShape([null, ...inputShape])}`);
    }
    return [...inputShape.slice(0, -1), this.units];
  }

  protected buildWeights(inputShape: readonly number[]): void {
    const inputDim = inputShape[inputShape.length - 1];
    this.kernel = this.addWeight('kernel', [inputDim, this.units], this.kernelInitializer, this.kernelRegularizer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer, this.biasRegularizer);
  }

  /** Rows of the last forward: batch × the axes between batch and features. */
  private M = 0;

  private ensureCapacity(M: number): void {
    if (M <= this.capacity) return;
    const I = this.kernel.shape[0];
    this.capacity = M;
    this.z = floats(M * this.units);
    this.y = this.activation === Act.linear ? this.z : floats(M * this.units);
    this.dz = floats(M * this.units);
    this.dx = floats(M * I);
  }

  override releaseBuffers(): void {
    this.capacity = 0;
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    let M = B;
    for (let i = 0; i < ctx.inputShape.length - 1; i++) M *= ctx.inputShape[i];
    this.M = M;
    this.outputMask = ctx.mask; // Keras Dense passes the mask on
    this.ensureCapacity(M);
    this.x = x;
    const I = this.kernel.shape[0];
    kernels().denseForward(this.y, this.z, x, this.kernel.value, this.bias?.value ?? null, M, I, this.units, this.activation);
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    const M = this.M;
    const I = this.kernel.shape[0];
    kernels().denseBackward(
      needInputGrad ? this.dx : null, this.kernel.grad, this.bias?.grad ?? null, this.dz, dy,
      this.x, this.kernel.value, this.z, this.y, M, I, this.units, this.activation,
    );
    return needInputGrad ? this.dx : null;
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      units: this.units,
      activation: activationName(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
    };
  }
}

registerLayer(Dense);

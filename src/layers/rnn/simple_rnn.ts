// SimpleRNN (Keras layers/rnn/simple_rnn.py): h_t = act(x_t·kernel + bias + h_{t−1}·recurrentKernel).
// Weights: kernel [features, units], recurrentKernel [units, units], bias [units].
// The whole sequence runs in one fused forward kernel and one backward-through-time kernel.
import { checkOptions } from '../../errors.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import { kernels } from '../../kernels/kernels.js';
import type { ActivationId } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { activationName, getActivation } from '../activations.js';
import type { ForwardContext } from '../layer.js';
import { Recurrent, recurrentArgNames, type RecurrentArgs } from './recurrent.js';

export interface SimpleRNNArgs extends RecurrentArgs {
  /** Default 'tanh'. */
  activation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
}

export class SimpleRNN extends Recurrent {
  static override className = 'SimpleRNN';
  readonly stateCount = 1;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  private kernel!: Variable;
  private recurrentKernel!: Variable;
  private bias: Variable | null = null;
  // scratch sized for the largest batch·time seen; see ensureCapacity
  private rowCapacity = 0;
  private batchCapacity = 0;
  private hs: Float32Array = new Float32Array(0);  // [B, T, H] states in processing order
  private zs: Float32Array = new Float32Array(0);  // [B, T, H] pre-activations
  private dzs: Float32Array = new Float32Array(0); // [B, T, H]
  private dx: Float32Array = new Float32Array(0);  // [B, T, I]
  private zeroState: Float32Array = new Float32Array(0); // [B, H]
  private last: Float32Array = new Float32Array(0);      // [B, H] last state (the output without returnSequences)
  private dh: Float32Array = new Float32Array(0);        // [B, H]
  private x: Float32Array = new Float32Array(0);
  private h0: Float32Array = new Float32Array(0);
  private T = 0;

  constructor(args: SimpleRNNArgs) {
    checkOptions('SimpleRNN', args, ['activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', ...recurrentArgNames]);
    super(args);
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation, 'SimpleRNN');
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform');
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
  }

  protected buildWeights(inputShape: readonly number[]): void {
    const features = inputShape[1];
    this.kernel = this.addWeight('kernel', [features, this.units], this.kernelInitializer);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, this.units], this.recurrentInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer);
  }

  private ensureCapacity(B: number, T: number): void {
    const H = this.units;
    const I = this.kernel.shape[0];
    if (B * T > this.rowCapacity) {
      const rows = B * T;
      this.rowCapacity = rows;
      this.hs = new Float32Array(rows * H);
      this.zs = new Float32Array(rows * H);
      this.dzs = new Float32Array(rows * H);
      this.dx = new Float32Array(rows * I);
    }
    if (B > this.batchCapacity) {
      this.batchCapacity = B;
      this.zeroState = new Float32Array(B * H);
      this.last = new Float32Array(B * H);
      this.dh = new Float32Array(B * H);
    }
  }

  forward(x: Float32Array, B: number, ctx: ForwardContext): Float32Array {
    const T = (this.T = ctx.inputShape[0]);
    const H = this.units;
    const I = this.kernel.shape[0];
    this.ensureCapacity(B, T);
    this.x = x;
    this.h0 = ctx.initialState?.[0] ?? this.zeroState;
    kernels().simpleRnnForward(
      this.hs, this.zs, x, this.h0, this.kernel.value, this.recurrentKernel.value, this.bias?.value ?? null,
      B, T, I, H, this.activation, this.goBackwards,
    );
    if (this.returnSequences) return this.hs;
    copyLastStep(this.last, this.hs, B, T, H);
    return this.last;
  }

  backward(dy: Float32Array, B: number, needInputGrad: boolean): Float32Array | null {
    const T = this.T;
    const H = this.units;
    const I = this.kernel.shape[0];
    kernels().simpleRnnBackward(
      needInputGrad ? this.dx : null, null, this.kernel.grad, this.recurrentKernel.grad, this.bias?.grad ?? null,
      this.dzs, this.dh, this.returnSequences ? dy : null, this.returnSequences ? null : dy,
      this.x, this.h0, this.kernel.value, this.recurrentKernel.value, this.hs, this.zs,
      B, T, I, H, this.activation, this.goBackwards,
    );
    return needInputGrad ? this.dx : null;
  }

  protected finalStates(B: number): Float32Array[] {
    if (!this.returnSequences) return [this.last];
    const out = new Float32Array(B * this.units);
    copyLastStep(out, this.hs, B, this.T, this.units);
    return [out];
  }

  getConfig(): Record<string, unknown> {
    return {
      ...this.recurrentConfig(),
      activation: activationName(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
    };
  }
}

/** out[b, :] = hs[b, T−1, :] (the state after the last processing step), without allocating. */
function copyLastStep(out: Float32Array, hs: Float32Array, B: number, T: number, H: number): void {
  for (let b = 0; b < B; b++) {
    const src = (b * T + T - 1) * H;
    for (let j = 0; j < H; j++) out[b * H + j] = hs[src + j];
  }
}

// What SimpleRNN, LSTM and GRU add to Recurrent (Keras SimpleRNNCell / LSTMCell / GRUCell): an activation, a
// recurrent activation (LSTM and GRU), three initializers and three regularizers, and the kernel /
// recurrentKernel / bias weights of G gates.
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import type { ActivationId } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { activationName, getActivation } from '../activations.js';
import { Recurrent, recurrentArgNames, type RecurrentArgs } from './recurrent.js';
import { getRegularizer, serializeRegularizer, type L1L2, type RegularizerIdentifier } from '../../regularizers/regularizers.js';

export interface BuiltinArgs extends RecurrentArgs {
  /** Default 'tanh'. */
  activation?: string | null;
  /**
   * LSTM and GRU: default 'sigmoid'. 'hard_sigmoid' is Keras 3's clip(x/6 + 0.5, 0, 1); 'hard_sigmoid_tfjs' is
   * the clip(0.2x + 0.5, 0, 1) of TF.js and Keras 2, for models that come from there.
   */
  recurrentActivation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}
export const builtinArgNames = [
  'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer',
  'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', ...recurrentArgNames,
] as const;

export abstract class BuiltinRecurrent extends Recurrent {
  readonly activation: ActivationId;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly regularizers: WeightRegularizers;
  protected kernel!: Variable;
  protected recurrentKernel!: Variable;
  protected bias: Variable | null = null;

  constructor(args: BuiltinArgs) {
    super(args);
    const cls = this.getClassName();
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation, cls);
    this.recurrentActivationId = getActivation(args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation, cls);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform');
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.regularizers = weightRegularizers(args);
  }

  get recurrentActivation(): ActivationId {
    return this.recurrentActivationId;
  }

  protected activationId(): ActivationId {
    return this.activation;
  }

  /** kernel [features, G·units] and recurrentKernel [units, G·units]; the bias is the subclass's. */
  protected buildGateWeights(features: number): void {
    const GH = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [features, GH], this.kernelInitializer, this.regularizers.kernel);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, GH], this.recurrentInitializer, this.regularizers.recurrent);
  }

  protected bindWeights(): void {
    this.io.W = this.kernel.value;
    this.io.U = this.recurrentKernel.value;
    this.io.b = this.bias?.value ?? null;
    this.g.dW = this.kernel.grad;
    this.g.dU = this.recurrentKernel.grad;
    this.g.db = this.bias?.grad ?? null;
  }

  protected builtinConfig(): Record<string, unknown> {
    return {
      ...this.recurrentConfig(),
      activation: activationName(this.activation),
      ...(this.gates > 1 ? { recurrentActivation: activationName(this.recurrentActivationId) } : {}),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      ...serializeWeightRegularizers(this.regularizers),
    };
  }
}

/** The three regularizers of a recurrent layer's weights (Keras kernel_/recurrent_/bias_regularizer). */
export interface WeightRegularizers {
  kernel: L1L2 | null;
  recurrent: L1L2 | null;
  bias: L1L2 | null;
}

export function weightRegularizers(args: { kernelRegularizer?: RegularizerIdentifier | null; recurrentRegularizer?: RegularizerIdentifier | null; biasRegularizer?: RegularizerIdentifier | null }): WeightRegularizers {
  return { kernel: getRegularizer(args.kernelRegularizer), recurrent: getRegularizer(args.recurrentRegularizer), bias: getRegularizer(args.biasRegularizer) };
}

export function serializeWeightRegularizers(r: WeightRegularizers): Record<string, unknown> {
  return { kernelRegularizer: serializeRegularizer(r.kernel), recurrentRegularizer: serializeRegularizer(r.recurrent), biasRegularizer: serializeRegularizer(r.bias) };
}

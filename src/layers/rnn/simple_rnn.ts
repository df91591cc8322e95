// SimpleRNN (Keras layers/rnn/simple_rnn.py): h_t = act(x_t·kernel + bias + h_{t−1}·recurrentKernel).
// Weights: kernel [features, units], recurrentKernel [units, units], bias [units].
import { checkOptions } from '../../errors.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import { kernels } from '../../kernels/kernels.js';
import type { ActivationId } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { activationName, getActivation } from '../activations.js';
import { Recurrent, recurrentArgNames, serializeWeightRegularizers, weightRegularizers, type RecurrentArgs, type WeightRegularizers } from './recurrent.js';
import type { RegularizerIdentifier } from '../../regularizers/regularizers.js';

export interface SimpleRNNArgs extends RecurrentArgs {
  /** Default 'tanh'. */
  activation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}

export class SimpleRNN extends Recurrent {
  static override className = 'SimpleRNN';
  readonly stateCount = 1;
  protected readonly gates = 1;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly regularizers: WeightRegularizers;
  private kernel!: Variable;
  private recurrentKernel!: Variable;
  private bias: Variable | null = null;

  constructor(args: SimpleRNNArgs) {
    checkOptions('SimpleRNN', args, ['activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', ...recurrentArgNames]);
    super(args);
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation, 'SimpleRNN');
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform');
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.regularizers = weightRegularizers(args);
  }

  protected activationId(): ActivationId {
    return this.activation;
  }

  protected auxPerStep(): number {
    return 0;
  }

  protected buildWeights(inputShape: readonly number[]): void {
    const r = this.regularizers;
    this.kernel = this.addWeight('kernel', [inputShape[1], this.units], this.kernelInitializer, r.kernel);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, this.units], this.recurrentInitializer, r.recurrent);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer, r.bias);
  }

  protected bindWeights(): void {
    this.io.W = this.kernel.value;
    this.io.U = this.recurrentKernel.value;
    this.io.b = this.bias?.value ?? null;
    this.g.dW = this.kernel.grad;
    this.g.dU = this.recurrentKernel.grad;
    this.g.db = this.bias?.grad ?? null;
  }

  protected runForward(): void {
    kernels().simpleRnnForward(this.io);
  }

  protected runBackward(): void {
    kernels().simpleRnnBackward(this.io, this.g);
  }

  getConfig(): Record<string, unknown> {
    return {
      ...this.recurrentConfig(),
      activation: activationName(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      ...serializeWeightRegularizers(this.regularizers),
    };
  }
}

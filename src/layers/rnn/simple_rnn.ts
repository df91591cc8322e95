// SimpleRNN (Keras layers/rnn/simple_rnn.py): h_t = act(x_t·kernel + bias + h_{t−1}·recurrentKernel).
// Weights: kernel [features, units], recurrentKernel [units, units], bias [units].
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import { BuiltinRecurrent, builtinArgNames, type BuiltinArgs } from './builtin.js';

export type SimpleRNNArgs = Omit<BuiltinArgs, 'recurrentActivation'>;

export class SimpleRNN extends BuiltinRecurrent {
  static override className = 'SimpleRNN';
  readonly stateCount = 1;
  protected readonly gates = 1;

  constructor(args: SimpleRNNArgs) {
    checkOptions('SimpleRNN', args, builtinArgNames);
    super(args);
  }

  protected auxPerStep(): number {
    return 0;
  }

  protected buildWeights(inputShape: readonly number[]): void {
    this.buildGateWeights(inputShape[1]);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer, this.regularizers.bias);
  }

  protected runForward(): void {
    kernels().simpleRnnForward(this.io);
  }

  protected runBackward(): void {
    kernels().simpleRnnBackward(this.io, this.g);
  }

  getConfig(): Record<string, unknown> {
    return this.builtinConfig();
  }
}

registerLayer(SimpleRNN);

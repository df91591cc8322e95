// LSTM (Keras layers/rnn/lstm.py): gates [i, f, c, o]; states [h, c].
// Weights: kernel [features, 4·units], recurrentKernel [units, 4·units], bias [4·units]; with
// unitForgetBias (default) the bias starts as [0]*u + [1]*u + [0]*2u whatever biasInitializer says for f.
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import { Initializer } from '../../initializers/initializers.js';
import { kernels } from '../../kernels/kernels.js';
import { BuiltinRecurrent, builtinArgNames, type BuiltinArgs } from './builtin.js';
import type { FloatArray } from '../../kernels/types.js';

export interface LSTMArgs extends BuiltinArgs {
  /** Default 'sigmoid'; see docs/DECISIONS.md for 'hard_sigmoid' and 'hard_sigmoid_tfjs'. */
  recurrentActivation?: string | null;
  /** Add 1 to the forget-gate bias at initialisation; default true. */
  unitForgetBias?: boolean;
  /** Keras's implementation switch (1 or 2); accepted for compatibility, results are the same. */
  implementation?: number | null;
}

/** Keras's unit_forget_bias initializer: biasInitializer for i, c, o and ones for f. */
class ForgetBiasInitializer extends Initializer {
  static override className = 'UnitForgetBias';
  constructor(private readonly base: Initializer, private readonly units: number) {
    super();
  }
  fill(out: FloatArray | Float64Array): void {
    const u = this.units;
    this.base.fill(out.subarray(0, u), [u]);
    out.fill(1, u, 2 * u);
    this.base.fill(out.subarray(2 * u, 4 * u), [2 * u]);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export class LSTM extends BuiltinRecurrent {
  static override className = 'LSTM';
  readonly stateCount = 2;
  protected readonly gates = 4;
  readonly unitForgetBias: boolean;
  readonly implementation: number | null;

  constructor(args: LSTMArgs) {
    checkOptions('LSTM', args, ['unitForgetBias', 'implementation', 'recurrentActivation', ...builtinArgNames]);
    super(args);
    this.unitForgetBias = args.unitForgetBias ?? true;
    this.implementation = args.implementation ?? null;
  }

  protected auxPerStep(): number {
    return this.units; // act(c)
  }

  protected buildWeights(inputShape: readonly number[]): void {
    this.buildGateWeights(inputShape[1]);
    if (!this.useBias) return;
    const init = this.unitForgetBias ? new ForgetBiasInitializer(this.biasInitializer, this.units) : this.biasInitializer;
    this.bias = this.addWeight('bias', [4 * this.units], init, this.regularizers.bias);
  }

  protected runForward(): void {
    kernels().lstmForward(this.io);
  }

  protected runBackward(): void {
    kernels().lstmBackward(this.io, this.g);
  }

  getConfig(): Record<string, unknown> {
    return { ...this.builtinConfig(), unitForgetBias: this.unitForgetBias, implementation: this.implementation };
  }
}

registerLayer(LSTM);

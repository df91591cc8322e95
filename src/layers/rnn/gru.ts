// GRU (Keras layers/rnn/gru.py): gates [z, r, h]; h = z⊙h_prev + (1−z)⊙h̃.
// resetAfter true (default): bias [2, 3·units] (row 0 input, row 1 recurrent), reset applied after the
// recurrent product; false: bias [3·units], reset applied to the state before it (TF.js's only form).
import { registerLayer } from '../../registry/registry.js';
import { checkOptions } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import { BuiltinRecurrent, builtinArgNames, type BuiltinArgs } from './builtin.js';

export interface GRUArgs extends BuiltinArgs {
  /** Default 'sigmoid'; see docs/DECISIONS.md for 'hard_sigmoid' and 'hard_sigmoid_tfjs'. */
  recurrentActivation?: string | null;
  /** Default true (Keras 3 and cuDNN convention). */
  resetAfter?: boolean;
  /** Keras's implementation switch (1 or 2); accepted for compatibility, results are the same. */
  implementation?: number | null;
}

export class GRU extends BuiltinRecurrent {
  static override className = 'GRU';
  readonly stateCount = 1;
  protected readonly gates = 3;
  readonly resetAfter: boolean;
  readonly implementation: number | null;

  constructor(args: GRUArgs) {
    checkOptions('GRU', args, ['resetAfter', 'implementation', 'recurrentActivation', ...builtinArgNames]);
    super(args);
    this.resetAfter = args.resetAfter ?? true;
    this.implementation = args.implementation ?? null;
  }

  protected auxPerStep(): number {
    return this.resetAfter ? 3 * this.units : this.units;
  }

  protected buildWeights(inputShape: readonly number[]): void {
    this.buildGateWeights(inputShape[1]);
    if (!this.useBias) return;
    const shape = this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
    this.bias = this.addWeight('bias', shape, this.biasInitializer, this.regularizers.bias);
  }

  protected runForward(): void {
    kernels().gruForward(this.io, this.resetAfter);
  }

  protected runBackward(): void {
    kernels().gruBackward(this.io, this.g, this.resetAfter);
  }

  getConfig(): Record<string, unknown> {
    return { ...this.builtinConfig(), resetAfter: this.resetAfter, implementation: this.implementation };
  }
}

registerLayer(GRU);

// Adadelta (Keras optimizers/adadelta.py): learningRate 0.001, rho 0.95, epsilon 1e-7.
import { checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { FloatArray } from '../kernels/types.js';
import type { ParamStore } from '../memory/param_store.js';
import { floats } from '../memory/precision.js';
import { BASE_OPTIONS, Optimizer, type OptimizerArgs } from './optimizer.js';

export interface AdadeltaArgs extends OptimizerArgs {
  rho?: number;
  epsilon?: number;
}

export class Adadelta extends Optimizer {
  static override className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;
  private accumulatedGrads: FloatArray = floats(0);
  private accumulatedDeltas: FloatArray = floats(0);

  constructor(args: AdadeltaArgs = {}) {
    checkOptions('Adadelta', args, [...BASE_OPTIONS, 'rho', 'epsilon']);
    super(args, 0.001);
    this.rho = args.rho ?? 0.95;
    this.epsilon = args.epsilon ?? 1e-7;
    Optimizer.requireRange('Adadelta', 'rho', this.rho, 0, 1);
    Optimizer.requireRange('Adadelta', 'epsilon', this.epsilon, 0, Infinity);
  }

  protected buildSlots(store: ParamStore): void {
    this.accumulatedGrads = this.addSlot(store);
    this.accumulatedDeltas = this.addSlot(store);
  }

  protected update(store: ParamStore, lr: number): void {
    kernels().adadeltaUpdate(store.values, store.grads, this.accumulatedGrads, this.accumulatedDeltas, store.trainableSize, lr, this.rho, this.epsilon);
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

// Adamax (Keras optimizers/adamax.py): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
import { checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { FloatArray } from '../kernels/types.js';
import type { ParamStore } from '../memory/param_store.js';
import { floats } from '../memory/precision.js';
import { BASE_OPTIONS, Optimizer, type OptimizerArgs } from './optimizer.js';

export interface AdamaxArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adamax extends Optimizer {
  static override className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private m: FloatArray = floats(0);
  private u: FloatArray = floats(0);

  constructor(args: AdamaxArgs = {}) {
    checkOptions('Adamax', args, [...BASE_OPTIONS, 'beta1', 'beta2', 'epsilon']);
    super(args, 0.001);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    Optimizer.requireRange('Adamax', 'beta1', this.beta1, 0, 1);
    Optimizer.requireRange('Adamax', 'beta2', this.beta2, 0, 1);
    Optimizer.requireRange('Adamax', 'epsilon', this.epsilon, 0, Infinity);
  }

  protected buildSlots(store: ParamStore): void {
    this.m = this.addSlot(store);
    this.u = this.addSlot(store);
  }

  protected update(store: ParamStore, lr: number, t: number): void {
    kernels().adamaxUpdate(store.values, store.grads, this.m, this.u, store.trainableSize, lr, this.beta1, this.beta2, this.epsilon, t);
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

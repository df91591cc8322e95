// Nadam (Keras optimizers/nadam.py): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7; Adam with
// Nesterov momentum and Keras's momentum schedule u_t = β₁(1 − ½·0.96ᵗ), whose running product is state.
import { checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { FloatArray } from '../kernels/types.js';
import type { ParamStore } from '../memory/param_store.js';
import { floats } from '../memory/precision.js';
import { BASE_OPTIONS, Optimizer, type OptimizerArgs } from './optimizer.js';

export interface NadamArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Nadam extends Optimizer {
  static override className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private m: FloatArray = floats(0);
  private v: FloatArray = floats(0);
  /** Π u_1..u_t over the updates so far (Keras `_u_product`). */
  private uProduct = 1;

  constructor(args: NadamArgs = {}) {
    checkOptions('Nadam', args, [...BASE_OPTIONS, 'beta1', 'beta2', 'epsilon']);
    super(args, 0.001);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    Optimizer.requireRange('Nadam', 'beta1', this.beta1, 0, 1);
    Optimizer.requireRange('Nadam', 'beta2', this.beta2, 0, 1);
    Optimizer.requireRange('Nadam', 'epsilon', this.epsilon, 0, Infinity);
  }

  protected buildSlots(store: ParamStore): void {
    this.m = this.addSlot(store);
    this.v = this.addSlot(store);
    this.uProduct = 1;
  }

  protected update(store: ParamStore, lr: number, t: number): void {
    this.uProduct *= this.beta1 * (1 - 0.5 * Math.pow(0.96, t));
    kernels().nadamUpdate(store.values, store.grads, this.m, this.v, store.trainableSize, lr, this.beta1, this.beta2, this.epsilon, t, this.uProduct);
  }

  protected override extraScalars(): number[] {
    return [this.uProduct];
  }
  protected override setExtraScalars(values: number[]): void {
    this.uProduct = values[0] ?? 1;
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

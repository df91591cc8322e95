// Adam (Keras optimizers/adam.py): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false.
// Keras applies ε to √v before bias correction (see kernels/ref/optimizers.ts); TF.js does not.
import { checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { ParamStore } from '../memory/param_store.js';
import { BASE_OPTIONS, Optimizer, type OptimizerArgs } from './optimizer.js';
import { floats } from '../memory/precision.js';
import type { FloatArray } from '../kernels/types.js';

export interface AdamArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

export class Adam extends Optimizer {
  static override className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  private m: FloatArray = floats(0);
  private v: FloatArray = floats(0);
  private vHat: FloatArray | null = null;

  constructor(args: AdamArgs = {}) {
    checkOptions('Adam', args, [...BASE_OPTIONS, 'beta1', 'beta2', 'epsilon', 'amsgrad']);
    super(args, 0.001);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.amsgrad = args.amsgrad ?? false;
    Optimizer.requireRange('Adam', 'beta1', this.beta1, 0, 1);
    Optimizer.requireRange('Adam', 'beta2', this.beta2, 0, 1);
    Optimizer.requireRange('Adam', 'epsilon', this.epsilon, 0, Infinity);
  }

  protected buildSlots(store: ParamStore): void {
    this.m = this.addSlot(store);
    this.v = this.addSlot(store);
    this.vHat = this.amsgrad ? this.addSlot(store) : null;
  }

  protected update(store: ParamStore, lr: number, t: number): void {
    kernels().adamUpdate(store.values, store.grads, this.m, this.v, this.vHat, store.trainableSize, lr, this.beta1, this.beta2, this.epsilon, t);
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

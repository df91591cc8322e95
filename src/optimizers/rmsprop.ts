// RMSprop (Keras optimizers/rmsprop.py): learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false.
// Keras 3 puts ε inside the square root: w −= lr·g/√(v + ε).
import { checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { ParamStore } from '../memory/param_store.js';
import { BASE_OPTIONS, Optimizer, type OptimizerArgs } from './optimizer.js';
import { floats } from '../memory/precision.js';
import type { FloatArray } from '../kernels/types.js';

export interface RMSpropArgs extends OptimizerArgs {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

export class RMSprop extends Optimizer {
  static override className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  private velocity: FloatArray = floats(0);
  private moments: FloatArray | null = null;
  private averageGradients: FloatArray | null = null;

  constructor(args: RMSpropArgs = {}) {
    checkOptions('RMSprop', args, [...BASE_OPTIONS, 'rho', 'momentum', 'epsilon', 'centered']);
    super(args, 0.001);
    this.rho = args.rho ?? 0.9;
    this.momentum = args.momentum ?? 0;
    this.epsilon = args.epsilon ?? 1e-7;
    this.centered = args.centered ?? false;
    Optimizer.requireRange('RMSprop', 'rho', this.rho, 0, 1);
    Optimizer.requireRange('RMSprop', 'momentum', this.momentum, 0, 1);
    Optimizer.requireRange('RMSprop', 'epsilon', this.epsilon, 0, Infinity);
  }

  protected buildSlots(store: ParamStore): void {
    this.velocity = this.addSlot(store);
    this.moments = this.momentum > 0 ? this.addSlot(store) : null;
    this.averageGradients = this.centered ? this.addSlot(store) : null;
  }

  protected update(store: ParamStore, lr: number): void {
    kernels().rmspropUpdate(store.values, store.grads, this.velocity, this.moments, this.averageGradients, store.trainableSize, lr, this.rho, this.momentum, this.epsilon);
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

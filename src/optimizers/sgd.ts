// SGD (Keras optimizers/sgd.py): learningRate 0.01, momentum 0, nesterov false.
import { checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { ParamStore } from '../memory/param_store.js';
import { BASE_OPTIONS, Optimizer, type OptimizerArgs } from './optimizer.js';
import type { FloatArray } from '../kernels/types.js';

export interface SGDArgs extends OptimizerArgs {
  momentum?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  static override className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  private velocity: FloatArray | null = null;

  constructor(args: SGDArgs = {}) {
    checkOptions('SGD', args, [...BASE_OPTIONS, 'momentum', 'nesterov']);
    super(args, 0.01);
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    Optimizer.requireRange('SGD', 'momentum', this.momentum, 0, 1);
  }

  protected buildSlots(store: ParamStore): void {
    this.velocity = this.momentum > 0 ? this.addSlot(store) : null;
  }

  protected update(store: ParamStore, lr: number): void {
    kernels().sgdUpdate(store.values, store.grads, this.velocity, store.trainableSize, lr, this.momentum, this.nesterov);
  }

  protected ownConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

// Adagrad (Keras optimizers/adagrad.py): learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7.
import { checkOptions } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { FloatArray } from '../kernels/types.js';
import type { ParamStore } from '../memory/param_store.js';
import { floats } from '../memory/precision.js';
import { BASE_OPTIONS, Optimizer, type OptimizerArgs } from './optimizer.js';

export interface AdagradArgs extends OptimizerArgs {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

export class Adagrad extends Optimizer {
  static override className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  private accumulators: FloatArray = floats(0);

  constructor(args: AdagradArgs = {}) {
    checkOptions('Adagrad', args, [...BASE_OPTIONS, 'initialAccumulatorValue', 'epsilon']);
    super(args, 0.001);
    this.initialAccumulatorValue = args.initialAccumulatorValue ?? 0.1;
    this.epsilon = args.epsilon ?? 1e-7;
    Optimizer.requireRange('Adagrad', 'initialAccumulatorValue', this.initialAccumulatorValue, 0, Infinity);
    Optimizer.requireRange('Adagrad', 'epsilon', this.epsilon, 0, Infinity);
  }

  protected buildSlots(store: ParamStore): void {
    this.accumulators = this.addSlot(store);
    this.accumulators.fill(this.initialAccumulatorValue);
  }

  protected update(store: ParamStore, lr: number): void {
    kernels().adagradUpdate(store.values, store.grads, this.accumulators, store.trainableSize, lr, this.epsilon);
  }

  protected ownConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

// Optimizer base (Keras optimizers/base_optimizer.py, reduced to what rnnkit needs): a learning rate,
// an iteration counter, slots allocated in the model's flat layout, and one update over the whole
// parameter buffer per step.
import { ConfigError } from '../errors.js';
import type { ParamStore } from '../memory/param_store.js';

export interface OptimizerArgs {
  learningRate?: number;
}

export abstract class Optimizer {
  static className = 'Optimizer';
  learningRate: number;
  /** Number of updates applied so far (Keras `optimizer.iterations`). */
  iterations = 0;
  private store: ParamStore | null = null;

  constructor(args: OptimizerArgs, defaultLearningRate: number) {
    this.learningRate = args.learningRate ?? defaultLearningRate;
    if (!(this.learningRate >= 0) || !Number.isFinite(this.learningRate)) {
      throw new ConfigError(`${this.getClassName()}: learningRate must be a finite number >= 0, got ${args.learningRate}`);
    }
  }

  getClassName(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  /** Allocates the slots (momenta, velocities …) for a parameter store. */
  protected abstract buildSlots(store: ParamStore): void;
  /** Applies one update with the gradients in `store.grads`; `t` is the 1-based step number. */
  protected abstract update(store: ParamStore, lr: number, t: number): void;
  /** Constructor arguments. */
  abstract getConfig(): Record<string, unknown>;

  /** One step over every parameter of `store` (slots are created on the first call). */
  applyGradients(store: ParamStore): void {
    if (this.store !== store) {
      this.store = store;
      this.buildSlots(store);
    }
    this.update(store, this.learningRate, this.iterations + 1);
    this.iterations++;
  }

  protected static requireRange(owner: string, name: string, value: number, lo: number, hi: number): void {
    if (!(value >= lo && value <= hi)) throw new ConfigError(`${owner}: ${name} must be in [${lo}, ${hi}], got ${value}`);
  }
}

// Optimizer base (Keras optimizers/base_optimizer.py): a learning rate (a number or a schedule of the step
// counter), gradient clipping (clipnorm per variable, else globalClipnorm, else clipvalue — Keras's order),
// decoupled weight decay (w −= w·weightDecay·lr before the update), slots allocated in the model's flat
// layout, and one update over the whole trainable buffer per step.
import { ConfigError } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { FloatArray } from '../kernels/types.js';
import type { ParamStore } from '../memory/param_store.js';
import { LearningRateSchedule } from './schedules.js';

export interface OptimizerArgs {
  learningRate?: number | LearningRateSchedule;
  /** Clip each variable's gradient to this L2 norm. */
  clipnorm?: number | null;
  /** Clip every gradient value to [−clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Scale all gradients together so that their joint L2 norm is at most this. */
  globalClipnorm?: number | null;
  /** Decoupled weight decay rate (0 or null: none). */
  weightDecay?: number | null;
}

/** Option names every optimizer accepts (subclasses add theirs). */
export const BASE_OPTIONS = ['learningRate', 'clipnorm', 'clipvalue', 'globalClipnorm', 'weightDecay'] as const;

export abstract class Optimizer {
  static className = 'Optimizer';
  /** Number of updates applied so far (Keras `optimizer.iterations`). */
  iterations = 0;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  readonly weightDecay: number | null;
  private rate: number | LearningRateSchedule;
  private store: ParamStore | null = null;
  /** Slot buffers in creation order (the optimizer's variables, for checkpoints). */
  protected readonly slots: FloatArray[] = [];

  constructor(args: OptimizerArgs, defaultLearningRate: number) {
    this.rate = defaultLearningRate;
    this.learningRate = args.learningRate ?? defaultLearningRate;
    const optional = (name: 'clipnorm' | 'clipvalue' | 'globalClipnorm' | 'weightDecay'): number | null => {
      const v = args[name];
      if (v === undefined || v === null) return null;
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new ConfigError(`${this.getClassName()}: ${name} must be a finite number >= 0, got ${String(v)}`);
      return v;
    };
    this.clipnorm = optional('clipnorm');
    this.clipvalue = optional('clipvalue');
    this.globalClipnorm = optional('globalClipnorm');
    this.weightDecay = optional('weightDecay');
    if (this.clipnorm !== null && this.globalClipnorm !== null) {
      throw new ConfigError(`${this.getClassName()}: only one of clipnorm and globalClipnorm can be set`);
    }
  }

  /** The learning rate of the next update (a schedule is evaluated at `iterations`). */
  get learningRate(): number {
    return typeof this.rate === 'number' ? this.rate : this.rate.call(this.iterations);
  }

  /** Sets a constant rate or a schedule; a constant cannot replace a schedule (Keras raises too). */
  set learningRate(value: number | LearningRateSchedule) {
    if (value instanceof LearningRateSchedule) {
      this.rate = value;
      return;
    }
    if (this.rate instanceof LearningRateSchedule) {
      throw new ConfigError(`${this.getClassName()} was created with a LearningRateSchedule, so its learning rate is not settable`);
    }
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
      throw new ConfigError(`${this.getClassName()}: learningRate must be a finite number >= 0 or a LearningRateSchedule, got ${String(value)}`);
    }
    this.rate = value;
  }

  /** The schedule, when the learning rate is one. */
  get schedule(): LearningRateSchedule | null {
    return this.rate instanceof LearningRateSchedule ? this.rate : null;
  }

  getClassName(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  /** Allocates the slots (momenta, velocities …) for a parameter store, through `addSlot`. */
  protected abstract buildSlots(store: ParamStore): void;
  /** Applies one update with the gradients in `store.grads`; `t` is the 1-based step number. */
  protected abstract update(store: ParamStore, lr: number, t: number): void;
  /** The subclass's own constructor arguments. */
  protected abstract ownConfig(): Record<string, unknown>;

  /** Constructor arguments (a schedule is given by its class name and config). */
  getConfig(): Record<string, unknown> {
    const schedule = this.schedule;
    const learningRate = schedule ? { className: schedule.getClassName(), config: schedule.getConfig() } : this.learningRate;
    const base: Record<string, unknown> = { learningRate };
    for (const k of ['clipnorm', 'clipvalue', 'globalClipnorm', 'weightDecay'] as const) if (this[k] !== null) base[k] = this[k];
    return { ...base, ...this.ownConfig() };
  }

  protected addSlot(store: ParamStore): FloatArray {
    const slot = store.slot();
    this.slots.push(slot);
    return slot;
  }

  /** Whether slots exist (the first update creates them). */
  get built(): boolean {
    return this.store !== null;
  }

  /** Creates the slots for `store` (the first update does it too). */
  build(store: ParamStore): void {
    if (this.store === store) return;
    this.store = store;
    this.slots.length = 0;
    this.buildSlots(store);
  }

  /** The optimizer's state: scalars (iteration count first) and one slot buffer per slot, for checkpoints. */
  getState(): { scalars: number[]; slots: FloatArray[] } {
    return { scalars: [this.iterations, ...this.extraScalars()], slots: this.slots };
  }

  /** Restores `getState()` output (slots copied into this optimizer's slots for `store`). */
  setState(store: ParamStore, state: { scalars: number[]; slots: ArrayLike<number>[] }): void {
    this.build(store);
    if (state.slots.length !== this.slots.length) {
      throw new ConfigError(`${this.getClassName()} has ${this.slots.length} slot buffers, the saved state has ${state.slots.length}`);
    }
    state.slots.forEach((s, i) => {
      if (s.length !== this.slots[i].length) throw new ConfigError(`${this.getClassName()}: saved slot ${i} has ${s.length} values, expected ${this.slots[i].length}`);
      this.slots[i].set(s);
    });
    this.iterations = state.scalars[0] ?? 0;
    this.setExtraScalars(state.scalars.slice(1));
  }

  /** Scalar state beyond the iteration count (Nadam's running product). */
  protected extraScalars(): number[] {
    return [];
  }
  protected setExtraScalars(_values: number[]): void {}

  /** One step over every trainable parameter of `store`: clip, decay, update (slots are created on the first call). */
  applyGradients(store: ParamStore): void {
    this.build(store);
    const lr = this.learningRate;
    this.clipGradients(store);
    const k = kernels();
    if (this.weightDecay) k.decayWeights(store.values, store.trainableSize, this.weightDecay * lr);
    this.update(store, lr, this.iterations + 1);
    this.iterations++;
  }

  private clipGradients(store: ParamStore): void {
    const k = kernels();
    const g = store.grads;
    const seg = store.segments;
    if (this.clipnorm) {
      for (let v = 0; v + 1 < seg.length; v++) {
        const norm = Math.sqrt(k.sumSquares(g, seg[v], seg[v + 1]));
        if (norm > this.clipnorm) k.scaleRange(g, seg[v], seg[v + 1], this.clipnorm / norm);
      }
    } else if (this.globalClipnorm) {
      const norm = Math.sqrt(k.sumSquares(g, 0, store.trainableSize));
      if (norm > this.globalClipnorm) k.scaleRange(g, 0, store.trainableSize, this.globalClipnorm / norm);
    } else if (this.clipvalue) {
      k.clipByValue(g, store.trainableSize, this.clipvalue);
    }
  }

  protected static requireRange(owner: string, name: string, value: number, lo: number, hi: number): void {
    if (!(value >= lo && value <= hi)) throw new ConfigError(`${owner}: ${name} must be in [${lo}, ${hi}], got ${value}`);
  }
}

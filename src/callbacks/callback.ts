// Callback base and the list that drives callbacks during fit (Keras callbacks/callback.py and
// callback_list.py). Hooks receive the epoch or batch index and the logs; any hook may return a promise,
// which fit awaits. Setting `model.stopTraining = true` ends fit after the current batch.
import type { Model } from '../models/model.js';

export type Logs = Record<string, number>;
type Maybe = void | Promise<void>;

export class Callback {
  model: Model | null = null;
  params: Record<string, unknown> = {};

  setModel(model: Model): void {
    this.model = model;
  }

  setParams(params: Record<string, unknown>): void {
    this.params = params;
  }

  onTrainBegin(_logs?: Logs): Maybe {}
  onTrainEnd(_logs?: Logs): Maybe {}
  onEpochBegin(_epoch: number, _logs?: Logs): Maybe {}
  onEpochEnd(_epoch: number, _logs?: Logs): Maybe {}
  onTrainBatchBegin(_batch: number, _logs?: Logs): Maybe {}
  onTrainBatchEnd(_batch: number, _logs?: Logs): Maybe {}

  /** The model, or a clear error when the callback is used outside fit. */
  protected requireModel(): Model {
    if (!this.model) throw new Error(`${this.constructor.name} is not attached to a model: pass it to fit({ callbacks: [...] })`);
    return this.model;
  }
}

/** Calls a hook on every callback in order, awaiting only hooks that return a promise. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}

  setModel(model: Model): void {
    for (const c of this.callbacks) c.setModel(model);
  }

  setParams(params: Record<string, unknown>): void {
    for (const c of this.callbacks) c.setParams(params);
  }

  async onTrainBegin(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  async onTrainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  async onEpochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }

  /** Batch hooks run every step: nothing is allocated, and no promise made, unless a hook returns one. */
  onTrainBatchBegin(batch: number, logs: Logs): Promise<void> | null {
    for (let i = 0; i < this.callbacks.length; i++) {
      const result = this.callbacks[i].onTrainBatchBegin(batch, logs);
      if (result) return this.finish(result, i + 1, 'onTrainBatchBegin', batch, logs);
    }
    return null;
  }

  onTrainBatchEnd(batch: number, logs: Logs): Promise<void> | null {
    for (let i = 0; i < this.callbacks.length; i++) {
      const result = this.callbacks[i].onTrainBatchEnd(batch, logs);
      if (result) return this.finish(result, i + 1, 'onTrainBatchEnd', batch, logs);
    }
    return null;
  }

  /** Awaits a hook's promise, then runs the same hook on the remaining callbacks in order. */
  private async finish(pending: Promise<void>, from: number, hook: 'onTrainBatchBegin' | 'onTrainBatchEnd', batch: number, logs: Logs): Promise<void> {
    await pending;
    for (let i = from; i < this.callbacks.length; i++) await this.callbacks[i][hook](batch, logs);
  }
}

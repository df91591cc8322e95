// LearningRateScheduler (Keras callbacks/learning_rate_scheduler.py): at the start of each epoch, sets the
// optimizer's learning rate to schedule(epoch, currentRate); records it as `learning_rate` in the logs.
import { ConfigError } from '../errors.js';
import { Callback, type Logs } from './callback.js';

export type EpochSchedule = (epoch: number, learningRate: number) => number;

export class LearningRateScheduler extends Callback {
  constructor(readonly schedule: EpochSchedule, readonly verbose: 0 | 1 = 0) {
    super();
    if (typeof schedule !== 'function') throw new ConfigError('LearningRateScheduler needs a function (epoch, learningRate) => learningRate');
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.requireModel().optimizer!;
    const next = this.schedule(epoch, optimizer.learningRate);
    if (typeof next !== 'number' || !Number.isFinite(next)) {
      throw new ConfigError(`LearningRateScheduler: the schedule must return a finite number, got ${String(next)} at epoch ${epoch}`);
    }
    optimizer.learningRate = next;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${next}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = this.requireModel().optimizer!.learningRate;
  }
}

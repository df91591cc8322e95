// TerminateOnNaN (Keras callbacks/terminate_on_nan.py): stops training at the first batch whose loss is
// NaN or infinite, or throws when raiseError is set.
import { Callback, type Logs } from './callback.js';

export class TerminateOnNaN extends Callback {
  constructor(readonly args: { raiseError?: boolean } = {}) {
    super();
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    if (this.args.raiseError) throw new Error(`Loss is ${loss} at batch ${batch}: training stopped (TerminateOnNaN)`);
    console.log(`Batch ${batch}: Invalid loss, terminating training`);
    this.requireModel().stopTraining = true;
  }
}

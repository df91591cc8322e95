// ProgbarLogger: the progress display fit adds when verbose > 0 (Keras callbacks/progbar_logger.py),
// drawing with ProgressLogger: a live bar on a terminal, one line per epoch elsewhere.
import { Callback, type Logs } from './callback.js';
import { ProgressLogger, type Verbosity } from './progbar.js';

export class ProgbarLogger extends Callback {
  private readonly display: ProgressLogger;
  private epochs = 1;
  private steps = 1;

  constructor(verbose: Verbosity = 1) {
    super();
    this.display = new ProgressLogger(verbose);
  }

  override setParams(params: Record<string, unknown>): void {
    super.setParams(params);
    this.epochs = Number(params.epochs ?? 1);
    this.steps = Number(params.steps ?? 1);
  }

  override onEpochBegin(epoch: number): void {
    this.display.onEpochBegin(epoch, this.epochs);
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    this.display.onBatchEnd(batch + 1, this.steps, logs);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    this.display.onEpochEnd(this.steps, logs);
  }
}

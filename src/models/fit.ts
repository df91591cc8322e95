// The epoch loop of `Sequential.fit` (Keras trainers/trainer.py semantics): reshuffle every epoch,
// batches of batchSize (the last one smaller), the epoch loss = mean of batch losses weighted by batch size.
// The loop reuses one permutation and the model's batch buffers: steps allocate nothing.
import { checkOptions } from '../errors.js';
import { History } from '../callbacks/history.js';
import { ProgressLogger, type Verbosity } from '../callbacks/progbar.js';
import { getRandom } from '../random/random.js';
import type { TensorLike } from '../tensor/tensor.js';
import { gatherRows, positiveInt, sampleSize } from './data_adapter.js';
import type { Sequential } from './sequential.js';

export interface FitArgs {
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Reshuffle the samples before every epoch; default true. */
  shuffle?: boolean;
  /** 0 silent, 1 progress bar (one line per epoch when not a terminal), 2 one line per epoch; default 1. */
  verbose?: Verbosity;
}

export async function fitLoop(model: Sequential, x: TensorLike, y: TensorLike, args: FitArgs): Promise<History> {
  checkOptions('fit', args, ['epochs', 'batchSize', 'shuffle', 'verbose']);
  const epochs = positiveInt(args.epochs ?? 1, 'epochs');
  const batchSize = positiveInt(args.batchSize ?? 32, 'batchSize');
  const shuffle = args.shuffle ?? true;
  const verbose = args.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new RangeError(`verbose must be 0, 1 or 2, got ${String(verbose)}`);
  const data = model.prepareData(x, y);
  const n = data.x.shape[0];
  const xSize = sampleSize(data.x);
  const ySize = sampleSize(data.y);
  const steps = Math.ceil(n / batchSize);
  model.ensureCapacity(Math.min(batchSize, n));

  const history = new History();
  history.params = { epochs, steps, verbose };
  const progress = new ProgressLogger(verbose);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = getRandom();
  const logs = { loss: 0 };
  model.stopTraining = false;

  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    if (shuffle) rng.shuffle(order);
    progress.onEpochBegin(epoch, epochs);
    let weighted = 0;
    for (let step = 0; step < steps; step++) {
      const start = step * batchSize;
      const B = Math.min(batchSize, n - start);
      gatherRows(model.xBatch, data.x.data, order, start, B, xSize);
      gatherRows(model.yBatch, data.y.data, order, start, B, ySize);
      weighted += model.trainStep(model.xBatch, model.yBatch, B) * B;
      logs.loss = weighted / (start + B);
      progress.onBatchEnd(step + 1, steps, logs);
    }
    history.record(epoch, { loss: weighted / n });
    progress.onEpochEnd(steps, { loss: weighted / n });
  }
  return history;
}

// The epoch loop of `Sequential.fit` (Keras trainers/trainer.py + backend/tensorflow/trainer.py semantics):
// validation split taken from the end before shuffling, reshuffle every epoch, batches of batchSize (the last
// one smaller), callbacks around every batch and epoch, the epoch loss = mean of batch losses weighted by
// batch size, validation after each epoch, `stopTraining` checked after every batch.
// Steps reuse one permutation and the model's batch buffers: a step allocates nothing.
import { ConfigError, ShapeError, checkOptions } from '../errors.js';
import { Callback, CallbackList, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgbarLogger } from '../callbacks/progbar_logger.js';
import type { Verbosity } from '../callbacks/progbar.js';
import { getRandom } from '../random/random.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { gatherRows, positiveInt, sampleSize, sliceSamples } from './data_adapter.js';
import { classWeightRows, sampleWeightRows } from './sample_weights.js';
import type { Sequential } from './sequential.js';

export interface FitArgs {
  /** Train until epoch index `epochs` (default 1). */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** 0 silent, 1 progress bar (one line per epoch when not a terminal), 2 one line per epoch; default 1. */
  verbose?: Verbosity;
  callbacks?: Callback[];
  /** Fraction of the samples, taken from the end before any shuffling, held out for validation. */
  validationSplit?: number;
  /** [x, y] or [x, y, sampleWeight] to validate on (overrides validationSplit). */
  validationData?: [TensorLike, TensorLike] | [TensorLike, TensorLike, TensorLike];
  /** Reshuffle the training samples before every epoch; default true. */
  shuffle?: boolean;
  /** Epoch to start from (to resume a run); default 0. */
  initialEpoch?: number;
  /** One weight per sample ([n]) or per timestep ([n, T]) for sequence outputs. */
  sampleWeight?: TensorLike;
  /** Weight per class index, e.g. { 0: 1, 1: 5 }. */
  classWeight?: Record<number, number>;
  /** Batch size for validation; default batchSize. */
  validationBatchSize?: number;
  /** Validate every this many epochs; default 1. */
  validationFreq?: number;
}

const FIT_OPTIONS = ['epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'initialEpoch', 'sampleWeight', 'classWeight', 'validationBatchSize', 'validationFreq'];

interface Split {
  x: Tensor;
  y: Tensor;
  /** One weight per output row, or null. */
  w: Float32Array | null;
}

function nonNegativeInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be an integer >= 0, got ${String(value)}`);
  return value;
}

/** Training and validation data with their row weights, as Keras's fit prepares them. */
function prepare(model: Sequential, x: TensorLike, y: TensorLike, args: FitArgs): { train: Split; val: Split | null } {
  const data = model.prepareData(x, y);
  const n = data.x.shape[0];
  const outShape = model.outputShape!;
  if (args.sampleWeight !== undefined && args.classWeight !== undefined) throw new ConfigError('fit: pass sampleWeight or classWeight, not both (as Keras)');
  let w: Float32Array | null = null;
  if (args.sampleWeight !== undefined) w = sampleWeightRows(args.sampleWeight, n, outShape);
  if (args.classWeight !== undefined) w = classWeightRows(args.classWeight, data.y, outShape, model.loss!.sparse);
  const train: Split = { x: data.x, y: data.y, w };
  if (args.validationData !== undefined) {
    const vd = args.validationData;
    if (!Array.isArray(vd) || vd.length < 2 || vd.length > 3) throw new ConfigError('fit: validationData must be [x, y] or [x, y, sampleWeight]');
    const v = model.prepareData(vd[0], vd[1]);
    const vw = vd.length === 3 ? sampleWeightRows(vd[2], v.x.shape[0], outShape) : null;
    return { train, val: { x: v.x, y: v.y, w: vw } };
  }
  const split = args.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) throw new ConfigError(`fit: validationSplit must be in [0, 1), got ${String(split)}`);
  if (split === 0) return { train, val: null };
  const at = Math.floor(n * (1 - split));
  if (at === 0 || at === n) throw new ShapeError(`fit: validationSplit ${split} of ${n} samples leaves ${at === 0 ? 'no training' : 'no validation'} samples`);
  const rows = w ? w.length / n : 0;
  const part = (a: number, b: number): Split => ({ x: sliceSamples(data.x, a, b), y: sliceSamples(data.y, a, b), w: w ? w.subarray(a * rows, b * rows) : null });
  return { train: part(0, at), val: part(at, n) };
}

export async function fitLoop(model: Sequential, x: TensorLike, y: TensorLike, args: FitArgs): Promise<History> {
  checkOptions('fit', args, FIT_OPTIONS);
  const epochs = positiveInt(args.epochs ?? 1, 'epochs');
  const batchSize = positiveInt(args.batchSize ?? 32, 'batchSize');
  const initialEpoch = nonNegativeInt(args.initialEpoch ?? 0, 'initialEpoch');
  const validationBatchSize = positiveInt(args.validationBatchSize ?? batchSize, 'validationBatchSize');
  const validationFreq = positiveInt(args.validationFreq ?? 1, 'validationFreq');
  const shuffle = args.shuffle ?? true;
  const verbose = args.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new ConfigError(`verbose must be 0, 1 or 2, got ${String(verbose)}`);
  const userCallbacks = args.callbacks ?? [];
  if (!Array.isArray(userCallbacks) || userCallbacks.some((c) => !(c instanceof Callback))) throw new ConfigError('fit: callbacks must be a list of Callback objects');

  const { train, val } = prepare(model, x, y, args);
  const compiled = model.compiled();
  const n = train.x.shape[0];
  const xSize = sampleSize(train.x);
  const ySize = sampleSize(train.y);
  const wSize = train.w ? train.w.length / n : 0;
  const steps = Math.ceil(n / batchSize);
  model.ensureCapacity(Math.min(batchSize, n));

  // Keras order: the user's callbacks, then History, then the progress bar
  const history = new History();
  const callbacks = new CallbackList([...userCallbacks, history, ...(verbose > 0 ? [new ProgbarLogger(verbose)] : [])]);
  callbacks.setModel(model);
  callbacks.setParams({ epochs, steps, verbose });

  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = getRandom();
  const batchLogs: Logs = { loss: 0 };
  let epochLogs: Logs = {};
  model.stopTraining = false;
  await callbacks.onTrainBegin({});

  for (let epoch = initialEpoch; epoch < epochs; epoch++) {
    compiled.resetMetrics();
    await callbacks.onEpochBegin(epoch, {});
    // each epoch's order is a fresh shuffle of 0..n−1, so it depends only on the random stream (a run resumed
    // from a checkpoint with initialEpoch sees the same orders as an uninterrupted one)
    if (shuffle) {
      for (let i = 0; i < n; i++) order[i] = i;
      rng.shuffle(order);
    }
    let weighted = 0;
    let seen = 0;
    for (let step = 0; step < steps; step++) {
      const begin = callbacks.onTrainBatchBegin(step, batchLogs);
      if (begin) await begin;
      const start = step * batchSize;
      const B = Math.min(batchSize, n - start);
      gatherRows(model.xBatch, train.x.data, order, start, B, xSize);
      gatherRows(model.yBatch, train.y.data, order, start, B, ySize);
      if (train.w) gatherRows(model.wBatch, train.w, order, start, B, wSize);
      weighted += model.trainStep(model.xBatch, model.yBatch, B, train.w ? model.wBatch : null) * B;
      seen += B;
      batchLogs.loss = weighted / seen;
      compiled.metricLogs(batchLogs);
      const end = callbacks.onTrainBatchEnd(step, batchLogs);
      if (end) await end;
      if (model.stopTraining) break;
    }
    epochLogs = { loss: weighted / seen };
    compiled.metricLogs(epochLogs);
    if (val && (epoch + 1) % validationFreq === 0) {
      const valLogs = model.testLogs(val.x, val.y, val.w, validationBatchSize);
      for (const [k, v] of Object.entries(valLogs)) epochLogs[`val_${k}`] = v;
    }
    await callbacks.onEpochEnd(epoch, epochLogs);
    if (model.stopTraining) break;
  }
  await callbacks.onTrainEnd(epochLogs);
  history.setParams({ epochs, steps, verbose });
  return history;
}

// The epoch loop of `Model.fit` (Keras trainers/trainer.py + backend/tensorflow/trainer.py semantics):
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
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { gatherRows, positiveInt, sampleSize, sliceSamples } from './data_adapter.js';
import { classWeightRows, sampleWeightRows } from './sample_weights.js';
import type { Model } from './model.js';
import { splitData, type DataList } from './trainer.js';

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
  /** [x, y] or [x, y, sampleWeight] to validate on (overrides validationSplit); lists or objects for several inputs/outputs. */
  validationData?: [DataList, DataList] | [DataList, DataList, DataList];
  /** Reshuffle the training samples before every epoch; default true. */
  shuffle?: boolean;
  /** Epoch to start from (to resume a run); default 0. */
  initialEpoch?: number;
  /** One weight per sample ([n]) or per timestep ([n, T]) for sequence outputs; per output as a list or object by name. */
  sampleWeight?: DataList;
  /** Weight per class index, e.g. { 0: 1, 1: 5 }. */
  classWeight?: Record<number, number>;
  /** Batch size for validation; default batchSize. */
  validationBatchSize?: number;
  /** Validate every this many epochs; default 1. */
  validationFreq?: number;
}

const FIT_OPTIONS = ['epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'initialEpoch', 'sampleWeight', 'classWeight', 'validationBatchSize', 'validationFreq'];

interface Split {
  xs: Tensor[];
  ys: Tensor[];
  /** Per output: one weight per output row, or null. */
  ws: (Float32Array | null)[];
}

function nonNegativeInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be an integer >= 0, got ${String(value)}`);
  return value;
}

/** Per-output row weights from a sampleWeight given for every output (one array) or per output (list or object by name). */
export function outputWeights(model: Model, sampleWeight: DataList | undefined, n: number): (Float32Array | null)[] {
  const names = model.outputNames;
  if (sampleWeight === undefined) return names.map(() => null);
  const perOutput = names.length > 1 && (Array.isArray(sampleWeight) && sampleWeight.length === names.length && sampleWeight.every((w) => w instanceof Tensor || Array.isArray(w) || ArrayBuffer.isView(w)) && !(sampleWeight as unknown[]).every((w) => typeof w === 'number') || isRecord(sampleWeight));
  const list = perOutput ? splitData(sampleWeight, names, 'sampleWeight') : names.map(() => sampleWeight as TensorLike);
  return list.map((w, k) => sampleWeightRows(w, n, model.trainer.outputShape(k)));
}

const isRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor) && !ArrayBuffer.isView(v);

/** Training and validation data with their row weights, as Keras's fit prepares them. */
function prepare(model: Model, x: DataList, y: DataList, args: FitArgs): { train: Split; val: Split | null } {
  const data = model.prepareData(x, y);
  const n = data.xs[0].shape[0];
  if (args.sampleWeight !== undefined && args.classWeight !== undefined) throw new ConfigError('fit: pass sampleWeight or classWeight, not both (as Keras)');
  let ws = outputWeights(model, args.sampleWeight, n);
  if (args.classWeight !== undefined) {
    if (model.outputs.length > 1) throw new ConfigError('fit: classWeight is only supported for models with one output (as Keras); use sampleWeight per output');
    ws = [classWeightRows(args.classWeight, data.ys[0], model.trainer.outputShape(0), model.loss!.sparse)];
  }
  const train: Split = { xs: data.xs, ys: data.ys, ws };
  if (args.validationData !== undefined) {
    const vd = args.validationData;
    if (!Array.isArray(vd) || vd.length < 2 || vd.length > 3) throw new ConfigError('fit: validationData must be [x, y] or [x, y, sampleWeight]');
    const v = model.prepareData(vd[0], vd[1]);
    const vws = outputWeights(model, vd[2], v.xs[0].shape[0]);
    // the training shapes are the ones the loop uses
    model.prepareData(x, y);
    return { train, val: { xs: v.xs, ys: v.ys, ws: vws } };
  }
  const split = args.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) throw new ConfigError(`fit: validationSplit must be in [0, 1), got ${String(split)}`);
  if (split === 0) return { train, val: null };
  const at = Math.floor(n * (1 - split));
  if (at === 0 || at === n) throw new ShapeError(`fit: validationSplit ${split} of ${n} samples leaves ${at === 0 ? 'no training' : 'no validation'} samples`);
  const part = (a: number, b: number): Split => ({
    xs: data.xs.map((t) => sliceSamples(t, a, b)),
    ys: data.ys.map((t) => sliceSamples(t, a, b)),
    ws: ws.map((w) => (w ? w.subarray(a * (w.length / n), b * (w.length / n)) : null)),
  });
  return { train: part(0, at), val: part(at, n) };
}

export async function fitLoop(model: Model, x: DataList, y: DataList, args: FitArgs): Promise<History> {
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
  const trainer = model.trainer;
  trainer.layOut();
  trainer.compiled();
  const n = train.xs[0].shape[0];
  const xSizes = train.xs.map(sampleSize);
  const ySizes = train.ys.map(sampleSize);
  const wSizes = train.ws.map((w) => (w ? w.length / n : 0));
  const weighted = train.ws.some((w) => w !== null);
  trainer.weightedOutputs = train.ws.map((w) => w !== null);
  const steps = Math.ceil(n / batchSize);
  trainer.ensureCapacity(Math.min(batchSize, n));
  const trainShapes = train.xs.map((t) => t.shape.slice(1));

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
    trainer.resetMetrics();
    trainer.resetLossTrackers();
    await callbacks.onEpochBegin(epoch, {});
    // each epoch's order is a fresh shuffle of 0..n−1, so it depends only on the random stream (a run resumed
    // from a checkpoint with initialEpoch sees the same orders as an uninterrupted one)
    if (shuffle) {
      for (let i = 0; i < n; i++) order[i] = i;
      rng.shuffle(order);
    }
    let total = 0;
    let seen = 0;
    for (let step = 0; step < steps; step++) {
      const begin = callbacks.onTrainBatchBegin(step, batchLogs);
      if (begin) await begin;
      trainer.useInputShapes(trainShapes); // a callback may have run the model on other lengths
      const start = step * batchSize;
      const B = Math.min(batchSize, n - start);
      for (let k = 0; k < xSizes.length; k++) gatherRows(trainer.xBatch[k], train.xs[k].data, order, start, B, xSizes[k]);
      for (let k = 0; k < ySizes.length; k++) {
        gatherRows(trainer.yBatch[k], train.ys[k].data, order, start, B, ySizes[k]);
        const w = train.ws[k];
        if (w) gatherRows(trainer.wBatch[k], w, order, start, B, wSizes[k]);
      }
      total += trainer.trainStep(B, weighted) * B;
      seen += B;
      batchLogs.loss = total / seen;
      trainer.outputLossLogs(batchLogs);
      trainer.metricLogs(batchLogs);
      const end = callbacks.onTrainBatchEnd(step, batchLogs);
      if (end) await end;
      if (model.stopTraining) break;
    }
    epochLogs = { loss: total / seen };
    trainer.outputLossLogs(epochLogs);
    trainer.metricLogs(epochLogs);
    if (val && (epoch + 1) % validationFreq === 0) {
      trainer.prepareInputs(val.xs.length === 1 ? val.xs[0] : val.xs);
      const valLogs = trainer.testLogs(val.xs, val.ys, val.ws, validationBatchSize);
      trainer.prepareInputs(train.xs.length === 1 ? train.xs[0] : train.xs);
      for (const [k, v] of Object.entries(valLogs)) epochLogs[`val_${k}`] = v;
    }
    await callbacks.onEpochEnd(epoch, epochLogs);
    if (model.stopTraining) break;
  }
  await callbacks.onTrainEnd(epochLogs);
  history.setParams({ epochs, steps, verbose });
  return history;
}

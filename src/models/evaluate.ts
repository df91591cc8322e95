// `Sequential.evaluate` (Keras trainers/trainer.py evaluate): the loss and compiled metrics over (x, y) in
// batches, with optional sample weights; silent unless verbose is given.
import { checkOptions } from '../errors.js';
import { ProgressLogger, type Verbosity } from '../callbacks/progbar.js';
import type { TensorLike } from '../tensor/tensor.js';
import { positiveInt } from './data_adapter.js';
import { sampleWeightRows } from './sample_weights.js';
import type { Sequential } from './sequential.js';

export interface EvaluateArgs {
  batchSize?: number;
  /** Keras: defaults to 'auto' (1); rnnkit defaults to 0 so library calls stay quiet. */
  verbose?: Verbosity;
  /** One weight per sample ([n]) or per timestep ([n, T]). */
  sampleWeight?: TensorLike;
  /** With metrics: return { loss, metric: value, … } instead of [loss, …metrics] (Keras return_dict). */
  returnDict?: boolean;
}

export function evaluateModel(model: Sequential, x: TensorLike, y: TensorLike, args: EvaluateArgs): number | number[] | Record<string, number> {
  checkOptions('evaluate', args, ['batchSize', 'verbose', 'sampleWeight', 'returnDict']);
  const data = model.prepareData(x, y);
  model.compiled();
  const batchSize = positiveInt(args.batchSize ?? 32, 'batchSize');
  const n = data.x.shape[0];
  const weights = args.sampleWeight === undefined ? null : sampleWeightRows(args.sampleWeight, n, model.outputShape!);
  const progress = new ProgressLogger(args.verbose ?? 0);
  progress.onEpochBegin(0, 1);
  const logs = model.testLogs(data.x, data.y, weights, batchSize);
  progress.onEpochEnd(Math.ceil(n / batchSize), logs);
  if (args.returnDict) return logs;
  return model.metrics.length === 0 ? logs.loss : [logs.loss, ...model.metrics.map((m) => logs[m.name])];
}

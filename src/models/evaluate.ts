// `Model.evaluate` (Keras trainers/trainer.py evaluate): the loss and compiled metrics over (x, y) in
// batches, with optional sample weights; silent unless verbose is given.
import { checkOptions } from '../errors.js';
import { ProgressLogger, type Verbosity } from '../callbacks/progbar.js';
import { positiveInt } from './data_adapter.js';
import { outputWeights } from './fit.js';
import type { Model } from './model.js';
import type { DataList } from './trainer.js';

export interface EvaluateArgs {
  batchSize?: number;
  /** Keras: defaults to 'auto' (1); rnnkit defaults to 0 so library calls stay quiet. */
  verbose?: Verbosity;
  /** One weight per sample ([n]) or per timestep ([n, T]); per output as a list or object by name. */
  sampleWeight?: DataList;
  /** With metrics: return { loss, metric: value, … } instead of [loss, …metrics] (Keras return_dict). */
  returnDict?: boolean;
}

export function evaluateModel(model: Model, x: DataList, y: DataList, args: EvaluateArgs): number | number[] | Record<string, number> {
  checkOptions('evaluate', args, ['batchSize', 'verbose', 'sampleWeight', 'returnDict']);
  model.trainer.requireCompiled('evaluate');
  const data = model.prepareData(x, y);
  model.trainer.compiled();
  const batchSize = positiveInt(args.batchSize ?? 32, 'batchSize');
  const n = data.xs[0].shape[0];
  const weights = outputWeights(model, args.sampleWeight, n);
  const progress = new ProgressLogger(args.verbose ?? 0);
  progress.onEpochBegin(0, 1);
  const logs = model.trainer.testLogs(data.xs, data.ys, weights, batchSize);
  progress.onEpochEnd(Math.ceil(n / batchSize), logs);
  if (args.returnDict) return logs;
  const keys = Object.keys(logs);
  return keys.length === 1 ? logs.loss : keys.map((k) => logs[k]);
}

// LambdaCallback (Keras callbacks/lambda_callback.py): a callback from plain functions.
import { checkOptions } from '../errors.js';
import { Callback, type Logs } from './callback.js';

type Maybe = void | Promise<void>;

export interface LambdaCallbackArgs {
  onTrainBegin?: (logs?: Logs) => Maybe;
  onTrainEnd?: (logs?: Logs) => Maybe;
  onEpochBegin?: (epoch: number, logs?: Logs) => Maybe;
  onEpochEnd?: (epoch: number, logs?: Logs) => Maybe;
  onTrainBatchBegin?: (batch: number, logs?: Logs) => Maybe;
  onTrainBatchEnd?: (batch: number, logs?: Logs) => Maybe;
}

export class LambdaCallback extends Callback {
  constructor(args: LambdaCallbackArgs = {}) {
    super();
    checkOptions('LambdaCallback', args, ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onTrainBatchBegin', 'onTrainBatchEnd']);
    Object.assign(this, args);
  }
}

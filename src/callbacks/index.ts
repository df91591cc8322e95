// The callbacks namespace (keras.callbacks).
export { Callback, CallbackList, type Logs } from './callback.js';
export { History } from './history.js';
export { ProgbarLogger } from './progbar_logger.js';
export { EarlyStopping, type EarlyStoppingArgs } from './early_stopping.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduce_lr_on_plateau.js';
export { LearningRateScheduler, type EpochSchedule } from './learning_rate_scheduler.js';
export { TerminateOnNaN } from './terminate_on_nan.js';
export { CSVLogger, type CSVLoggerArgs } from './csv_logger.js';
export { LambdaCallback, type LambdaCallbackArgs } from './lambda_callback.js';
export { ModelCheckpoint, formatFilepath, type ModelCheckpointArgs } from './model_checkpoint.js';

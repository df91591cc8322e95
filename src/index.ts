// rnnkit public API: Keras's Sequential / SimpleRNN / Dense / compile / fit / evaluate / predict, in TypeScript.
export { Tensor, tensor, zeros, type NestedArray, type TensorLike } from './tensor/tensor.js';
export { setRandomSeed, Random } from './random/random.js';
export {
  initializers, getInitializer, Initializer, Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal,
  VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal,
  type InitializerIdentifier, type InitializerSpec,
} from './initializers/initializers.js';
export { Layer, type LayerArgs, type ApplyOptions } from './layers/layer.js';
export { Dense, type DenseArgs } from './layers/core/dense.js';
export { SimpleRNN, type SimpleRNNArgs } from './layers/rnn/simple_rnn.js';
export { LSTM, type LSTMArgs } from './layers/rnn/lstm.js';
export { GRU, type GRUArgs } from './layers/rnn/gru.js';
export { Recurrent, type RecurrentArgs } from './layers/rnn/recurrent.js';
export { RNN, type RNNArgs } from './layers/rnn/rnn.js';
export { RNNCell, type AddWeight, type CellStep, type CellStepGrad } from './layers/rnn/cell.js';
export type { Variable } from './memory/param_store.js';
export type { FloatArray } from './kernels/types.js';
export { Bidirectional, type BidirectionalArgs, type MergeMode } from './layers/rnn/bidirectional.js';
export { TimeDistributed, type TimeDistributedArgs } from './layers/rnn/time_distributed.js';
export { Dropout, type DropoutArgs } from './layers/core/dropout.js';
export { Activation, type ActivationArgs } from './layers/core/activation.js';
export { Flatten, Reshape, type ReshapeArgs } from './layers/core/reshape.js';
export { Masking, type MaskingArgs } from './layers/core/masking.js';
export { activationNames } from './layers/activations.js';
export { Sequential, type CompileArgs, type EvaluateArgs, type PredictArgs, type SequentialArgs } from './models/sequential.js';
export type { FitArgs } from './models/fit.js';
export * as callbacks from './callbacks/index.js';
export {
  Callback, History, EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, TerminateOnNaN, CSVLogger, LambdaCallback, ProgbarLogger,
  ModelCheckpoint, formatFilepath, type ModelCheckpointArgs, type Logs, type EarlyStoppingArgs, type ReduceLROnPlateauArgs, type CSVLoggerArgs, type LambdaCallbackArgs,
} from './callbacks/index.js';
export * as optimizers from './optimizers/index.js';
export { Optimizer, SGD, Adam, RMSprop, AdamW, Adagrad, Adadelta, Adamax, Nadam, getOptimizer } from './optimizers/index.js';
export type { OptimizerArgs } from './optimizers/optimizer.js';
export type { SGDArgs } from './optimizers/sgd.js';
export type { AdamArgs } from './optimizers/adam.js';
export type { RMSpropArgs } from './optimizers/rmsprop.js';
export * as schedules from './optimizers/schedules.js';
export { LearningRateSchedule, ExponentialDecay, CosineDecay, PiecewiseConstantDecay, InverseTimeDecay } from './optimizers/schedules.js';
export * as losses from './losses/losses.js';
export { getLoss, type Loss } from './losses/losses.js';
export * as metrics from './metrics/metrics.js';
export { Metric, getMetric } from './metrics/metrics.js';
export { L1, L2, L1L2, regularizers, getRegularizer, type RegularizerIdentifier } from './regularizers/regularizers.js';
export { loadModel, loadModelFromArtifacts, loadModelFromBytes, modelToKerasBytes, type ModelArtifacts, type SaveOptions } from './io/save_load.js';
export * as forecast from './forecast/index.js';
export * as tuner from './tuner/index.js';
export { HyperParameters, RandomSearch, Hyperband, BayesianOptimization, Objective } from './tuner/index.js';
export { Forecaster, backtest, readCsv, type ForecastConfig } from './forecast/index.js';
export { timeseriesDatasetFromArray, slidingWindows, type TimeseriesArgs } from './data/windows.js';
export { RnnkitError, ShapeError, ValueError, ConfigError, StateError } from './errors.js';
export { checkGradients, type GradientCheckOptions, type GradientCheckResult, type GradientCheckEntry } from './testing/gradient_check.js';
export { kernels, setKernels, referenceKernels, wasmKernels, type KernelSet } from './kernels/kernels.js';

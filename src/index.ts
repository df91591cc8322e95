// rnnkit public API: Keras's Sequential / SimpleRNN / Dense / compile / fit / evaluate / predict, in TypeScript.
export { Tensor, tensor, zeros, MAX_EXACT_INTEGER, type NestedArray, type NestedInput, type NumericTypedArray, type TensorLike } from './tensor/tensor.js';
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
export { Merge } from './layers/merge/merge.js';
export { Add } from './layers/merge/add.js';
export { Subtract } from './layers/merge/subtract.js';
export { Multiply } from './layers/merge/multiply.js';
export { Average } from './layers/merge/average.js';
export { Maximum } from './layers/merge/maximum.js';
export { Minimum } from './layers/merge/minimum.js';
export { Concatenate, type ConcatenateArgs } from './layers/merge/concatenate.js';
export { Dot, type DotArgs } from './layers/merge/dot.js';
export { RepeatVector, type RepeatVectorArgs } from './layers/core/repeat_vector.js';
export { Permute, type PermuteArgs } from './layers/core/permute.js';
export { Embedding, type EmbeddingArgs } from './layers/embedding/embedding.js';
export { Conv1D, type Conv1DArgs } from './layers/conv/conv1d.js';
export { MaxPooling1D } from './layers/pooling/max_pooling1d.js';
export { AveragePooling1D } from './layers/pooling/average_pooling1d.js';
export type { Pooling1DArgs } from './layers/pooling/pooling1d.js';
export { GlobalMaxPooling1D } from './layers/pooling/global_max_pooling1d.js';
export { GlobalAveragePooling1D } from './layers/pooling/global_average_pooling1d.js';
export type { GlobalPooling1DArgs } from './layers/pooling/global_pooling1d.js';
export { BatchNormalization, type BatchNormalizationArgs } from './layers/normalization/batch_normalization.js';
export { LayerNormalization, type LayerNormalizationArgs } from './layers/normalization/layer_normalization.js';
export { SpatialDropout1D, type SpatialDropout1DArgs } from './layers/core/spatial_dropout1d.js';
export { LeakyReLU, type LeakyReLUArgs } from './layers/activation/leaky_relu.js';
export { ZeroPadding1D, type ZeroPadding1DArgs } from './layers/reshaping/zero_padding1d.js';
export { Cropping1D, type Cropping1DArgs } from './layers/reshaping/cropping1d.js';
export { UpSampling1D, type UpSampling1DArgs } from './layers/reshaping/up_sampling1d.js';
export { Attention, type AttentionArgs } from './layers/attention/attention.js';
export { AdditiveAttention, type AdditiveAttentionArgs } from './layers/attention/additive_attention.js';
export { activationNames } from './layers/activations.js';
export { Sequential, type SequentialArgs } from './models/sequential.js';
export { Model, type ModelArgs, type PredictArgs, type TensorStructure, type CompileArgs, type EvaluateArgs } from './models/model.js';
export { Input, InputLayer, type InputArgs } from './layers/core/input_layer.js';
export { SymbolicTensor } from './models/symbolic.js';
export { registerLayer, registerCell, type CustomObjects } from './registry/registry.js';
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
export { checkModelGradients } from './testing/model_gradient_check.js';
export { checkGradients, type GradientCheckOptions, type GradientCheckResult, type GradientCheckEntry } from './testing/gradient_check.js';
export { kernels, setKernels, referenceKernels, wasmKernels, setNumThreads, getNumThreads, setRelaxedSimd, relaxedSimdInUse, type KernelSet } from './kernels/kernels.js';
export {
  TextVectorization, StringLookup, IntegerLookup, savePreprocessor, loadPreprocessor, saveTextVectorization, loadTextVectorization,
  type TextVectorizationArgs, type StringLookupArgs, type IntegerLookupArgs, type Preprocessor,
} from './preprocessing/index.js';
export { generate, stepModel, sample, greedy, samplingDistribution, type GenerateOptions, type TokenEncoding, type SampleOptions } from './generation/index.js';
export { CharModel, CharVocabulary, charWindows, NgramModel, type CharModelTrainOptions, type CharSampleOptions } from './text/index.js';
export {
  TextClassifier, MultinomialNB, LogisticRegression, confusionMatrix, classificationReport, readTextCsv, writeTextCsv,
  type TextClassifierOptions, type TextClassifierEvaluation, type ClassificationReport,
} from './text/index.js';
export {
  Seq2SeqModel, Seq2SeqEnsemble, Seq2SeqDecoder, ensembleMismatch, TokenVocabulary, beamSearch, editDistance, sequenceMetrics, parsePairs, buildSeq2SeqNetwork, inferenceModels,
  type Seq2SeqTrainOptions, type Seq2SeqTrainResult, type Seq2SeqDecodeOptions, type Seq2SeqHypothesis, type GroupSteps, type BeamStep, type BeamSearchOptions, type Hypothesis,
  type SequenceMetrics, type TokenSplit, type Pair, type Seq2SeqNetwork, type Seq2SeqNetworkOptions,
} from './seq2seq/index.js';

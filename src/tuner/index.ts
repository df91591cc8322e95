// Hyperparameter tuning with KerasTuner's names: HyperParameters, RandomSearch, Hyperband, BayesianOptimization.
export { HyperParameters, type HpSpec, type HpValue, type Sampling } from './hyperparameters.js';
export { Tuner, RandomSearch, BayesianOptimization, Hyperband, Objective, type TunerOptions, type BayesianOptions, type HyperbandOptions } from './tuner.js';
export { hyperbandBrackets, type TrialRecord } from './oracles.js';

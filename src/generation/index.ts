// Text generation: choosing tokens (greedy, seeded sampling with temperature / top-k / top-p) and the
// one-token-at-a-time loop over a stateful copy of a trained recurrent model.
export { sample, greedy, samplingDistribution, drawFrom, type SampleOptions } from './sampling.js';
export { generate, stepModel, type GenerateOptions, type TokenEncoding } from './generate.js';

// Sequence-to-sequence transduction (grapheme-to-phoneme and the like): vocabularies, pairs, metrics, beam search, the model, ensembles.
export { TokenVocabulary, splitTokens, joinTokens, PAD, END, type TokenSplit } from './vocabulary.js';
export { parsePairs, type Pair } from './pairs.js';
export { editDistance, sequenceMetrics, type SequenceMetrics } from './metrics.js';
export { beamSearch, type BeamStep, type BeamSearchOptions, type Hypothesis } from './beam_search.js';
export { buildSeq2SeqNetwork, inferenceModels, type Seq2SeqNetwork, type Seq2SeqNetworkOptions } from './network.js';
export { Seq2SeqDecoder, type Seq2SeqDecodeOptions, type Seq2SeqHypothesis, type GroupSteps } from './decoding.js';
export { Seq2SeqModel, type Seq2SeqTrainOptions, type Seq2SeqTrainResult } from './model.js';
export { Seq2SeqEnsemble, ensembleMismatch } from './ensemble.js';

// Character-level text generation (makemore style): vocabulary and windows, n-gram baselines, the recurrent model.
export { CharVocabulary, charWindows, PAD, END, type CharWindows } from './char_vocabulary.js';
export { NgramModel, K_GRID } from './ngram.js';
export { CharModel, type CharModelTrainOptions, type CharTrainResult, type CharSampleOptions } from './char_model.js';

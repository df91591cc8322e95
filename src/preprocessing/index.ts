// Text preprocessing with Keras's names: TextVectorization, StringLookup, IntegerLookup, and saving them beside a model.
export { TextVectorization, type TextVectorizationArgs, type Texts } from './text_vectorization.js';
export { StringLookup, type StringLookupArgs } from './string_lookup.js';
export { IntegerLookup, type IntegerLookupArgs } from './integer_lookup.js';
export { IndexLookup, type IndexLookupArgs, type LookupOutputMode, type Tokens } from './index_lookup.js';
export { PUNCTUATION, standardizeText, splitText, ngramsOf, type Standardize, type Split } from './text_ops.js';
export { savePreprocessor, loadPreprocessor, saveTextVectorization, loadTextVectorization, type Preprocessor } from './save.js';

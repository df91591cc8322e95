// TextVectorization: strings → token ids (or bag-of-words rows), following
// keras/src/layers/preprocessing/text_vectorization.py: standardize, split, n-grams, then a StringLookup with
// mask token '' (index 0 = padding, 1 = '[UNK]' in 'int' mode). A preprocessing object used before the model
// (rnnkit's graph runs on float buffers); docs/TEXT.md "Preprocessing" and docs/DECISIONS.md say why.
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { LookupOutputMode } from './index_lookup.js';
import { StringLookup } from './string_lookup.js';
import { ngramsOf, splitText, standardizeText, type Split, type Standardize } from './text_ops.js';

/** TextVectorization's options: Keras's arguments in camelCase. */
export interface TextVectorizationArgs {
  /** Largest vocabulary including '' and '[UNK]' (default null: no limit). */
  maxTokens?: number | null;
  /** Default 'lower_and_strip_punctuation'; 'lower', 'strip_punctuation', null, or a function of one string. */
  standardize?: Standardize;
  /** Default 'whitespace'; 'character', null (whole string is one token), or a function of one string. */
  split?: Split;
  /** null (default), n for all widths 1..n, or a list of widths. */
  ngrams?: number | number[] | null;
  /** 'int' (default), 'multi_hot', 'count', 'tf_idf' (or 'one_hot'). */
  outputMode?: LookupOutputMode | 'binary' | 'tf-idf';
  /** 'int' mode only: pad with 0 / truncate every row to this length. */
  outputSequenceLength?: number | null;
  /** Non-int modes: make the encoded axis maxTokens wide. */
  padToMaxTokens?: boolean;
  /** A fixed vocabulary (no adapt then); may start with '' and '[UNK]'. */
  vocabulary?: string[] | null;
  /** 'tf_idf' with a fixed vocabulary: one weight per vocabulary entry. */
  idfWeights?: number[] | null;
  /** Only false (Keras's TensorFlow-only option; accepted so saved configs load). */
  sparse?: boolean;
  /** Only false (Keras's TensorFlow-only option; accepted so saved configs load). */
  ragged?: boolean;
  /** Only 'utf-8'. */
  encoding?: string;
  name?: string;
}

const KNOWN = ['maxTokens', 'standardize', 'split', 'ngrams', 'outputMode', 'outputSequenceLength', 'padToMaxTokens', 'vocabulary', 'idfWeights', 'sparse', 'ragged', 'encoding', 'name'];
const STANDARDIZE = ['lower_and_strip_punctuation', 'lower', 'strip_punctuation'];
const SPLIT = ['whitespace', 'character'];

/** Texts: one string, a list of strings, or a list of one-string lists ([B, 1], as Keras's `[["..."], ...]`). */
export type Texts = string | readonly string[] | readonly (readonly string[])[];

/**
 * Keras `TextVectorization`. `adapt(texts)` learns the vocabulary; `call(texts)` returns a Tensor:
 * 'int' → [B, L] ids (L = outputSequenceLength, else the longest row; padding 0); other modes → [B, V].
 * A single string gives the row without the batch axis. Errors: unknown options, bad option values, non-string
 * input, a vocabulary-less call in non-int modes.
 */
export class TextVectorization {
  static readonly className = 'TextVectorization';
  readonly standardize: Standardize;
  readonly split: Split;
  readonly ngrams: number | number[] | null;
  readonly outputMode: LookupOutputMode;
  readonly outputSequenceLength: number | null;
  readonly name: string;
  /** The StringLookup that holds the vocabulary (mask token ''). */
  readonly lookupLayer: StringLookup;
  private readonly widths: number[] | null;

  constructor(args: TextVectorizationArgs = {}) {
    checkOptions('TextVectorization', args, KNOWN);
    const std = args.standardize === undefined ? 'lower_and_strip_punctuation' : args.standardize;
    if (std !== null && typeof std !== 'function' && !STANDARDIZE.includes(std)) {
      throw new ConfigError(`TextVectorization: standardize must be one of ${STANDARDIZE.join(', ')}, null or a function; got ${JSON.stringify(std)}`);
    }
    const split = args.split === undefined ? 'whitespace' : args.split;
    if (split !== null && typeof split !== 'function' && !SPLIT.includes(split)) {
      throw new ConfigError(`TextVectorization: split must be one of ${SPLIT.join(', ')}, null or a function; got ${JSON.stringify(split)}`);
    }
    const ngrams = args.ngrams ?? null;
    const widthOk = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
    if (ngrams !== null && !(widthOk(ngrams) || (Array.isArray(ngrams) && ngrams.length > 0 && ngrams.every(widthOk)))) {
      throw new ConfigError(`TextVectorization: ngrams must be null, a positive integer or a list of them; got ${JSON.stringify(ngrams)}`);
    }
    let mode = args.outputMode ?? 'int';
    if (mode === 'binary') mode = 'multi_hot';
    if (mode === 'tf-idf') mode = 'tf_idf';
    const len = args.outputSequenceLength ?? null;
    if (mode === 'int' && len !== null && (!Number.isInteger(len) || len < 1)) {
      throw new ConfigError(`TextVectorization: outputSequenceLength must be null or a positive integer; got ${len}`);
    }
    if (mode !== 'int' && len !== null) throw new ConfigError(`TextVectorization: outputSequenceLength must not be set if outputMode is not 'int'; got outputMode '${mode}', outputSequenceLength ${len}`);
    if (args.sparse) throw new ConfigError('TextVectorization: sparse: true is a TensorFlow-only option; rnnkit returns dense tensors');
    if (args.ragged) throw new ConfigError('TextVectorization: ragged: true is a TensorFlow-only option; rnnkit pads rows to one length');
    if (args.encoding !== undefined && args.encoding.toLowerCase().replace('_', '-') !== 'utf-8') throw new ConfigError(`TextVectorization: only encoding 'utf-8' is supported; got '${args.encoding}'`);
    this.standardize = std;
    this.split = split;
    this.ngrams = ngrams;
    this.widths = ngrams === null ? null : Array.isArray(ngrams) ? ngrams.slice() : Array.from({ length: ngrams }, (_, i) => i + 1);
    this.outputSequenceLength = len;
    this.name = args.name ?? 'text_vectorization';
    this.lookupLayer = new StringLookup({
      maxTokens: args.maxTokens ?? null, vocabulary: args.vocabulary ?? null, idfWeights: args.idfWeights ?? null,
      padToMaxTokens: args.padToMaxTokens ?? false, maskToken: '', outputMode: mode, name: this.name,
    });
    this.outputMode = this.lookupLayer.outputMode;
  }

  /** Standardized, split and n-grammed tokens of each text (Keras `_preprocess`). */
  tokenize(texts: Texts): string[][] {
    return this.rows(texts).rows.map((t) => {
      const tokens = splitText(standardizeText(t, this.standardize), this.split);
      return this.widths ? ngramsOf(tokens, this.widths) : tokens;
    });
  }

  /**
   * Learns the vocabulary (Keras `adapt`): tokens sorted by count, ties by the token from high to low (Unicode code
   * point order), cut at maxTokens; in 'tf_idf' mode each text is one document. Replaces an earlier adapt.
   * `texts` may also be an iterable of batches (a generator); `steps` then reads only that many batches.
   */
  adapt(texts: Texts | Iterable<Texts>, options: { steps?: number } = {}): void {
    checkOptions('TextVectorization.adapt', options, ['steps']);
    if (typeof texts === 'string' || Array.isArray(texts)) {
      this.lookupLayer.adapt(this.tokenize(texts as Texts));
      return;
    }
    if (texts == null || typeof (texts as Iterable<Texts>)[Symbol.iterator] !== 'function') {
      throw new ValueError(`TextVectorization.adapt expects texts or an iterable of batches of texts; got ${texts === null ? 'null' : typeof texts}`);
    }
    // Keras: an iterable (e.g. a generator) yields batches; `steps` stops after that many
    const rows: string[][] = [];
    let step = 0;
    for (const batch of texts as Iterable<Texts>) {
      if (options.steps !== undefined && step++ >= options.steps) break;
      rows.push(...this.tokenize(batch));
    }
    this.lookupLayer.adapt(rows);
  }

  /** Vectorizes texts; see the class comment for the shapes. */
  call(texts: Texts): Tensor {
    const { single } = this.rows(texts);
    const tokens = this.tokenize(texts);
    if (this.outputMode !== 'int') {
      if (tokens.length === 0) return new Tensor(new Float32Array(0), [0, this.lookupLayer.depth()]);
      const out = this.lookupLayer.encode(tokens);
      return single ? out.reshape([out.shape[out.rank - 1]]) : out;
    }
    const width = this.outputSequenceLength ?? Math.max(0, ...tokens.map((r) => r.length));
    const data = new Float32Array(tokens.length * width);
    tokens.forEach((r, b) => {
      for (let t = 0; t < Math.min(width, r.length); t++) data[b * width + t] = this.lookupLayer.lookup(r[t]);
    });
    return new Tensor(data, single ? [width] : [tokens.length, width]);
  }

  /** The vocabulary; a token's position is its id (Keras `get_vocabulary`). */
  getVocabulary(includeSpecialTokens = true): string[] {
    return this.lookupLayer.getVocabulary(includeSpecialTokens);
  }

  /** Replaces the vocabulary (and the TF-IDF weights in 'tf_idf' mode) (Keras `set_vocabulary`). */
  setVocabulary(vocabulary: string[], idfWeights?: number[]): void {
    this.lookupLayer.setVocabulary(vocabulary, idfWeights);
  }

  /** Vocabulary size including the padding and OOV entries (Keras `vocabulary_size`). */
  vocabularySize(): number {
    return this.lookupLayer.vocabularySize();
  }

  /**
   * Keras's config (snake_case keys, as in a .keras file). A function `standardize` / `split` cannot be written
   * to JSON; it is recorded by name as Keras serializes a function ({class_name: 'function', config: name}) and
   * must be passed again when loading (fromConfig's overrides).
   */
  getConfig(): Record<string, unknown> {
    const fn = (v: unknown) => (typeof v === 'function' ? { module: null, class_name: 'function', config: v.name || 'anonymous', registered_name: v.name || null } : v);
    return {
      name: this.name, trainable: true, dtype: 'string', max_tokens: this.lookupLayer.maxTokens,
      standardize: fn(this.standardize), split: fn(this.split), ngrams: this.ngrams, output_mode: this.outputMode,
      output_sequence_length: this.outputSequenceLength, pad_to_max_tokens: this.lookupLayer.padToMaxTokens,
      sparse: false, ragged: false, vocabulary: this.lookupLayer.inputVocabulary,
      idf_weights: this.lookupLayer.inputIdfWeights, encoding: 'utf-8', vocabulary_size: this.vocabularySize(),
    };
  }

  /** Builds one from Keras's config (snake_case keys); `overrides` supplies functions and replaces entries. */
  static fromConfig(config: Record<string, unknown>, overrides: Partial<TextVectorizationArgs> = {}): TextVectorization {
    const known = ['name', 'trainable', 'dtype', 'max_tokens', 'standardize', 'split', 'ngrams', 'output_mode', 'output_sequence_length', 'pad_to_max_tokens', 'sparse', 'ragged', 'vocabulary', 'idf_weights', 'encoding', 'vocabulary_size', 'has_input_vocabulary'];
    checkOptions('TextVectorization config', config, known);
    const args: TextVectorizationArgs = {
      maxTokens: config.max_tokens as number | null, standardize: config.standardize as Standardize, split: config.split as Split,
      ngrams: config.ngrams as number | number[] | null, outputMode: config.output_mode as LookupOutputMode,
      outputSequenceLength: config.output_sequence_length as number | null, padToMaxTokens: config.pad_to_max_tokens as boolean,
      vocabulary: config.vocabulary as string[] | null, idfWeights: config.idf_weights as number[] | null,
      sparse: config.sparse as boolean, ragged: config.ragged as boolean, encoding: config.encoding as string,
      name: config.name as string,
    };
    for (const k of Object.keys(args) as (keyof TextVectorizationArgs)[]) if (args[k] === undefined) delete args[k];
    for (const k of ['standardize', 'split'] as const) {
      const v = config[k];
      if (v !== null && typeof v === 'object' && overrides[k] === undefined) {
        const name = (v as { config?: unknown }).config;
        throw new ConfigError(`TextVectorization config: ${k} is the function ${JSON.stringify(name)}, which JSON cannot hold; pass it again, e.g. loadTextVectorization(dir, { ${k}: ${typeof name === 'string' ? name : 'fn'} })`);
      }
    }
    return new TextVectorization({ ...args, ...overrides });
  }

  private rows(texts: Texts): { rows: string[]; single: boolean } {
    if (typeof texts === 'string') return { rows: [texts], single: true };
    if (!Array.isArray(texts)) throw new ValueError(`TextVectorization expects a string, a list of strings or a list of one-string lists; got ${typeof texts}`);
    const rows = texts.map((t, i) => {
      const s = Array.isArray(t) ? (t.length === 1 ? t[0] : undefined) : t;
      if (typeof s !== 'string') {
        throw new ValueError(`TextVectorization: input ${i} must be a string or a one-string list (shape [B] or [B, 1]); got ${JSON.stringify(t)}`);
      }
      return s;
    });
    return { rows, single: false };
  }
}

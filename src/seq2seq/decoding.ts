// What every transducer that decodes with beam search shares: sources cut into tokens and encoded, grouped by
// length (no encoder input is padded), decoded group by group through a step function, and scored. A subclass
// says only how one group of equal-length sources becomes a beam-search step function (`steps`): one network
// (Seq2SeqModel) or several whose probabilities are averaged (Seq2SeqEnsemble).
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import { beamSearch, type BeamStep } from './beam_search.js';
import { sequenceMetrics, type SequenceMetrics } from './metrics.js';
import { END, PAD, joinTokens, splitTokens, type TokenSplit, type TokenVocabulary } from './vocabulary.js';

/** Options of `predict` / `nBest` / `evaluate`. */
export interface Seq2SeqDecodeOptions {
  /** Beam width; 1 = greedy (default 1). */
  beam?: number;
  /** Inputs decoded per batch (default 256). */
  batchSize?: number;
  /** Most output tokens (default: 2 × the longest training target + 2). */
  maxLength?: number;
  /** Called after each batch with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** One decoded output: its tokens, Σ log p (END included when `ended`), and whether it ended with END. */
export interface Seq2SeqHypothesis { tokens: string[]; logProb: number; ended: boolean }

/** A group's start states (one per source) and the step function beam search calls. */
export interface GroupSteps<S = unknown> { initial: S[]; step: BeamStep<S> }

/** Base of the decoders: vocabularies, splits, and decoding and scoring built on `steps`. */
export abstract class Seq2SeqDecoder {
  /** The class name errors use. */
  protected abstract readonly kind: string;

  constructor(
    readonly source: TokenVocabulary,
    readonly target: TokenVocabulary,
    readonly sourceSplit: TokenSplit,
    readonly targetSplit: TokenSplit,
    readonly maxTargetLength: number,
  ) {}

  /**
   * The start states and step function for N sources of the same length T (token ids, [N][T]); the step returns
   * next-token probabilities [R, Vt] for R hypotheses. Used by `nBest`; public so that an ensemble can combine
   * decoders.
   */
  abstract steps(sources: readonly number[][], T: number): GroupSteps;

  /**
   * The `beam` best outputs of each source string (beam search; width 1 = greedy), best first, with their total
   * log-probabilities. Sources are grouped by length so no encoder input is padded. Errors: a source with no
   * tokens or a token unseen in training (named with its index), bad options.
   */
  nBest(sources: readonly string[], options: Seq2SeqDecodeOptions = {}): Seq2SeqHypothesis[][] {
    checkOptions(`${this.kind}.predict`, options, ['beam', 'batchSize', 'maxLength', 'onProgress']);
    const { beam = 1, batchSize = 256, maxLength = 2 * this.maxTargetLength + 2, onProgress } = options;
    if (!Number.isInteger(beam) || beam < 1) throw new ConfigError(`predict: beam must be a positive integer; got ${beam}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`predict: batchSize must be a positive integer; got ${batchSize}`);
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new ConfigError(`predict: maxLength must be a positive integer; got ${maxLength}`);
    const ids = sources.map((s, i) => {
      const toks = splitTokens(s, this.sourceSplit);
      if (toks.length === 0) throw new ValueError(`predict: input ${i + 1} is empty`);
      try {
        return this.source.encode(toks);
      } catch (e) {
        throw new ValueError(`predict: input ${i + 1} (${JSON.stringify(s)}): ${(e as Error).message}`);
      }
    });
    const out: Seq2SeqHypothesis[][] = new Array(sources.length);
    const order = ids.map((_, i) => i).sort((a, b) => ids[a].length - ids[b].length);
    let done = 0;
    for (let s = 0; s < order.length;) {
      const T = ids[order[s]].length;
      let e = s;
      while (e < order.length && e - s < batchSize && ids[order[e]].length === T) e++;
      const group = order.slice(s, e);
      const { initial, step } = this.steps(group.map((i) => ids[i]), T);
      const decoded = beamSearch(initial, step, { beamWidth: beam, maxLength, startToken: END, endToken: END, vocabularySize: this.target.size, forbidden: [PAD] });
      group.forEach((i, k) => (out[i] = decoded[k].map((h) => ({ tokens: this.target.decode(h.tokens), logProb: h.logProb, ended: h.ended }))));
      done += group.length;
      onProgress?.(done, sources.length);
      s = e;
    }
    return out;
  }

  /** The best output tokens of each source (`nBest`'s first). */
  predictTokens(sources: readonly string[], options: Seq2SeqDecodeOptions = {}): string[][] {
    return this.nBest(sources, options).map((h) => h[0].tokens);
  }

  /** `predictTokens` joined back into text (space-separated for whitespace targets). */
  predict(sources: readonly string[], options: Seq2SeqDecodeOptions = {}): string[] {
    return this.predictTokens(sources, options).map((t) => joinTokens(t, this.targetSplit));
  }

  /** Decodes `pairs` and scores the outputs (see metrics.ts); `cer` is added for character targets. */
  evaluate(pairs: readonly (readonly [string, string])[], options: Seq2SeqDecodeOptions = {}): SequenceMetrics & { cer?: number } {
    const predictions = this.predictTokens(pairs.map((p) => p[0]), options);
    const m = sequenceMetrics(pairs.map((p) => splitTokens(p[1], this.targetSplit)), predictions);
    return this.targetSplit === 'character' ? { ...m, cer: m.per } : m;
  }
}

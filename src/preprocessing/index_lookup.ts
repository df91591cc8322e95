// IndexLookup: the vocabulary table shared by StringLookup, IntegerLookup and TextVectorization, following
// keras/src/layers/preprocessing/index_lookup.py: special tokens first (mask, then `numOovIndices` OOV slots),
// `adapt` ordering by count with ties broken by the token (high to low), Keras's TF-IDF weights, and the
// int / one_hot / multi_hot / count / tf_idf encodings. Runs on plain JavaScript values, before the model.
import { ConfigError, StateError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Keras's output modes of the lookup layers. */
export type LookupOutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count' | 'tf_idf';
/** A token, a list of tokens (one sample), or a batch of lists (rank 0, 1 or 2). */
export type Tokens<T> = T | T[] | T[][];

/** The options every lookup shares (Keras's IndexLookup arguments, in camelCase). */
export interface IndexLookupArgs<T> {
  /** Largest vocabulary size including the special tokens; null (default) for no limit. Must be > 1. */
  maxTokens?: number | null;
  /** OOV slots (default 1); 0 makes unknown tokens an error. */
  numOovIndices?: number;
  /** Token mapped to index 0 in 'int' mode and dropped in the other modes; null (default) for none. */
  maskToken?: T | null;
  /** What `invert` returns for ids without a token. */
  oovToken?: T;
  /** A fixed vocabulary (without or with the special tokens at its front); no `adapt` then. */
  vocabulary?: T[] | null;
  /** TF-IDF weights, one per vocabulary entry (only with outputMode 'tf_idf'). */
  idfWeights?: number[] | null;
  /** Map ids back to tokens instead (only with outputMode 'int'). */
  invert?: boolean;
  /** 'int' (default), 'one_hot', 'multi_hot', 'count' or 'tf_idf'. */
  outputMode?: LookupOutputMode | 'binary' | 'tf-idf';
  /** Pad the encoded axis to `maxTokens` (not in 'int' mode). */
  padToMaxTokens?: boolean;
  /** Layer name, kept in the saved config. */
  name?: string;
}

const MODES: readonly string[] = ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'];

/** Orders two tokens as numpy sorts them: numbers numerically, strings by code point (= UTF-8 byte order). */
export function compareTokens<T>(a: T, b: T): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a), sb = String(b);
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const ca = sa.codePointAt(i)!, cb = sb.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return sa.length - sb.length;
}

/** The lookup table and its encodings; StringLookup and IntegerLookup fix the token type. */
export class IndexLookup<T extends string | number> {
  readonly maxTokens: number | null;
  readonly numOovIndices: number;
  readonly maskToken: T | null;
  readonly oovToken: T;
  readonly invert: boolean;
  readonly outputMode: LookupOutputMode;
  readonly padToMaxTokens: boolean;
  readonly name: string;
  /** The vocabulary given at construction (Keras keeps it in the config); null when adapted. */
  inputVocabulary: T[] | null;
  inputIdfWeights: number[] | null;
  private hasInputVocabulary: boolean;
  private tokens: T[] = [];
  private index = new Map<T, number>();
  private idf: Float32Array | null = null;

  constructor(owner: string, args: IndexLookupArgs<T>, defaults: { oovToken: T; name: string }) {
    let mode = args.outputMode ?? 'int';
    if (mode === 'binary') mode = 'multi_hot';
    if (mode === 'tf-idf') mode = 'tf_idf';
    if (!MODES.includes(mode)) throw new ConfigError(`${owner}: outputMode must be one of ${MODES.join(', ')}; got '${String(mode)}'`);
    const maxTokens = args.maxTokens ?? null;
    if (maxTokens !== null && (!Number.isInteger(maxTokens) || maxTokens <= 1)) {
      throw new ConfigError(`${owner}: maxTokens must be an integer greater than 1 (or null); got ${maxTokens}`);
    }
    const numOov = args.numOovIndices ?? 1;
    if (!Number.isInteger(numOov) || numOov < 0) throw new ConfigError(`${owner}: numOovIndices must be an integer >= 0; got ${numOov}`);
    if (args.padToMaxTokens && maxTokens === null) throw new ConfigError(`${owner}: padToMaxTokens needs maxTokens`);
    if (args.invert && mode !== 'int') throw new ConfigError(`${owner}: invert needs outputMode 'int'; got '${mode}'`);
    if (args.idfWeights != null && mode !== 'tf_idf') throw new ConfigError(`${owner}: idfWeights are only used with outputMode 'tf_idf'; got '${mode}'`);
    this.maxTokens = maxTokens;
    this.numOovIndices = numOov;
    this.maskToken = args.maskToken ?? null;
    this.oovToken = args.oovToken ?? defaults.oovToken;
    this.invert = args.invert ?? false;
    this.outputMode = mode as LookupOutputMode;
    this.padToMaxTokens = args.padToMaxTokens ?? false;
    this.name = args.name ?? defaults.name;
    this.inputVocabulary = args.vocabulary ?? null;
    this.inputIdfWeights = args.idfWeights ?? null;
    this.hasInputVocabulary = args.vocabulary != null;
    if (this.outputMode === 'tf_idf' && this.hasInputVocabulary && args.idfWeights == null) {
      throw new ConfigError(`${owner}: with a vocabulary in outputMode 'tf_idf', idfWeights must be given too`);
    }
    if (args.vocabulary != null) this.setVocabulary(args.vocabulary, args.idfWeights ?? undefined);
  }

  /** 1 when index 0 is the mask ('int' mode with a maskToken), else 0. */
  oovStartIndex(): number {
    return this.maskToken !== null && this.outputMode === 'int' ? 1 : 0;
  }

  /** Index of the first real token. */
  tokenStartIndex(): number {
    return this.oovStartIndex() + this.numOovIndices;
  }

  /** Size of the vocabulary including the mask and OOV entries (Keras `vocabulary_size`). */
  vocabularySize(): number {
    return this.tokens.length + this.tokenStartIndex();
  }

  /** The vocabulary, a token's position being its index (Keras `get_vocabulary`). */
  getVocabulary(includeSpecialTokens = true): T[] {
    if (!includeSpecialTokens) return this.tokens.slice();
    const special: T[] = [];
    if (this.oovStartIndex() === 1) special.push(this.maskToken as T);
    for (let i = 0; i < this.numOovIndices; i++) special.push(this.oovToken);
    return [...special, ...this.tokens];
  }

  /** The TF-IDF weights per index (null outside 'tf_idf' mode or before a vocabulary). */
  getIdfWeights(): number[] | null {
    return this.idf ? Array.from(this.idf) : null;
  }

  /**
   * Replaces the vocabulary (Keras `set_vocabulary`): `vocabulary` may start with the special tokens in their
   * order; repeated tokens, or the mask token elsewhere, are errors. `idfWeights` are required in 'tf_idf'.
   */
  setVocabulary(vocabulary: readonly T[], idfWeights?: readonly number[]): void {
    if (this.outputMode === 'tf_idf' && idfWeights == null) throw new ConfigError(`${this.name}: idfWeights must be set in outputMode 'tf_idf'`);
    if (this.outputMode !== 'tf_idf' && idfWeights != null) throw new ConfigError(`${this.name}: idfWeights are only used with outputMode 'tf_idf'; got '${this.outputMode}'`);
    if (!Array.isArray(vocabulary) || vocabulary.length === 0) throw new ValueError(`${this.name}: cannot set an empty vocabulary; got ${JSON.stringify(vocabulary)}`);
    const start = this.tokenStartIndex();
    const special = this.getSpecialTokens();
    const found = vocabulary.length >= start && special.every((s, i) => vocabulary[i] === s);
    const tokens = found ? vocabulary.slice(start) : vocabulary.slice();
    for (const t of tokens) this.checkToken(t, 'setVocabulary');
    const seen = new Set<T>(), repeated = new Set<T>();
    for (const t of tokens) (seen.has(t) ? repeated : seen).add(t);
    if (repeated.size > 0) throw new ValueError(`${this.name}: the vocabulary repeats ${JSON.stringify([...repeated])}; each term must appear once`);
    if (this.maskToken !== null && seen.has(this.maskToken)) {
      throw new ValueError(`${this.name}: found the mask token ${JSON.stringify(this.maskToken)} inside the vocabulary; leave it out, or put the special tokens only at the start in this order: ${JSON.stringify(special)}`);
    }
    if (this.invert && seen.has(this.oovToken)) {
      throw new ValueError(`${this.name}: found the OOV token ${JSON.stringify(this.oovToken)} inside the vocabulary; leave it out, or put the special tokens only at the start in this order: ${JSON.stringify(special)}`);
    }
    if (this.maxTokens !== null && tokens.length + start > this.maxTokens) {
      throw new ValueError(`${this.name}: vocabulary of ${tokens.length + start} entries (with special tokens) exceeds maxTokens = ${this.maxTokens}`);
    }
    if (idfWeights != null) {
      const w = Array.from(idfWeights);
      if (w.length !== (found ? vocabulary.length : tokens.length)) {
        throw new ValueError(`${this.name}: idfWeights must have the vocabulary's length ${found ? vocabulary.length : tokens.length}; got ${w.length}`);
      }
      // Keras: no document frequencies for the special tokens, so they get the mean weight
      const front = found ? [] : new Array<number>(start).fill(w.reduce((a, b) => a + b, 0) / w.length);
      this.idf = this.padIdf([...front, ...w]);
    }
    this.setTokens(tokens);
  }

  /**
   * Learns the vocabulary from data (Keras `adapt`): a list of tokens is one document per token, a list of lists
   * one document per row. Tokens are ordered by count, ties by the token from high to low (numpy lexsort,
   * reversed), cut at `maxTokens`. In 'tf_idf' mode the weight of a token is log(1 + D / (1 + d)) for D documents
   * of which d contain it; the OOV slots get the mean weight.
   */
  adapt(data: readonly T[] | readonly (readonly T[])[]): void {
    if (this.hasInputVocabulary) throw new StateError(`${this.name}: cannot adapt after a fixed vocabulary was set with the 'vocabulary' option`);
    if (!Array.isArray(data)) throw new ValueError(`${this.name}.adapt expects an array of tokens or of token lists; got ${typeof data}`);
    const docs = (data as unknown[]).map((d) => (Array.isArray(d) ? (d as T[]) : [d as T]));
    const counts = new Map<T, number>(), docCounts = new Map<T, number>();
    for (const doc of docs) {
      for (const t of doc) {
        this.checkToken(t, 'adapt');
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      for (const t of new Set(doc)) docCounts.set(t, (docCounts.get(t) ?? 0) + 1);
    }
    if (this.maskToken !== null) counts.delete(this.maskToken);
    counts.delete(this.oovToken);
    if (counts.size === 0) return; // Keras: an empty adapt leaves the layer as it was
    let order = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareTokens(b[0], a[0])).map((e) => e[0]);
    if (this.maxTokens) order = order.slice(0, Math.max(0, this.maxTokens - this.tokenStartIndex()));
    if (this.outputMode === 'tf_idf') {
      const idf = order.map((t) => Math.fround(Math.log(1 + docs.length / (1 + (docCounts.get(t) ?? 0)))));
      const mean = idf.reduce((a, b) => a + b, 0) / idf.length;
      this.idf = this.padIdf([...new Array<number>(this.tokenStartIndex()).fill(mean), ...idf]);
    }
    this.setTokens(order);
  }

  /** Ids (or one-hot / multi-hot / count / TF-IDF rows) for the tokens; see `encode` for the shapes. */
  lookup(token: T): number {
    const i = this.index.get(token);
    if (i !== undefined) return i;
    if (this.maskToken !== null && token === this.maskToken) return this.outputMode === 'int' ? 0 : -1;
    if (this.numOovIndices === 0) throw new ValueError(`${this.name}: ${JSON.stringify(token)} is not in the vocabulary, and numOovIndices is 0; set numOovIndices: 1 to map unknown tokens to an OOV index`);
    if (this.numOovIndices === 1) return this.oovStartIndex();
    // Keras: floormod for integers (IntegerLookup's default oov_method)
    const n = this.numOovIndices, v = token as number;
    return this.oovStartIndex() + (((v % n) + n) % n);
  }

  /** The token at an id (invert mode): the mask at 0 when there is one, the OOV token for unknown ids. */
  lookupInverse(id: number): T {
    if (this.maskToken !== null && id === 0) return this.maskToken;
    const k = id - this.tokenStartIndex();
    return Number.isInteger(k) && k >= 0 && k < this.tokens.length ? this.tokens[k] : this.oovToken;
  }

  /**
   * Encodes tokens as Keras's lookup `call` does. 'int': a tensor of ids with the input's shape (a token gives
   * shape []). multi_hot / count / tf_idf: a token or a list is one sample → [V]; a list of rows → [B, V], V the
   * vocabulary size (or maxTokens with padToMaxTokens); mask tokens are dropped. one_hot: one row per token,
   * [..., V], a trailing axis of 1 squeezed.
   */
  encode(inputs: Tokens<T>): Tensor {
    const rank = !Array.isArray(inputs) ? 0 : inputs.length > 0 && Array.isArray(inputs[0]) ? 2 : 1;
    const rows: T[][] = rank === 0 ? [[inputs as T]] : rank === 1 ? [inputs as T[]] : (inputs as T[][]);
    if (rank === 2) {
      for (const r of rows) if (!Array.isArray(r)) throw new ValueError(`${this.name}: a batch must be all lists of tokens; found ${JSON.stringify(r)}`);
    }
    const ids = rows.map((r) => r.map((t) => (this.checkToken(t, 'call'), this.lookup(t))));
    if (this.outputMode === 'int') {
      const width = ids[0]?.length ?? 0;
      if (ids.some((r) => r.length !== width)) throw new ValueError(`${this.name}: rows of different lengths (${ids.map((r) => r.length).join(', ')}); pad them first`);
      const shape = rank === 0 ? [] : rank === 1 ? [width] : [ids.length, width];
      return new Tensor(Float32Array.from(ids.flat()), shape);
    }
    const depth = this.depth();
    if (this.outputMode === 'one_hot') {
      let shape = rank === 0 ? [depth] : rank === 1 ? [ids[0].length, depth] : [ids.length, ids[0].length, depth];
      if (rank === 2 && ids[0].length === 1) shape = [ids.length, depth];
      const out = new Float32Array(ids.flat().length * depth);
      ids.flat().forEach((id, k) => { if (id >= 0) out[k * depth + id] = 1; });
      return new Tensor(out, shape);
    }
    const out = new Float32Array(rows.length * depth);
    ids.forEach((r, b) => {
      for (const id of r) {
        if (id < 0 || id >= depth) continue;
        if (this.outputMode === 'multi_hot') out[b * depth + id] = 1;
        else out[b * depth + id] += 1;
      }
    });
    if (this.outputMode === 'tf_idf') {
      const idf = this.idf!;
      for (let i = 0; i < out.length; i++) out[i] *= idf[i % depth] ?? 0;
    }
    return new Tensor(out, rank === 2 ? [rows.length, depth] : [depth]);
  }

  /** Tokens for ids (invert mode): nested arrays with the ids' shape; a Tensor's values are rounded. */
  decode(ids: number | number[] | number[][] | Tensor): Tokens<T> {
    if (ids instanceof Tensor) {
      if (ids.rank > 2) throw new ValueError(`${this.name}: decode takes ids of rank 0, 1 or 2; got a tensor of shape [${ids.shape.join(', ')}]`);
      const v = ids.toArray() as number | number[] | number[][];
      return this.decode(v);
    }
    const one = (x: unknown): T => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new ValueError(`${this.name}: ids must be finite numbers; got ${JSON.stringify(x)}`);
      return this.lookupInverse(Math.round(x));
    };
    if (!Array.isArray(ids)) return one(ids);
    return ids.map((r) => (Array.isArray(r) ? r.map(one) : one(r))) as Tokens<T>;
  }

  /** Width of the encoded axis in the non-int modes. */
  depth(): number {
    if (this.padToMaxTokens) return this.maxTokens!;
    if (this.tokens.length === 0) throw new StateError(`${this.name}: outputMode '${this.outputMode}' needs a vocabulary first: pass 'vocabulary' or call adapt()`);
    return this.vocabularySize();
  }

  private getSpecialTokens(): T[] {
    const s: T[] = [];
    if (this.oovStartIndex() === 1) s.push(this.maskToken as T);
    for (let i = 0; i < this.numOovIndices; i++) s.push(this.oovToken);
    return s;
  }

  private padIdf(w: number[]): Float32Array {
    const n = this.padToMaxTokens && this.maxTokens !== null ? Math.max(this.maxTokens, w.length) : w.length;
    const out = new Float32Array(n);
    out.set(w);
    return out;
  }

  private setTokens(tokens: T[]): void {
    this.tokens = tokens;
    this.index = new Map(tokens.map((t, i) => [t, i + this.tokenStartIndex()]));
  }

  /** Subclasses check the token type (string / integer). */
  protected checkToken(_t: unknown, _where: string): void {}
}

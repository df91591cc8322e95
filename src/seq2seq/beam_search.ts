// Beam search over any step-at-a-time decoder, for a batch of inputs at once. The decoder is a function from the
// previous token and an opaque per-hypothesis state to next-token probabilities and the next state; every live
// hypothesis of every input goes through one call per step, so a network decoder runs one batched forward pass
// per output position. Scores are sums of log-probabilities (no length normalisation).
import { ConfigError, ValueError, checkOptions } from '../errors.js';

/**
 * One decoder step for R hypotheses: `tokens[r]` is hypothesis r's previous token (the start token first) and
 * `states[r]` its state. Returns the next-token probabilities, row-major [R, V], and each row's next state.
 */
export type BeamStep<S> = (tokens: Int32Array, states: readonly S[]) => { probs: ArrayLike<number>; states: S[] };

/** Options of `beamSearch`. */
export interface BeamSearchOptions {
  /** Hypotheses kept per input and per step (the beam width K); 1 is greedy decoding. Default 4. */
  beamWidth?: number;
  /** Most tokens per output, END excluded: a hypothesis still open after this many is ended there. Required. */
  maxLength: number;
  /** The first previous token of every hypothesis. */
  startToken: number;
  /** The token that ends a hypothesis (not included in its tokens). */
  endToken: number;
  /** Vocabulary size V (the width of each probability row). */
  vocabularySize: number;
  /** Token ids never emitted (e.g. padding). Default []. */
  forbidden?: readonly number[];
}

/** One finished hypothesis. */
export interface Hypothesis {
  /** Output tokens, END excluded. */
  tokens: number[];
  /** Σ log p of the tokens (and of END when `ended`). */
  logProb: number;
  /** True when it ended with END, false when cut at maxLength. */
  ended: boolean;
}

interface Live<S> { tokens: number[]; logProb: number; state: S }

/**
 * Beam search (as in Sutskever et al. 2014 and OpenNMT): for each input i, starting from `initialStates[i]`, keeps
 * the K best open hypotheses; at each step every open hypothesis is extended by every allowed token, the K best
 * extensions (by total log-probability) survive, and those that chose END are moved to the finished list. An input
 * is done when it has K finished hypotheses and no open one scores better than the worst of them (log-probabilities
 * only decrease, so none could overtake), or when no hypothesis is open; at `maxLength` the open ones are finished
 * as cut. With K ≥ the number of possible outputs the search is exhaustive (the exact K best); with K = 1 it is
 * greedy decoding.
 *
 * Returns, per input, up to K hypotheses sorted by logProb, best first (ties: shorter, then smaller token ids).
 * Errors: ConfigError for bad options; ValueError when `step` returns the wrong number of values or states, or a
 * probability that is not a finite number in [0, 1].
 */
export function beamSearch<S>(initialStates: readonly S[], step: BeamStep<S>, options: BeamSearchOptions): Hypothesis[][] {
  checkOptions('beamSearch', options, ['beamWidth', 'maxLength', 'startToken', 'endToken', 'vocabularySize', 'forbidden']);
  const { beamWidth: K = 4, maxLength, startToken, endToken, vocabularySize: V, forbidden = [] } = options;
  if (!Number.isInteger(K) || K < 1) throw new ConfigError(`beamSearch: beamWidth must be a positive integer; got ${K}`);
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new ConfigError(`beamSearch: maxLength must be a positive integer; got ${maxLength}`);
  if (!Number.isInteger(V) || V < 1) throw new ConfigError(`beamSearch: vocabularySize must be a positive integer; got ${V}`);
  for (const [name, t] of Object.entries({ startToken, endToken })) {
    if (!Number.isInteger(t) || t < 0 || t >= V) throw new ConfigError(`beamSearch: ${name} must be an id in [0, ${V}); got ${t}`);
  }
  const allowed = Array.from({ length: V }, (_, v) => !forbidden.includes(v));
  const live: Live<S>[][] = initialStates.map((s) => [{ tokens: [], logProb: 0, state: s }]);
  const finished: Hypothesis[][] = initialStates.map(() => []);
  const better = (a: { logProb: number; tokens: number[] }, b: { logProb: number; tokens: number[] }) => compare(a, b) < 0;
  for (let t = 0; t < maxLength; t++) {
    const rows: { input: number; hyp: Live<S> }[] = [];
    live.forEach((hyps, i) => hyps.forEach((hyp) => rows.push({ input: i, hyp })));
    if (rows.length === 0) break;
    const tokens = Int32Array.from(rows, (r) => (r.hyp.tokens.length === 0 ? startToken : r.hyp.tokens[r.hyp.tokens.length - 1]));
    const out = step(tokens, rows.map((r) => r.hyp.state));
    if (out.probs.length !== rows.length * V) throw new ValueError(`beamSearch: step returned ${out.probs.length} probabilities for ${rows.length} rows × ${V} tokens`);
    if (out.states.length !== rows.length) throw new ValueError(`beamSearch: step returned ${out.states.length} states for ${rows.length} rows`);
    // candidates per input: (row, token, score)
    const cands: { row: number; token: number; logProb: number; tokens: number[] }[][] = live.map(() => []);
    rows.forEach((r, row) => {
      for (let v = 0; v < V; v++) {
        if (!allowed[v]) continue;
        const p = out.probs[row * V + v];
        if (!(p >= 0 && p <= 1)) throw new ValueError(`beamSearch: step returned probability ${p} (row ${row}, token ${v}); expected a number in [0, 1]`);
        if (p === 0) continue;
        cands[r.input].push({ row, token: v, logProb: r.hyp.logProb + Math.log(p), tokens: r.hyp.tokens });
      }
    });
    cands.forEach((list, i) => {
      list.sort((a, b) => b.logProb - a.logProb || compareTokens([...a.tokens, a.token], [...b.tokens, b.token]));
      const next: Live<S>[] = [];
      for (const c of list.slice(0, K)) {
        if (c.token === endToken) finished[i].push({ tokens: c.tokens, logProb: c.logProb, ended: true });
        else next.push({ tokens: [...c.tokens, c.token], logProb: c.logProb, state: out.states[c.row] });
      }
      finished[i].sort((a, b) => compare(a, b));
      if (finished[i].length >= K && next.every((h) => !better(h, finished[i][K - 1]))) live[i] = [];
      else live[i] = next;
    });
  }
  return finished.map((done, i) => {
    const all = [...done, ...live[i].map((h) => ({ tokens: h.tokens, logProb: h.logProb, ended: false }))];
    return all.sort(compare).slice(0, K);
  });
}

function compare(a: { logProb: number; tokens: number[] }, b: { logProb: number; tokens: number[] }): number {
  return b.logProb - a.logProb || a.tokens.length - b.tokens.length || compareTokens(a.tokens, b.tokens);
}

function compareTokens(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

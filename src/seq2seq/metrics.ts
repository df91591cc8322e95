// Scores of predicted token sequences against references, as G2P papers report them:
//   accuracy = sequences predicted exactly / sequences;  wer = 1 − accuracy (word error rate: a word is wrong
//   when any of its tokens is);  per = Σ edit distance(reference, prediction) / Σ reference length (token — for
//   G2P phoneme — error rate; edits are Levenshtein insertions, deletions and substitutions, each costing 1).
import { ValueError } from '../errors.js';

/** Levenshtein distance between two token sequences (unit costs), O(|a|·|b|) time, O(|b|) memory. */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** What `sequenceMetrics` returns. */
export interface SequenceMetrics {
  /** Fraction of sequences predicted exactly. */
  accuracy: number;
  /** 1 − accuracy: sequences not exactly right / sequences. */
  wer: number;
  /** Σ edit distance / Σ reference tokens. */
  per: number;
  sequences: number;
  referenceTokens: number;
  edits: number;
}

/** Scores `predictions` against `references` (same length, one token list each). Errors: different lengths, none, empty references. */
export function sequenceMetrics(references: readonly (readonly string[])[], predictions: readonly (readonly string[])[]): SequenceMetrics {
  if (references.length !== predictions.length) throw new ValueError(`sequenceMetrics: ${references.length} references but ${predictions.length} predictions`);
  if (references.length === 0) throw new ValueError('sequenceMetrics: no sequences to score');
  let exact = 0, edits = 0, tokens = 0;
  references.forEach((ref, i) => {
    if (ref.length === 0) throw new ValueError(`sequenceMetrics: reference ${i + 1} is empty`);
    const d = editDistance(ref, predictions[i]);
    if (d === 0) exact++;
    edits += d;
    tokens += ref.length;
  });
  const accuracy = exact / references.length;
  return { accuracy, wer: (references.length - exact) / references.length, per: edits / tokens, sequences: references.length, referenceTokens: tokens, edits };
}

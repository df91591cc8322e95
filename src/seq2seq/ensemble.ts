// An ensemble of transducers trained on the same vocabularies (e.g. the same pairs with other seeds, sizes or
// dropout): every member runs its own encoder and decoder, and beam search sees the mean of the members'
// next-token probabilities at each step — the usual way neural G2P and translation systems combine models
// (e.g. Sutskever et al. 2014 §3.4; Yao & Zweig 2015). Decoding and scoring are the same as one model's.
import { ConfigError } from '../errors.js';
import { Seq2SeqDecoder, type GroupSteps } from './decoding.js';
import type { Seq2SeqModel } from './model.js';

/**
 * Decodes with the members' averaged next-token probabilities: p(v) = (1/M) Σₘ pₘ(v). `predict`, `nBest` and
 * `evaluate` take the same options as `Seq2SeqModel`'s; with one member the result is that member's, bit for bit.
 * Errors (ConfigError): no members, or members whose splits or vocabularies (source or target tokens) differ —
 * their ids would not mean the same tokens.
 */
export class Seq2SeqEnsemble extends Seq2SeqDecoder {
  readonly members: readonly Seq2SeqModel[];

  constructor(members: readonly Seq2SeqModel[]) {
    if (members.length === 0) throw new ConfigError('Seq2SeqEnsemble: no members; give at least one Seq2SeqModel');
    const first = members[0];
    members.forEach((m, i) => {
      const same = m.sourceSplit === first.sourceSplit && m.targetSplit === first.targetSplit &&
        sameTokens(m.source.tokens, first.source.tokens) && sameTokens(m.target.tokens, first.target.tokens);
      if (!same) throw new ConfigError(`Seq2SeqEnsemble: member ${i + 1} has other vocabularies or splits than member 1; every member must be trained on the same pairs' tokens`);
    });
    super(first.source, first.target, first.sourceSplit, first.targetSplit, Math.max(...members.map((m) => m.maxTargetLength)));
    this.members = [...members];
  }

  /** Each member's start states and step; the combined step averages their probabilities row by row. */
  steps(sources: readonly number[][], T: number): GroupSteps {
    const parts = this.members.map((m) => m.steps(sources, T));
    const M = parts.length;
    const combined: GroupSteps<unknown[]> = {
      initial: sources.map((_, n) => parts.map((p) => p.initial[n])),
      step: (tokens, states) => {
        const outs = parts.map((p, m) => p.step(tokens, states.map((s) => s[m])));
        if (M === 1) return { probs: outs[0].probs, states: outs[0].states.map((s) => [s]) };
        const probs = new Float64Array(outs[0].probs.length);
        for (const o of outs) for (let i = 0; i < probs.length; i++) probs[i] += o.probs[i];
        for (let i = 0; i < probs.length; i++) probs[i] /= M;
        return { probs, states: states.map((_, r) => outs.map((o) => o.states[r])) };
      },
    };
    return combined as GroupSteps;
  }
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

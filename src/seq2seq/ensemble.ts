// An ensemble of transducers trained on the same vocabularies (e.g. the same pairs with other seeds, sizes or
// dropout): every member runs its own encoder and decoder, and beam search sees the mean of the members'
// next-token probabilities at each step — the usual way neural G2P and translation systems combine models
// (e.g. Sutskever et al. 2014 §3.4; Yao & Zweig 2015). Decoding and scoring are the same as one model's.
import { ConfigError } from '../errors.js';
import { Seq2SeqDecoder, type GroupSteps } from './decoding.js';

/**
 * Why `member` cannot be decoded together with `first` (their ids would not mean the same tokens), or null when
 * it can: a split or the source or target tokens differ.
 */
export function ensembleMismatch(first: Seq2SeqDecoder, member: Seq2SeqDecoder): string | null {
  for (const side of ['source', 'target'] as const) {
    const split = side === 'source' ? 'sourceSplit' : 'targetSplit';
    if (member[split] !== first[split]) return `its ${side} split is '${member[split]}', not '${first[split]}'`;
    const a = first[side].tokens, b = member[side].tokens;
    if (a.length !== b.length || a.some((t, i) => t !== b[i])) return `its ${side} tokens (${b.join(' ')}) are not ${a.join(' ')}`;
  }
  return null;
}

/**
 * Decodes with the members' averaged next-token probabilities: p(v) = (1/M) Σₘ pₘ(v). `predict`, `nBest` and
 * `evaluate` take the same options as `Seq2SeqModel`'s; with one member the result is that member's, bit for bit.
 * Members are `Seq2SeqModel`s (the `model` of what `Seq2SeqModel.train` returns, or `Seq2SeqModel.load(dir)`) or
 * other ensembles, of any sizes, with or without attention, but trained on the same tokens with the same splits.
 * Errors (ConfigError): no members, a member that is not a model, or members whose splits or tokens differ.
 */
export class Seq2SeqEnsemble extends Seq2SeqDecoder {
  protected readonly kind = 'Seq2SeqEnsemble';
  readonly members: readonly Seq2SeqDecoder[];

  constructor(members: readonly Seq2SeqDecoder[]) {
    if (!Array.isArray(members) || members.length === 0) throw new ConfigError('Seq2SeqEnsemble: no members; give an array of at least one Seq2SeqModel');
    members.forEach((m, i) => {
      if (m instanceof Seq2SeqDecoder) return;
      const hint = (m as { model?: unknown } | null)?.model instanceof Seq2SeqDecoder ? " (pass the 'model' of what Seq2SeqModel.train returns)" : '';
      throw new ConfigError(`Seq2SeqEnsemble: member ${i + 1} is not a Seq2SeqModel${hint}`);
    });
    const first = members[0];
    members.forEach((m, i) => {
      const why = ensembleMismatch(first, m);
      if (why) throw new ConfigError(`Seq2SeqEnsemble: member ${i + 1} cannot join member 1: ${why}; every member must be trained on the same pairs' tokens with the same splits`);
    });
    super(first.source, first.target, first.sourceSplit, first.targetSplit, Math.max(...members.map((m) => m.maxTargetLength)));
    this.members = Object.freeze([...members]);
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

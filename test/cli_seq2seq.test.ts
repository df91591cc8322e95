// `rnnkit seq2seq train → evaluate → predict` end to end on tiny synthetic pairs (the built CLI in a child
// process): the saved model loads with loadModel, evaluate's JSON agrees with predict's lines scored here
// independently, beam and greedy both run, --ensemble combines saved models, and bad inputs are clear errors. Few processes are started (each
// loads rnnkit, ≈ 0.5 s of CPU): the file reader is also tested in process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Random, editDistance, loadModel } from '../src/index.js';
import { readText } from '../src/cli/seq2seq_commands.js';

const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
const cli = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });
const err = (args: string[], re: RegExp, input?: string) => {
  const r = cli(args, input);
  assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}`);
  assert.match(r.stderr, re);
};

/** Words over 'abc' (2–4 letters) and their reversed upper-case letters as space-separated tokens. */
function pairs(n: number, seed: number): [string, string][] {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => {
    const w = Array.from({ length: 2 + Math.floor(rng.uniform() * 3) }, () => 'abc'[Math.floor(rng.uniform() * 3)]).join('');
    return [w, [...w].reverse().map((c) => c.toUpperCase()).join(' ')];
  });
}

test('seq2seq CLI: train → evaluate --json → predict (greedy and beam) on tiny pairs; outputs agree', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-s2s-'));
  const data = pairs(60, 1);
  writeFileSync(join(dir, 'pairs.tsv'), data.map((p) => p.join('\t')).join('\n') + '\n');
  const out = join(dir, 'model');
  const train = cli(['seq2seq', 'train', join(dir, 'pairs.tsv'), '--out', out, '--units', '8', '--embedding-dim', '8', '--epochs', '4', '--learning-rate', '0.02', '--seed', '5', '--json']);
  assert.equal(train.status, 0, train.stderr);
  const t = JSON.parse(train.stdout);
  assert.equal(t.pairs, 60);
  assert.equal(t.source_vocabulary, 5); // pad, END, a b c
  assert.equal(t.target_vocabulary, 5);
  assert.equal(t.epochs, 4);
  assert.ok(t.val_loss < Math.log(5), `val_loss ${t.val_loss} should beat a uniform guess (${Math.log(5)})`);
  const model = await loadModel(join(out, 'model'));
  assert.deepEqual(model.inputs.map((i) => i.name), ['source', 'decoder_input']);

  for (const beam of ['1', '3']) {
    const ev = cli(['seq2seq', 'evaluate', out, join(dir, 'pairs.tsv'), '--json', '--beam', beam]);
    assert.equal(ev.status, 0, ev.stderr);
    const m = JSON.parse(ev.stdout);
    assert.deepEqual(Object.keys(m).slice(0, 3), ['accuracy', 'wer', 'per']);
    assert.equal(m.cer, undefined); // whitespace targets: no CER
    const pr = cli(['seq2seq', 'predict', out, '-', '--beam', beam], data.map((p) => p[0]).join('\n') + '\n');
    assert.equal(pr.status, 0, pr.stderr);
    const lines = pr.stdout.replace(/\n$/, '').split('\n');
    assert.equal(lines.length, data.length);
    let exact = 0, edits = 0, tokens = 0;
    lines.forEach((line, i) => {
      const [input, prediction] = line.split('\t');
      assert.equal(input, data[i][0]);
      const ref = data[i][1].split(' '), hyp = prediction === '' ? [] : prediction.split(' ');
      const d = editDistance(ref, hyp);
      exact += d === 0 ? 1 : 0; edits += d; tokens += ref.length;
    });
    assert.equal(m.accuracy, Number((exact / data.length).toFixed(6)), `beam ${beam}`);
    assert.equal(m.wer, Number((1 - exact / data.length).toFixed(6)));
    assert.equal(m.per, Number((edits / tokens).toFixed(6)));
    assert.equal(m.edits, edits);
  }
  err(['seq2seq', 'predict', out, '-'], /line 2 of standard input: source token "z" is not in the model's source vocabulary \(abc\)/, 'ab\nza\n');
  err(['seq2seq', 'evaluate', join(dir, 'nothing'), join(dir, 'pairs.tsv')], /is not a seq2seq model directory/);
});

test('seq2seq CLI: character targets report cer; predict reads the source of a pairs file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-s2s-'));
  writeFileSync(join(dir, 'p.tsv'), 'ab\tba\nabc\tcba\nca\tac\nbb\tbb\n');
  const out = join(dir, 'm');
  const train = cli(['seq2seq', 'train', join(dir, 'p.tsv'), '--out', out, '--target-split', 'character', '--no-attention', '--units', '4', '--epochs', '1', '--validation', '0', '--json']);
  assert.equal(train.status, 0, train.stderr);
  assert.equal(JSON.parse(train.stdout).attention, false);
  const ev = cli(['seq2seq', 'evaluate', out, join(dir, 'p.tsv'), '--json']);
  const m = JSON.parse(ev.stdout);
  assert.equal(m.cer, m.per);
  const pr = cli(['seq2seq', 'predict', out, join(dir, 'p.tsv'), '--json']);
  assert.deepEqual(JSON.parse(pr.stdout).map((r: { input: string }) => r.input), ['ab', 'abc', 'ca', 'bb']);
  // --ensemble: a model with itself averages identical probabilities, so the scores are the model's; 2 models counted
  const twice = JSON.parse(cli(['seq2seq', 'evaluate', out, join(dir, 'p.tsv'), '--json', '--ensemble', out]).stdout);
  assert.deepEqual({ ...twice, models: 1 }, m);
  assert.equal(twice.models, 2);
  // a model with other target tokens cannot join
  writeFileSync(join(dir, 'q.tsv'), 'ab\txy\n');
  const other = join(dir, 'other');
  assert.equal(cli(['seq2seq', 'train', join(dir, 'q.tsv'), '--out', other, '--target-split', 'character', '--units', '2', '--epochs', '1', '--validation', '0', '--json']).status, 0);
  err(['seq2seq', 'predict', out, join(dir, 'p.tsv'), '--ensemble', other], /--ensemble '.*other' cannot be decoded with '.*m': its source tokens \(a b\) are not a b c/);
});

test('seq2seq CLI: clear errors for empty, malformed and non-UTF-8 input and bad options (exit status 1, one line on stderr)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-s2s-'));
  const file = (name: string, content: string | Uint8Array) => { writeFileSync(join(dir, name), content); return join(dir, name); };
  const out = join(dir, 'm');
  err(['seq2seq', 'train', file('empty.tsv', ''), '--out', out], /holds no pairs; expected one source<TAB>target pair per line/);
  err(['seq2seq', 'train', file('notab.tsv', 'cat\tK AE T\ndog D AO G\n'), '--out', out], /line 2 of '.*notab.tsv' has no tab/);
  err(['seq2seq', 'train', file('latin1.tsv', Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x09, 0x4b, 0x0a])), '--out', out], /is not UTF-8 text \(invalid byte 0xe9 at offset 3\)/);
  err(['seq2seq', 'train', file('ok.tsv', 'ab\tA B\nba\tB A\n'), '--out', out, '--target-split', 'words'], /a split must be 'character' or 'whitespace'; got 'words'/);
  // the same reader, in process: a missing file and a directory
  await assert.rejects(readText(join(dir, 'missing.tsv'), 'pairs file'), /pairs file '.*missing.tsv' does not exist/);
  await assert.rejects(readText(dir, 'pairs file'), /is a directory; expected a text file/);
  assert.equal((await readText(join(dir, 'ok.tsv'), 'pairs file')).text, 'ab\tA B\nba\tB A\n');
});

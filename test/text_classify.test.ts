// Text classification (issue 12, classify): the metrics against hand-derived confusion matrices, the naive-Bayes
// and logistic-regression baselines against hand-derived values, the CSV columns and their errors, the classifier
// (two and three classes, saved and reloaded), and `rnnkit text-classify train → evaluate → predict` end to end with
// its error cases (the built CLI in a child process).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  LogisticRegression, MultinomialNB, TextClassifier, classificationReport, confusionMatrix, loadModel, readTextCsv, writeTextCsv,
} from '../src/index.js';
import { bagOfWords, escapeLine, softmaxRegressionObjective } from '../src/text/index.js';

const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
const cli = (args: string[], input?: string | Buffer) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('metrics: binary figures of the positive class from a hand-counted confusion matrix', () => {
  // true 0 0 0 0 1 1 1, predicted 0 0 1 1 1 0 1: TN 2, FP 2, FN 1, TP 2 → [[2, 2], [1, 2]]
  const cm = confusionMatrix([0, 0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 0, 1], 2);
  assert.deepEqual(cm, [[2, 2], [1, 2]]);
  const r = classificationReport(cm);
  close(r.accuracy, 4 / 7);
  close(r.precision, 2 / 4); // TP / (TP + FP)
  close(r.recall, 2 / 3); // TP / (TP + FN)
  close(r.f1, (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3)); // = 4/7
  assert.equal(r.average, 'binary');
  // class 0 as the positive one: precision 2/3 (2 of the 3 predicted 0), recall 2/4
  const r0 = classificationReport(cm, { positive: 0 });
  close(r0.precision, 2 / 3);
  close(r0.recall, 1 / 2);
  // a class never predicted: precision 0/0 counts as 0 (sklearn's zero_division), F1 0
  const none = classificationReport(confusionMatrix([0, 1, 1], [0, 0, 0], 2));
  assert.equal(none.precision, 0);
  assert.equal(none.recall, 0);
  assert.equal(none.f1, 0);
  close(none.accuracy, 1 / 3);
});

test('metrics: macro averages over three classes, and errors', () => {
  const cm = [[3, 1, 0], [0, 2, 2], [1, 0, 1]];
  // per class (precision = tp / column sum, recall = tp / row sum): 0: 3/4, 3/4; 1: 2/3, 2/4; 2: 1/3, 1/2
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  const r = classificationReport(cm);
  assert.equal(r.average, 'macro');
  close(r.accuracy, 6 / 10);
  close(r.precision, (3 / 4 + 2 / 3 + 1 / 3) / 3);
  close(r.recall, (3 / 4 + 1 / 2 + 1 / 2) / 3);
  close(r.f1, (f1(3 / 4, 3 / 4) + f1(2 / 3, 1 / 2) + f1(1 / 3, 1 / 2)) / 3);
  assert.deepEqual(r.perClass.map((c) => c.support), [4, 4, 2]);
  assert.deepEqual(confusionMatrix([0, 1, 2, 2, 1], [0, 2, 2, 1, 1], 3), [[1, 0, 0], [0, 1, 1], [0, 1, 1]]);
  assert.throws(() => confusionMatrix([0, 1], [0], 2), /2 true labels but 1 predictions/);
  assert.throws(() => confusionMatrix([0, 2], [0, 1], 2), /true label 2 at position 1 is not a class index in \[0, 2\)/);
  assert.throws(() => classificationReport([]), /square/);
  assert.throws(() => classificationReport([[0, 0], [0, 0]]), /no samples/);
  assert.throws(() => classificationReport(cm, { average: 'binary' }), /needs 2 classes/);
});

test('naive Bayes: Laplace-smoothed log probabilities and predictions by hand', () => {
  // V = 4 (ids 0 … 3; 0 = padding, F = 3 features). Class 0 rows [2, 2, 3], [2, 0, 0]; class 1 row [3, 1].
  // Counts: class 0 → w1 0, w2 3, w3 1 (total 4); class 1 → w1 1, w2 0, w3 1 (total 2).
  // P(w | 0) = (n + 1) / (4 + 3) = 1/7, 4/7, 2/7; P(w | 1) = (n + 1) / (2 + 3) = 2/5, 1/5, 2/5; priors 2/3, 1/3.
  const nb = MultinomialNB.fit([[2, 2, 3], [2, 0, 0], [3, 1]], [0, 0, 1], 2, 4);
  close(nb.classLogPrior[0], Math.log(2 / 3));
  close(nb.classLogPrior[1], Math.log(1 / 3));
  [1 / 7, 4 / 7, 2 / 7].forEach((p, i) => close(nb.featureLogProb[0][i + 1], Math.log(p)));
  [2 / 5, 1 / 5, 2 / 5].forEach((p, i) => close(nb.featureLogProb[1][i + 1], Math.log(p)));
  // row [2, 3]: class 0 ∝ 2/3 · 4/7 · 2/7 = 16/147, class 1 ∝ 1/3 · 1/5 · 2/5 = 2/75
  const [p] = nb.predictProba([[2, 3, 0]]);
  close(p[0], 16 / 147 / (16 / 147 + 2 / 75));
  // row [1, 1]: class 0 ∝ 2/3 · 1/49, class 1 ∝ 1/3 · 4/25 → class 1
  assert.deepEqual(nb.predict([[2, 3], [1, 1]]), [0, 1]);
  close(MultinomialNB.fromJSON(JSON.parse(JSON.stringify(nb))).predictProba([[2, 3]])[0][0], p[0]);
  assert.throws(() => MultinomialNB.fit([[1]], [2], 2, 4), /label 2 of row 0/);
  assert.throws(() => MultinomialNB.fit([[4]], [0], 2, 4), /token id 4 in row 0 is not in \[0, 4\)/);
  assert.throws(() => MultinomialNB.fit([], [], 2, 4), /no rows/);
});

test('logistic regression: bag of words, the objective and its gradient at zero, the first Adam step, convergence', () => {
  // Row A ids [1, 2] (class 0): distinct {1, 2}, each 1/√2. Row B ids [3, 3, 0] (class 1): {3} with value 1.
  const x = bagOfWords([[1, 2, 0], [3, 3, 0]], 4);
  assert.deepEqual(Array.from(x.offsets), [0, 2, 3]);
  assert.deepEqual(Array.from(x.indices), [1, 2, 3]);
  [1 / Math.sqrt(2), 1 / Math.sqrt(2), 1].forEach((v, i) => close(x.values[i], v));
  // At W = 0, b = 0: p = (½, ½) for both rows, loss ln 2. d_A = (p − y_A)/N = (−¼, ¼), d_B = (¼, −¼).
  // ∂L/∂W[w] = Σ_n x_nw d_n: w1, w2 → (−¼/√2, ¼/√2); w3 → (¼, −¼); ∂L/∂b = d_A + d_B = 0.
  const K = 2;
  const { loss, gradW, gradB } = softmaxRegressionObjective(x, [0, 1], new Float64Array(4 * K), new Float64Array(K), 0.1);
  close(loss, Math.LN2);
  const q = 0.25 / Math.SQRT2;
  assert.deepEqual(Array.from(gradW).map((v) => Number(v.toFixed(15))), [0, 0, -q, q, -q, q, 0.25, -0.25].map((v) => Number(v.toFixed(15))));
  assert.deepEqual(Array.from(gradB), [0, 0]);
  // With W ≠ 0 the L2 term adds λW to the gradient and (λ/2)‖W‖² to the loss.
  const W = Float64Array.from([0, 0, 0, 0, 0, 0, 2, 0]);
  const withW = softmaxRegressionObjective(x, [0, 1], W, new Float64Array(K), 0.1);
  // row B: z = (2, 0) → p(1) = 1/(1 + e²); row A unchanged (ln 2)
  close(withW.loss, (Math.LN2 - Math.log(1 / (1 + Math.exp(2)))) / 2 + 0.05 * 4);
  // First Adam step from 0 (bias-corrected m̂ = g, v̂ = g²): Δ = −η g / (|g| + ε) = −η·sign(g) (to 1e-7 relative).
  const one = LogisticRegression.fit([[1, 2, 0], [3, 3, 0]], [0, 1], 2, 4, { iterations: 1, learningRate: 0.1, l2: 0 });
  const eps = 1e-7;
  close(one.weights[2], (0.1 * q) / (q + eps));
  close(one.weights[3], (-0.1 * q) / (q + eps));
  close(one.weights[6], (-0.1 * 0.25) / (0.25 + eps));
  assert.equal(one.weights[0], 0);
  assert.deepEqual(Array.from(one.bias), [0, 0]);
  // Trained to convergence on separable rows: each row's class wins, with the loss well below ln 2.
  const rows = [[1, 2], [2, 1, 1], [3], [3, 2]], labels = [0, 0, 1, 1];
  const lr = LogisticRegression.fit(rows, labels, 2, 4);
  assert.deepEqual(lr.predict(rows), labels);
  assert.ok(softmaxRegressionObjective(bagOfWords(rows, 4), labels, lr.weights, lr.bias, 0).loss < 0.05);
  assert.deepEqual(LogisticRegression.fromJSON(JSON.parse(JSON.stringify(lr))).predict(rows), labels);
  assert.throws(() => LogisticRegression.fit(rows, labels, 2, 4, { iterations: 0 }), /iterations must be a positive integer/);
  assert.throws(() => LogisticRegression.fit(rows, labels, 2, 4, { steps: 3 } as never), /steps/);
});

test('CSV columns: quoted cells with line breaks, the delimiter detected, and the errors', () => {
  const csv = writeTextCsv(['id', 'body', 'label'], [['1', 'hello, "world"\nsecond line', 'spam'], ['2', 'plain', ' ham ']]);
  const r = readTextCsv(csv, { text: 'body', label: 'label' });
  assert.deepEqual(r.texts, ['hello, "world"\nsecond line', 'plain']);
  assert.deepEqual(r.labels, ['spam', 'ham']);
  assert.deepEqual(r.columns, ['id', 'body', 'label']);
  assert.deepEqual(readTextCsv('a;b\nx;1\n', { text: 'a' }), { texts: ['x'], labels: null, columns: ['a', 'b'] });
  assert.throws(() => readTextCsv(csv, { text: 'text', label: 'label', source: 'd.csv' }), /'d.csv' has no column 'text' \(the text column\); its columns are: "id", "body", "label"/);
  assert.throws(() => readTextCsv('', { text: 'text' }), /is empty/);
  assert.throws(() => readTextCsv('text,label\n', { text: 'text', label: 'label' }), /no data rows/);
  assert.throws(() => readTextCsv('text,label\nabc,\n', { text: 'text', label: 'label' }), /row 2 has an empty label/);
  assert.equal(escapeLine('a\tb\nc\\d\r'), 'a\\tb\\nc\\\\d\\r');
});

/** Synthetic reviews: filler words with one word that gives the class away. */
function reviews(n: number, classes: string[][], labels: string[]): string[][] {
  const filler = ['the', 'a', 'day', 'was', 'it', 'food', 'and'];
  let s = 7;
  const r = (k: number) => ((s = (s * 16807) % 2147483647), s % k);
  return Array.from({ length: n }, (_, i) => {
    const c = i % classes.length;
    const words = Array.from({ length: 3 + r(4) }, () => filler[r(filler.length)]);
    words.splice(r(words.length + 1), 0, classes[c][r(classes[c].length)]);
    return [`${words.join(' ')}, really.`, labels[c]];
  });
}

test('classifier: three classes (softmax), probabilities, save and load give the same predictions', async () => {
  const data = reviews(90, [['good', 'great'], ['bad', 'awful'], ['meh', 'okay']], ['pos', 'neg', 'mid']);
  const { classifier, result } = await TextClassifier.train(data.map((d) => d[0]), data.map((d) => d[1]), {
    sequenceLength: 8, units: 6, embeddingDim: 6, epochs: 40, patience: 40, learningRate: 0.03, validation: 0.1, seed: 3,
  });
  assert.deepEqual(classifier.classes, ['mid', 'neg', 'pos']);
  assert.equal(result.trainRows + result.validationRows, 90);
  const texts = data.map((d) => d[0]);
  const probs = classifier.predictProba(texts);
  for (const p of probs) { assert.equal(p.length, 3); close(p[0] + p[1] + p[2], 1, 1e-5); }
  const ev = classifier.evaluate(texts, data.map((d) => d[1]));
  assert.equal(ev.network.average, 'macro');
  assert.ok(ev.network.accuracy >= 0.9, `network accuracy ${ev.network.accuracy}`);
  assert.equal(ev.naiveBayes.accuracy, 1); // one class word per text: Bayes cannot miss
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-cls-'));
  await classifier.save(dir);
  const back = await TextClassifier.load(dir);
  assert.deepEqual(back.predict(texts), classifier.predict(texts));
  assert.deepEqual(back.evaluate(texts, data.map((d) => d[1])), ev);
  await assert.rejects(() => TextClassifier.train(['a', 'b'], ['x', 'x']), /at least two classes/);
  await assert.rejects(() => TextClassifier.train(['a'], ['x', 'y']), /1 texts but 2 labels/);
  await assert.rejects(() => TextClassifier.train(['a', 'b'], ['x', 'y'], { pooling: 'mean' as never }), /pooling must be 'last' or 'max'/);
  assert.throws(() => classifier.evaluate(['a'], ['other']), /label "other" \(row 1\) is not one the model was trained on \("mid", "neg", "pos"\)/);
});

test('rnnkit text-classify: train → evaluate --json → predict (file and stdin), loadModel, and bad input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-cls-cli-'));
  const rows = reviews(80, [['good', 'great', 'fine'], ['bad', 'awful', 'poor']], ['pos', 'neg']);
  const data = join(dir, 'reviews.csv');
  writeFileSync(data, writeTextCsv(['review', 'sentiment'], rows));
  const out = join(dir, 'model');
  const train = cli(['text-classify', 'train', data, '--text', 'review', '--label', 'sentiment', '--out', out, '--sequence-length', '8', '--units', '4',
    '--embedding-dim', '4', '--epochs', '30', '--patience', '30', '--learning-rate', '0.02', '--seed', '1', '--json']);
  assert.equal(train.status, 0, train.stderr);
  const summary = JSON.parse(train.stdout);
  assert.deepEqual(summary.classes, ['neg', 'pos']);
  assert.equal(summary.positive, 'pos');
  assert.equal(summary.rows, 80);
  const ev = cli(['text-classify', 'evaluate', out, data, '--json']);
  assert.equal(ev.status, 0, ev.stderr);
  const m = JSON.parse(ev.stdout);
  for (const k of ['accuracy', 'precision', 'recall', 'f1']) assert.ok(m[k] >= 0.9 && m[k] <= 1, `${k} ${m[k]}`);
  const cm = m.confusion_matrix as number[][];
  assert.equal(cm[0][0] + cm[0][1] + cm[1][0] + cm[1][1], 80);
  close(m.accuracy, Number(((cm[0][0] + cm[1][1]) / 80).toFixed(6)));
  close(m.f1, Number(((2 * cm[1][1]) / (2 * cm[1][1] + cm[0][1] + cm[1][0])).toFixed(6)), 1e-6); // F1 = 2TP / (2TP + FP + FN)
  assert.equal(m.naive_bayes.accuracy, 1);
  assert.ok(m.logistic_regression.accuracy >= 0.95);
  const text = cli(['text-classify', 'evaluate', out, data]);
  assert.match(text.stdout, /^network\t/m);
  assert.match(text.stdout, /^naive_bayes\t/m);
  const pred = cli(['text-classify', 'predict', out, data]);
  assert.equal(pred.status, 0, pred.stderr);
  const lines = pred.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 80);
  assert.deepEqual(lines[0].split('\t'), [rows[0][0], rows[0][0].includes('good') || rows[0][0].includes('great') || rows[0][0].includes('fine') ? 'pos' : 'neg']);
  const stdin = cli(['text-classify', 'predict', out, '-'], 'review\n"tab\there, a good day"\n"line\nbreak: awful"\n');
  assert.equal(stdin.status, 0, stdin.stderr);
  assert.equal(stdin.stdout, 'tab\\there, a good day\tpos\nline\\nbreak: awful\tneg\n');
  // the network alone, as any rnnkit model
  const net = await loadModel(join(out, 'model'));
  assert.deepEqual(net.outputs[0].shape, [null, 1]);
  assert.ok(readFileSync(join(out, 'text', 'assets', 'vocabulary.txt'), 'utf8').startsWith('\n[UNK]\n'));

  // bad input: an error message, exit status 1, nothing written
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const e1 = cli(['text-classify', 'train', empty, '--out', join(dir, 'x')]);
  assert.equal(e1.status, 1);
  assert.match(e1.stderr, /empty\.csv' is empty; expected a header row/);
  const e2 = cli(['text-classify', 'train', data, '--text', 'body', '--out', join(dir, 'x')]);
  assert.equal(e2.status, 1);
  assert.match(e2.stderr, /has no column 'body' \(the text column\); its columns are: "review", "sentiment"/);
  const latin1 = join(dir, 'latin1.csv');
  writeFileSync(latin1, Buffer.from('text,label\ncaf\xe9,pos\n', 'latin1'));
  const e3 = cli(['text-classify', 'train', latin1, '--out', join(dir, 'x')]);
  assert.equal(e3.status, 1);
  assert.match(e3.stderr, /is not UTF-8 text \(invalid byte 0xe9 at offset 14\)/);
  const e4 = cli(['text-classify', 'evaluate', dir, data]);
  assert.match(e4.stderr, /is not a text-classify model directory/);
  const e5 = cli(['text-classify', 'evaluate', out, data, '--label', 'nope']);
  assert.match(e5.stderr, /has no column 'nope' \(the label column\); its columns are: "review", "sentiment"/);
  const e6 = cli(['text-classify', 'train', data, '--out', join(dir, 'x'), '--pooling', 'mean']);
  assert.match(e6.stderr, /--pooling must be 'last' or 'max'; got 'mean'/);
  const e7 = cli(['text-classify', 'predict', out, '-'], Buffer.from([0x74, 0x65, 0x78, 0x74, 0x0a, 0xff]));
  assert.match(e7.stderr, /standard input is not UTF-8 text \(invalid byte 0xff at offset 5\)/);
  assert.throws(() => readFileSync(join(dir, "x", "classifier.json")), /ENOENT/);
});

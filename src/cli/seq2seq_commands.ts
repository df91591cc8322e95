// `rnnkit seq2seq train | evaluate | predict`: sequence-to-sequence transduction such as grapheme-to-phoneme, from
// source<TAB>target pairs. Thin: options are validated before any output, then src/seq2seq does the work.
import { Command } from 'commander';
import { ConfigError, ValueError } from '../errors.js';
import type { Seq2SeqDecoder } from '../seq2seq/decoding.js';
import { Seq2SeqEnsemble, ensembleMismatch } from '../seq2seq/ensemble.js';
import { Seq2SeqModel } from '../seq2seq/model.js';
import { parsePairs } from '../seq2seq/pairs.js';
import { splitTokens, type TokenSplit } from '../seq2seq/vocabulary.js';
import { int, num } from './forecast_io.js';
import { readUtf8, sourceName } from './text_io.js';

/** A UTF-8 text file ('-' = stdin) as a string, with the name messages use. Errors: see readUtf8. */
export async function readText(file: string, what: string): Promise<{ text: string; name: string }> {
  return { text: await readUtf8(file, what, 'a text file'), name: sourceName(file) };
}

function split(v: string): TokenSplit {
  if (v !== 'character' && v !== 'whitespace') throw new ConfigError(`a split must be 'character' or 'whitespace'; got '${v}'`);
  return v;
}

/** Progress of decoding on a terminal (stderr), nothing elsewhere. */
function decodeProgress(json: boolean | undefined): ((done: number, total: number) => void) | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  return (done, total) => process.stderr.write(`\rdecoding ${done}/${total}${done === total ? '\n' : ''}`);
}

/** Rejects sources with tokens the model never saw, naming the line. */
function checkSources(model: Seq2SeqDecoder, sources: { text: string; line: number }[], name: string): void {
  for (const s of sources) {
    const unknown = model.source.unknown(splitTokens(s.text, model.sourceSplit));
    if (unknown !== null) throw new ValueError(`line ${s.line} of ${name}: source token ${JSON.stringify(unknown)} is not in the model's source vocabulary (${model.source.tokens.join(model.sourceSplit === 'character' ? '' : ' ')})`);
  }
}

function positive(o: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) {
    const v = o[k] as number;
    if (!(Number.isInteger(v) && v >= 1)) throw new ConfigError(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a positive integer; got ${v}`);
  }
}

const fixed = (v: number) => Number(v.toFixed(6));

const collect = (v: string, list: string[]) => [...list, v];

/** DIR's model, or with `--ensemble` directories the ensemble of DIR's and theirs (probabilities averaged). */
async function loadDecoder(dir: string, others: string[]): Promise<Seq2SeqDecoder> {
  const model = await Seq2SeqModel.load(dir);
  if (others.length === 0) return model;
  const members = [model];
  for (const other of others) {
    const m = await Seq2SeqModel.load(other);
    const why = ensembleMismatch(model, m);
    if (why) throw new ConfigError(`--ensemble '${other}' cannot be decoded with '${dir}': ${why} (models must be trained on the same pairs' tokens with the same splits)`);
    members.push(m);
  }
  return new Seq2SeqEnsemble(members);
}

const ENSEMBLE_HELP = "another directory written by 'seq2seq train' on the same pairs; decode with the mean of the models' next-token probabilities (repeatable)";

export function registerSeq2SeqCommands(program: Command): void {
  const group = program.command('seq2seq').description('sequence-to-sequence transduction (e.g. grapheme-to-phoneme) from source<TAB>target pairs: train, evaluate, predict');

  group.command('train')
    .description('train a bidirectional-LSTM encoder and an LSTM decoder (with dot-product attention unless --no-attention); saves DIR (model/, seq2seq.json)')
    .argument('<pairs>', "UTF-8 file of source<TAB>target lines ('-' = stdin)")
    .requiredOption('--out <dir>', 'directory to save the model to (checkpointed at each better val_loss)')
    .option('--source-split <how>', "source tokens: 'character' (default) or 'whitespace'", split, 'character' as TokenSplit)
    .option('--target-split <how>', "target tokens: 'whitespace' (default: space-separated, e.g. phonemes) or 'character'", split, 'whitespace' as TokenSplit)
    .option('--no-attention', 'no attention: the decoder sees the source only through the encoder\'s final states')
    .option('--epochs <n>', 'maximum epochs (default 30)', int, 30)
    .option('--units <n>', 'encoder LSTM units per direction; the decoder has twice as many (default 64)', int, 64)
    .option('--embedding-dim <n>', 'embedding width of both sides (default 64)', int, 64)
    .option('--dropout <rate>', "dropout of the LSTMs' inputs and of the output layer's input, training only (default 0)", num, 0)
    .option('--batch-size <n>', 'pairs per batch (default 64)', int, 64)
    .option('--learning-rate <x>', 'Adam learning rate (default 0.004)', num, 0.004)
    .option('--lr-factor <x>', 'multiply the learning rate by this after an epoch without a better val_loss; 1 = never (default 0.5)', num, 0.5)
    .option('--validation <fraction>', 'fraction of pairs held out for early stopping, 0 for none (default 0.05)', num, 0.05)
    .option('--patience <n>', 'early-stopping patience in epochs (default 3)', int, 3)
    .option('--seed <n>', 'random seed (default 42)', int, 42)
    .option('--json', 'print the result as JSON')
    .option('--verbose <n>', '0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a terminal, 0 with --json)', int)
    .action(async (file: string, o: { out: string; sourceSplit: TokenSplit; targetSplit: TokenSplit; attention: boolean; epochs: number; units: number; embeddingDim: number; dropout: number; batchSize: number; learningRate: number; lrFactor: number; validation: number; patience: number; seed: number; json?: boolean; verbose?: number }) => {
      positive(o, ['epochs', 'units', 'embeddingDim', 'batchSize', 'patience']);
      if (!(o.lrFactor > 0 && o.lrFactor <= 1)) throw new ConfigError(`--lr-factor must be in (0, 1]; got ${o.lrFactor}`);
      if (!(o.validation >= 0 && o.validation < 1)) throw new ConfigError(`--validation must be in [0, 1); got ${o.validation}`);
      if (!(o.learningRate > 0)) throw new ConfigError(`--learning-rate must be > 0; got ${o.learningRate}`);
      if (!(o.dropout >= 0 && o.dropout < 1)) throw new ConfigError(`--dropout must be in [0, 1); got ${o.dropout}`);
      const verbose = o.verbose ?? (o.json || !process.stdout.isTTY ? 0 : 1);
      if (![0, 1, 2].includes(verbose)) throw new ConfigError(`--verbose must be 0, 1 or 2; got ${verbose}`);
      const { text, name } = await readText(file, 'pairs file');
      const pairs = parsePairs(text, name);
      const { model, result } = await Seq2SeqModel.train(pairs.map((p) => [p.source, p.target] as const), {
        sourceSplit: o.sourceSplit, targetSplit: o.targetSplit, attention: o.attention, epochs: o.epochs, units: o.units, embeddingDim: o.embeddingDim, dropout: o.dropout,
        batchSize: o.batchSize, learningRate: o.learningRate, lrFactor: o.lrFactor, validation: o.validation, patience: o.patience, seed: o.seed, verbose: verbose as 0 | 1 | 2, checkpoint: o.out,
      });
      await model.save(o.out);
      const summary = { pairs: pairs.length, source_vocabulary: model.source.size, target_vocabulary: model.target.size, attention: o.attention, epochs: result.epochs, best_epoch: result.bestEpoch, loss: fixed(result.loss), val_loss: result.valLoss === null ? null : fixed(result.valLoss), seconds: Number(result.seconds.toFixed(1)), out: o.out };
      if (o.json) console.log(JSON.stringify(summary, null, 2));
      else console.log(`trained on ${result.trainPairs} pairs (${result.validationPairs} held out), ${model.source.size} source and ${model.target.size} target ids, ${result.epochs} epochs (best ${result.bestEpoch}) in ${result.seconds.toFixed(0)} s; loss ${result.loss.toFixed(4)}${result.valLoss === null ? '' : `, best val_loss ${result.valLoss.toFixed(4)}`}\nsaved to ${o.out}`);
    });

  group.command('evaluate')
    .description('decode the sources and score them against the targets: sequence accuracy, WER (sequences not exactly right) and PER (token edit distance / reference tokens; CER too for character targets)')
    .argument('<dir>', "directory written by 'seq2seq train'")
    .argument('<pairs>', "UTF-8 file of source<TAB>target lines ('-' = stdin)")
    .option('--beam <n>', 'beam width; 1 = greedy (default 1)', int, 1)
    .option('--ensemble <dir>', ENSEMBLE_HELP, collect, [] as string[])
    .option('--json', 'print {"accuracy", "wer", "per", ("cer"), "sequences", "reference_tokens", "edits", "beam", "models"} as JSON')
    .action(async (dir: string, file: string, o: { beam: number; ensemble: string[]; json?: boolean }) => {
      positive(o, ['beam']);
      const model = await loadDecoder(dir, o.ensemble);
      const { text, name } = await readText(file, 'pairs file');
      const pairs = parsePairs(text, name);
      checkSources(model, pairs.map((p) => ({ text: p.source, line: p.line })), name);
      const m = model.evaluate(pairs.map((p) => [p.source, p.target] as const), { beam: o.beam, onProgress: decodeProgress(o.json) });
      const out: Record<string, number> = { accuracy: fixed(m.accuracy), wer: fixed(m.wer), per: fixed(m.per) };
      if (m.cer !== undefined) out.cer = fixed(m.cer);
      Object.assign(out, { sequences: m.sequences, reference_tokens: m.referenceTokens, edits: m.edits, beam: o.beam, models: 1 + o.ensemble.length });
      if (o.json) console.log(JSON.stringify(out, null, 2));
      else {
        console.log(`${m.sequences} pairs, ${m.referenceTokens} reference tokens, ${o.beam === 1 ? 'greedy' : `beam ${o.beam}`}${o.ensemble.length ? `, ensemble of ${1 + o.ensemble.length} models` : ''}`);
        console.log(`accuracy\t${m.accuracy.toFixed(4)}\nwer\t${m.wer.toFixed(4)}\t(sequences not exactly right)\nper\t${m.per.toFixed(4)}\t(${m.edits} token edits / ${m.referenceTokens} reference tokens)` + (m.cer === undefined ? '' : `\ncer\t${m.cer.toFixed(4)}`));
      }
    });

  group.command('predict')
    .description('decode each input line; prints input<TAB>prediction, one line per input (a line with a tab is read up to its first tab, so a pairs file works too)')
    .argument('<dir>', "directory written by 'seq2seq train'")
    .argument('<inputs>', "UTF-8 file, one source per line ('-' = stdin)")
    .option('--beam <n>', 'beam width; 1 = greedy (default 1)', int, 1)
    .option('--ensemble <dir>', ENSEMBLE_HELP, collect, [] as string[])
    .option('--json', 'print a JSON list of {"input", "prediction"}')
    .action(async (dir: string, file: string, o: { beam: number; ensemble: string[]; json?: boolean }) => {
      positive(o, ['beam']);
      const model = await loadDecoder(dir, o.ensemble);
      const { text, name } = await readText(file, 'inputs file');
      const sources = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/)
        .map((l, i) => ({ text: l.split('\t')[0].trim(), line: i + 1 })).filter((s) => s.text !== '');
      if (sources.length === 0) throw new ValueError(`${name} holds no inputs; expected one source per line`);
      checkSources(model, sources, name);
      const predictions = model.predict(sources.map((s) => s.text), { beam: o.beam, onProgress: decodeProgress(o.json) });
      if (o.json) console.log(JSON.stringify(sources.map((s, i) => ({ input: s.text, prediction: predictions[i] })), null, 2));
      else console.log(sources.map((s, i) => `${s.text}\t${predictions[i]}`).join('\n'));
    });
}

// `rnnkit text-generate train | sample | score`: a character-level model of lines such as names (makemore's
// task). Thin: options are validated before any output, then src/text does the work.
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigError, ValueError } from '../errors.js';
import { CharModel } from '../text/char_model.js';
import { int, num } from './forecast_io.js';

/** The non-empty lines of a UTF-8 text file ('-' = stdin), without line ends or a byte-order mark. */
export async function readLines(file: string): Promise<string[]> {
  let bytes: Uint8Array;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    bytes = Buffer.concat(chunks);
  } else {
    try {
      bytes = await readFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new ConfigError(`lines file '${file}' does not exist`);
      if (code === 'EISDIR') throw new ConfigError(`lines file '${file}' is a directory; expected a text file with one line per example`);
      throw new ConfigError(`lines file '${file}': ${(e as Error).message}`);
    }
  }
  const name = file === '-' ? 'standard input' : `'${file}'`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstBadByte(bytes);
    throw new ValueError(`${name} is not UTF-8 text (invalid byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad}); save it as UTF-8`);
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new ValueError(`${name} holds no lines; expected one example (e.g. a name) per line`);
  return lines;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (lead byte, then the continuation bytes it needs). */
export function firstBadByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    for (let j = 1; j < n; j++) if (i + j >= bytes.length || (bytes[i + j] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0; // overlong forms and surrogates: the decoder refused them; report the start
}

const fixed = (v: number) => Number(v.toFixed(6));

export function registerTextGenerateCommands(program: Command): void {
  const group = program.command('text-generate').description('character-level generation of lines such as names (makemore): train, sample, score');

  group.command('train')
    .description('train Embedding → LSTM → Dense(softmax) on each line plus an end token; saves DIR (model/, vocabulary.json, baselines.json)')
    .argument('<lines>', "text file, one example per line ('-' = stdin)")
    .requiredOption('--out <dir>', 'directory to save the model to (checkpointed at each better val_loss)')
    .option('--epochs <n>', 'maximum epochs (default 20)', int, 20)
    .option('--units <n>', 'LSTM units (default 128)', int, 128)
    .option('--embedding-dim <n>', 'embedding width (default 32)', int, 32)
    .option('--batch-size <n>', 'batch size (default 32)', int, 32)
    .option('--learning-rate <x>', 'Adam learning rate (default 0.005)', num, 0.005)
    .option('--validation <fraction>', 'fraction of lines held out for early stopping, 0 for none (default 0.1)', num, 0.1)
    .option('--patience <n>', 'early-stopping patience in epochs (default 3)', int, 3)
    .option('--seed <n>', 'random seed (default 42)', int, 42)
    .option('--json', 'print the result as JSON')
    .option('--verbose <n>', '0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a terminal, 0 with --json)', int)
    .action(async (file: string, o: { out: string; epochs: number; units: number; embeddingDim: number; batchSize: number; learningRate: number; validation: number; patience: number; seed: number; json?: boolean; verbose?: number }) => {
      for (const k of ['epochs', 'units', 'embeddingDim', 'batchSize', 'patience'] as const) if (!(o[k] >= 1)) throw new ConfigError(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a positive integer; got ${o[k]}`);
      if (!(o.validation >= 0 && o.validation < 1)) throw new ConfigError(`--validation must be in [0, 1); got ${o.validation}`);
      if (!(o.learningRate > 0)) throw new ConfigError(`--learning-rate must be > 0; got ${o.learningRate}`);
      const verbose = o.verbose ?? (o.json || !process.stdout.isTTY ? 0 : 1);
      if (![0, 1, 2].includes(verbose)) throw new ConfigError(`--verbose must be 0, 1 or 2; got ${verbose}`);
      const lines = await readLines(file);
      const { model, result } = await CharModel.train(lines, {
        epochs: o.epochs, units: o.units, embeddingDim: o.embeddingDim, batchSize: o.batchSize, learningRate: o.learningRate,
        validation: o.validation, patience: o.patience, seed: o.seed, verbose: verbose as 0 | 1 | 2, checkpoint: o.out,
      });
      await model.save(o.out);
      const summary = { lines: lines.length, vocabulary: model.vocab.size, epochs: result.epochs, loss: fixed(result.loss), val_loss: result.valLoss === null ? null : fixed(result.valLoss), out: o.out };
      if (o.json) console.log(JSON.stringify(summary, null, 2));
      else console.log(`trained on ${result.trainLines} lines (${result.validationLines} held out), ${model.vocab.size} ids, ${result.epochs} epochs; loss ${result.loss.toFixed(4)}${result.valLoss === null ? '' : `, best val_loss ${result.valLoss.toFixed(4)}`}\nsaved to ${o.out}`);
    });

  group.command('sample')
    .description('draw new lines from a trained model, one per output line')
    .argument('<dir>', "directory written by 'text-generate train'")
    .option('-n, --count <n>', 'how many lines (default 20)', int, 20)
    .option('--temperature <x>', 'sampling temperature (default 1)', num, 1)
    .option('--prefix <text>', 'every line starts with these characters', '')
    .option('--max-length <n>', 'longest line in characters (default 50)', int, 50)
    .option('--seed <n>', 'random seed of the draws', int)
    .option('--json', 'print a JSON list')
    .action(async (dir: string, o: { count: number; temperature: number; prefix: string; maxLength: number; seed?: number; json?: boolean }) => {
      if (!(o.count >= 1)) throw new ConfigError(`-n must be a positive integer; got ${o.count}`);
      if (!(o.temperature > 0)) throw new ConfigError(`--temperature must be > 0; got ${o.temperature}`);
      if (!(o.maxLength >= 1)) throw new ConfigError(`--max-length must be a positive integer; got ${o.maxLength}`);
      const model = await CharModel.load(dir);
      const lines = model.sample(o.count, { temperature: o.temperature, prefix: o.prefix, maxLength: o.maxLength, seed: o.seed });
      console.log(o.json ? JSON.stringify(lines) : lines.join('\n'));
    });

  group.command('score')
    .description('mean negative log-likelihood per character in nats (each line plus the end token): the network, and the bigram and trigram baselines')
    .argument('<dir>', "directory written by 'text-generate train'")
    .argument('<lines>', "text file, one example per line ('-' = stdin)")
    .option('--json', 'print {"nll", "bigram_nll", "trigram_nll", "lines", "characters"} as JSON')
    .action(async (dir: string, file: string, o: { json?: boolean }) => {
      const model = await CharModel.load(dir);
      const lines = await readLines(file);
      const bad = lines.findIndex((l) => !model.vocab.covers(l));
      if (bad >= 0) {
        try {
          model.vocab.encode(lines[bad]);
        } catch (e) {
          throw new ValueError(`line ${bad + 1} of ${file === '-' ? 'standard input' : `'${file}'`}: ${(e as Error).message}; the model only knows the characters it was trained on`);
        }
      }
      const s = model.scoreAll(lines);
      const characters = lines.reduce((n, l) => n + [...l].length + 1, 0);
      if (o.json) console.log(JSON.stringify({ nll: fixed(s.nll), bigram_nll: fixed(s.bigram_nll), trigram_nll: fixed(s.trigram_nll), lines: lines.length, characters }, null, 2));
      else {
        console.log(`${lines.length} lines, ${characters} characters (end tokens included); NLL in nats per character`);
        console.log(`nll\t${s.nll.toFixed(4)}\nbigram_nll\t${s.bigram_nll.toFixed(4)}\t(add-k, k = ${model.bigram.k})\ntrigram_nll\t${s.trigram_nll.toFixed(4)}\t(add-k, k = ${model.trigram.k})`);
      }
    });
}

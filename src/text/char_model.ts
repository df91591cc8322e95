// A character-level language model for lines such as names (makemore's RNN task): Embedding → LSTM → Dense(softmax)
// over a `CharVocabulary`, trained on each line plus the end marker with sparse_categorical_crossentropy, scored as
// the mean negative log-likelihood per character in nats, sampled one character at a time with `generate`, and
// saved as a directory: model/ (TF.js Layers format), vocabulary.json and baselines.json (the bigram and trigram
// counts of the training lines, so `score` can report them beside the network).
import { EarlyStopping } from '../callbacks/early_stopping.js';
import { ModelCheckpoint } from '../callbacks/model_checkpoint.js';
import type { Callback } from '../callbacks/callback.js';
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import { generate } from '../generation/generate.js';
import { writeJsonAtomic } from '../io/files.js';
import { loadModel } from '../io/save_load.js';
import { Embedding } from '../layers/embedding/embedding.js';
import { Dense } from '../layers/core/dense.js';
import { LSTM } from '../layers/rnn/lstm.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { Random, setRandomSeed } from '../random/random.js';
import { Adam } from '../optimizers/adam.js';
import { CharVocabulary, END, charWindows } from './char_vocabulary.js';
import { NgramModel } from './ngram.js';

/** Options of `CharModel.train`. */
export interface CharModelTrainOptions {
  /** LSTM units (default 128). */
  units?: number;
  /** Embedding width (default 32). */
  embeddingDim?: number;
  /** Maximum epochs (default 20). */
  epochs?: number;
  /** Batch size (default 32). */
  batchSize?: number;
  /** Adam learning rate (default 0.005). */
  learningRate?: number;
  /** Fraction of the lines (after a seeded shuffle) held out for early stopping on val_loss (default 0.1; 0 = none). */
  validation?: number;
  /** Early-stopping patience in epochs (default 3); the best epoch's weights are restored. */
  patience?: number;
  /** Seed for the initial weights, the split and the shuffling (default 42). */
  seed?: number;
  /** fit's verbosity: 0 silent, 1 progress bar, 2 a line per epoch (default 0). */
  verbose?: 0 | 1 | 2;
  /** A directory (as `save` writes it) that gets the vocabulary and baselines first, then the best network in
   *  dir/model after each improving epoch (ModelCheckpoint on val_loss), so an interrupted run leaves a loadable model. */
  checkpoint?: string;
  /** More callbacks for fit (progress, live loss charts, a page yielding between batches), run before early stopping. */
  callbacks?: Callback[];
}

const TRAIN_OPTIONS = ['units', 'embeddingDim', 'epochs', 'batchSize', 'learningRate', 'validation', 'patience', 'seed', 'verbose', 'checkpoint', 'callbacks'];

/** What `train` reports. */
export interface CharTrainResult {
  epochs: number;
  loss: number;
  valLoss: number | null;
  trainLines: number;
  validationLines: number;
}

/** Options of `CharModel.sample`. */
export interface CharSampleOptions {
  /** Characters every sample starts with (default ''). */
  prefix?: string;
  /** Sampling temperature (default 1). */
  temperature?: number;
  /** Seed of the draws. */
  seed?: number;
  /** Longest sample in characters, prefix included (default 50). */
  maxLength?: number;
}

export class CharModel {
  constructor(readonly vocab: CharVocabulary, readonly model: Model, readonly bigram: NgramModel, readonly trigram: NgramModel) {}

  /** The default network: Embedding(V, embeddingDim, maskZero) → LSTM(units, returnSequences) → Dense(V, softmax); input [B, T] ids. */
  static buildNetwork(vocabSize: number, units = 128, embeddingDim = 32, learningRate = 0.005): Model {
    const model = new Sequential({ layers: [
      new Embedding({ inputDim: vocabSize, outputDim: embeddingDim, maskZero: true, inputShape: [null] }),
      new LSTM({ units, returnSequences: true }),
      new Dense({ units: vocabSize, activation: 'softmax' }),
    ] });
    model.compile({ optimizer: new Adam({ learningRate }), loss: 'sparse_categorical_crossentropy' });
    return model;
  }

  /**
   * Learns the vocabulary, the bigram and trigram baselines (add-k, k chosen on the training lines) and the
   * network from `lines` (empty lines are an error: filter them first). Early stopping on val_loss with the best
   * weights restored when `validation` > 0. Errors: no lines, an empty line, bad options.
   */
  static async train(lines: readonly string[], options: CharModelTrainOptions = {}): Promise<{ model: CharModel; result: CharTrainResult }> {
    checkOptions('CharModel.train', options, TRAIN_OPTIONS);
    const { units = 128, embeddingDim = 32, epochs = 20, batchSize = 32, learningRate = 0.005, validation = 0.1, patience = 3, seed = 42, verbose = 0 } = options;
    for (const [name, v] of Object.entries({ units, embeddingDim, epochs, batchSize, patience })) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`CharModel.train: ${name} must be a positive integer; got ${v}`);
    }
    if (!(validation >= 0 && validation < 1)) throw new ConfigError(`CharModel.train: validation must be in [0, 1); got ${validation}`);
    if (!(learningRate > 0)) throw new ConfigError(`CharModel.train: learningRate must be > 0; got ${learningRate}`);
    if (lines.length === 0) throw new ValueError('CharModel.train: no lines to train on');
    const empty = lines.findIndex((l) => l.length === 0);
    if (empty >= 0) throw new ValueError(`CharModel.train: line ${empty + 1} is empty; every line must hold at least one character`);
    setRandomSeed(seed);
    const rng = new Random(seed);
    const order = lines.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rng.uniform() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    const nVal = validation > 0 ? Math.max(1, Math.round(lines.length * validation)) : 0;
    if (nVal >= lines.length) throw new ValueError(`CharModel.train: ${lines.length} line(s) are too few to hold out ${Math.round(validation * 100)} % for validation`);
    const trainLines = order.slice(0, lines.length - nVal).map((i) => lines[i]);
    const valLines = order.slice(lines.length - nVal).map((i) => lines[i]);
    const vocab = CharVocabulary.fromLines(lines);
    const network = CharModel.buildNetwork(vocab.size, units, embeddingDim, learningRate);
    const model = new CharModel(vocab, network, NgramModel.fit(trainLines, vocab, 2), NgramModel.fit(trainLines, vocab, 3));
    if (options.checkpoint) await model.saveTables(options.checkpoint);
    const train = charWindows(vocab, trainLines);
    const callbacks: Callback[] = [...(options.callbacks ?? [])];
    let validationData: [Int32Array[], Int32Array[]] | undefined;
    if (nVal > 0) {
      const val = charWindows(vocab, valLines);
      validationData = [val.x, val.y];
      callbacks.push(new EarlyStopping({ monitor: 'val_loss', patience, restoreBestWeights: true }));
      if (options.checkpoint) callbacks.push(new ModelCheckpoint(`${options.checkpoint}/model`, { monitor: 'val_loss', saveBestOnly: true }));
    }
    const history = await network.fit(train.x, train.y, { epochs, batchSize, verbose, callbacks, validationData, shuffle: true });
    const h = history.history as Record<string, number[]>;
    const valLoss = h.val_loss ? h.val_loss.reduce((a, v) => Math.min(a, v), Infinity) : null;
    return { model, result: { epochs: h.loss.length, loss: h.loss[h.loss.length - 1], valLoss, trainLines: trainLines.length, validationLines: nVal } };
  }

  /** Mean negative log-likelihood per character in nats of the network (each line plus the end marker). Errors: no lines, unknown characters. */
  score(lines: readonly string[], batchSize = 256): number {
    if (lines.length === 0) throw new ValueError('score: no lines to score');
    const V = this.vocab.size;
    let total = 0, n = 0;
    for (let start = 0; start < lines.length; start += batchSize) {
      const { x, y, length: T } = charWindows(this.vocab, lines.slice(start, start + batchSize));
      const p = (this.model.predict(x, { batchSize }) as { data: Float32Array }).data;
      for (let b = 0; b < x.length; b++) {
        for (let t = 0; t < T; t++) {
          const target = y[b][t];
          if (target === 0) break;
          total -= Math.log(Math.max(p[(b * T + t) * V + target], 1e-30));
          n++;
        }
      }
    }
    return total / n;
  }

  /** All three scores: { nll, bigram_nll, trigram_nll } in nats per character. */
  scoreAll(lines: readonly string[]): { nll: number; bigram_nll: number; trigram_nll: number } {
    return { nll: this.score(lines), bigram_nll: this.bigram.score(lines), trigram_nll: this.trigram.score(lines) };
  }

  /** `n` new lines, each drawn one character at a time until the end marker. Errors: a prefix character outside the vocabulary. */
  sample(n: number, options: CharSampleOptions = {}): string[] {
    checkOptions('CharModel.sample', options, ['prefix', 'temperature', 'seed', 'maxLength']);
    const { prefix = '', temperature = 1, seed, maxLength = 50 } = options;
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`sample: n must be a positive integer; got ${n}`);
    if (!(temperature > 0)) throw new ConfigError(`sample: temperature must be > 0; got ${temperature}`);
    const start = [END, ...this.vocab.encode(prefix)];
    const room = maxLength - [...prefix].length;
    if (!Number.isInteger(maxLength) || room < 0) throw new ConfigError(`sample: maxLength must be an integer >= the prefix length (${[...prefix].length}); got ${maxLength}`);
    const steps = room + 1; // room characters, then the end marker
    const out = generate(this.model, { prefix: Array.from({ length: n }, () => start), steps, temperature, seed, stopToken: END, encode: 'id' }) as number[][];
    return out.map((ids) => prefix + this.vocab.decode(ids.slice(0, room)));
  }

  /** Writes dir/model (TF.js Layers directory), dir/vocabulary.json and dir/baselines.json, each atomically. */
  async save(dir: string): Promise<void> {
    await this.saveTables(dir);
    await this.model.save(`${dir}/model`);
  }

  /** Writes dir/vocabulary.json and dir/baselines.json (creating dir). */
  private async saveTables(dir: string): Promise<void> {
    const { mkdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await mkdir(dir, { recursive: true });
    await writeJsonAtomic(join(dir, 'vocabulary.json'), this.vocab.toJSON());
    await writeJsonAtomic(join(dir, 'baselines.json'), { bigram: this.bigram.toJSON(), trigram: this.trigram.toJSON() });
  }

  /** Reads what `save` wrote. Errors: a directory without those files, named with what was expected. */
  static async load(dir: string): Promise<CharModel> {
    const { readFile, stat } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const what = `'${dir}' is not a text-generate model directory (expected model/, vocabulary.json and baselines.json written by 'rnnkit text-generate train')`;
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error();
      await stat(join(dir, 'model', 'model.json'));
    } catch {
      throw new ConfigError(what);
    }
    const json = async (name: string) => {
      try {
        return JSON.parse(await readFile(join(dir, name), 'utf8')) as unknown;
      } catch (e) {
        throw new ConfigError(`${what}: ${name}: ${(e as Error).message}`);
      }
    };
    const vocab = CharVocabulary.fromJSON(await json('vocabulary.json'));
    const base = (await json('baselines.json')) as { bigram?: unknown; trigram?: unknown };
    const model = await loadModel(join(dir, 'model'));
    return new CharModel(vocab, model, NgramModel.fromJSON(base.bigram, vocab), NgramModel.fromJSON(base.trigram, vocab));
  }
}

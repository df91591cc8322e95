// A trainable, savable sequence-to-sequence transducer (grapheme-to-phoneme and the like): token vocabularies for
// both sides, the encoder–decoder of network.ts, a training loop over length-sorted batches (each batch padded
// only to its own longest pair) with a validation loss, early stopping that restores the best weights and a
// checkpoint of the best model, and greedy or beam-search decoding. Saved as a directory: model/ (the training
// model, TF.js Layers format, loadable by `loadModel`) and seq2seq.json (splits, vocabularies, sizes).
import { ProgressLogger, type Verbosity } from '../callbacks/progbar.js';
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import { writeJsonAtomic } from '../io/files.js';
import { loadModel } from '../io/save_load.js';
import { Random, setRandomSeed } from '../random/random.js';
import { Tensor } from '../tensor/tensor.js';
import { Seq2SeqDecoder, type GroupSteps } from './decoding.js';
import { buildSeq2SeqNetwork, inferenceModels, type Seq2SeqNetwork } from './network.js';
import { END, TokenVocabulary, splitTokens, type TokenSplit } from './vocabulary.js';

/** Options of `Seq2SeqModel.train`. */
export interface Seq2SeqTrainOptions {
  /** How sources are cut into tokens (default 'character'). */
  sourceSplit?: TokenSplit;
  /** How targets are cut into tokens (default 'whitespace'). */
  targetSplit?: TokenSplit;
  /** Encoder LSTM units per direction; the decoder has twice as many (default 64). */
  units?: number;
  /** Embedding width of both sides (default 64). */
  embeddingDim?: number;
  /** Dot-product attention over the encoder outputs (default true). */
  attention?: boolean;
  /** Dropout of the LSTMs' inputs and of the output layer's input, training only (default 0). */
  dropout?: number;
  /** Maximum epochs (default 30). */
  epochs?: number;
  /** Pairs per batch (default 64). */
  batchSize?: number;
  /** Adam learning rate (default 0.004). */
  learningRate?: number;
  /** Fraction of pairs (after a seeded shuffle) held out for the validation loss (default 0.05; 0 = none, then no early stopping). */
  validation?: number;
  /** Early-stopping patience in epochs on val_loss (default 3); the best epoch's weights are restored. */
  patience?: number;
  /** The learning rate is multiplied by this after every epoch whose val_loss is not the best so far (Keras's
   *  ReduceLROnPlateau with patience 1); default 0.5; 1 = never. */
  lrFactor?: number;
  /** Seed of the weights, the split and the batch order (default 42). */
  seed?: number;
  /** 0 silent, 1 progress bar, 2 a line per epoch (default 0). */
  verbose?: Verbosity;
  /** Directory that gets seq2seq.json first and the best model in dir/model after each improving epoch. */
  checkpoint?: string;
  /** Continue a run: start from these weights (`saved.network.model.getWeights()` of a model trained on the same
   *  pairs with the same options, e.g. a checkpoint) instead of fresh ones. Their shapes must match. */
  initialWeights?: Tensor[];
}

const TRAIN_OPTIONS = ['sourceSplit', 'targetSplit', 'units', 'embeddingDim', 'attention', 'dropout', 'epochs', 'batchSize', 'learningRate', 'validation', 'patience', 'lrFactor', 'seed', 'verbose', 'checkpoint', 'initialWeights'];

/** What `train` reports. */
export interface Seq2SeqTrainResult {
  epochs: number;
  bestEpoch: number;
  loss: number;
  valLoss: number | null;
  trainPairs: number;
  validationPairs: number;
  seconds: number;
  /** Per epoch: the training loss, the validation loss (empty without validation) and the learning rate used. */
  history: { loss: number[]; val_loss: number[]; lr: number[] };
}

/** The saved description (seq2seq.json). */
interface Seq2SeqConfig {
  format: 'rnnkit-seq2seq';
  version: 1;
  sourceSplit: TokenSplit;
  targetSplit: TokenSplit;
  source: { tokens: string[] };
  target: { tokens: string[] };
  maxTargetLength: number;
  units: number;
  embeddingDim: number;
  attention: boolean;
}

type Split = readonly string[];

/**
 * A trained transducer: both vocabularies, how each side is split into tokens, the network and its inference
 * models. Build one with `Seq2SeqModel.train(pairs)` or `Seq2SeqModel.load(dir)`; the constructor takes the parts
 * as they are (for tests and custom networks built with `buildSeq2SeqNetwork`).
 */
export class Seq2SeqModel extends Seq2SeqDecoder {
  protected readonly kind = 'Seq2SeqModel';

  constructor(
    source: TokenVocabulary,
    target: TokenVocabulary,
    sourceSplit: TokenSplit,
    targetSplit: TokenSplit,
    readonly network: Seq2SeqNetwork,
    maxTargetLength: number,
    private readonly sizes: { units: number; embeddingDim: number },
  ) {
    super(source, target, sourceSplit, targetSplit, maxTargetLength);
  }

  /**
   * Learns both vocabularies and the network from `pairs` ([source, target] strings). Errors: no pairs, a side
   * with no tokens, bad options.
   */
  static async train(pairs: readonly (readonly [string, string])[], options: Seq2SeqTrainOptions = {}): Promise<{ model: Seq2SeqModel; result: Seq2SeqTrainResult }> {
    checkOptions('Seq2SeqModel.train', options, TRAIN_OPTIONS);
    const { sourceSplit = 'character', targetSplit = 'whitespace', units = 64, embeddingDim = 64, attention = true, dropout = 0, epochs = 30, batchSize = 64, learningRate = 0.004, validation = 0.05, patience = 3, lrFactor = 0.5, seed = 42, verbose = 0 } = options;
    for (const [name, v] of Object.entries({ units, embeddingDim, epochs, batchSize, patience })) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`Seq2SeqModel.train: ${name} must be a positive integer; got ${v}`);
    }
    for (const [name, v] of Object.entries({ sourceSplit, targetSplit })) {
      if (v !== 'character' && v !== 'whitespace') throw new ConfigError(`Seq2SeqModel.train: ${name} must be 'character' or 'whitespace'; got ${JSON.stringify(v)}`);
    }
    if (!(validation >= 0 && validation < 1)) throw new ConfigError(`Seq2SeqModel.train: validation must be in [0, 1); got ${validation}`);
    if (!(learningRate > 0)) throw new ConfigError(`Seq2SeqModel.train: learningRate must be > 0; got ${learningRate}`);
    if (!(lrFactor > 0 && lrFactor <= 1)) throw new ConfigError(`Seq2SeqModel.train: lrFactor must be in (0, 1]; got ${lrFactor}`);
    if (pairs.length === 0) throw new ValueError('Seq2SeqModel.train: no pairs to train on');
    const tokens = pairs.map(([s, t], i) => {
      const st = splitTokens(s, sourceSplit), tt = splitTokens(t, targetSplit);
      if (st.length === 0 || tt.length === 0) throw new ValueError(`Seq2SeqModel.train: pair ${i + 1} has an empty ${st.length === 0 ? 'source' : 'target'}`);
      return [st, tt] as [Split, Split];
    });
    const started = Date.now();
    setRandomSeed(seed);
    const rng = new Random(seed);
    const order = shuffled(tokens.length, rng);
    const nVal = validation > 0 ? Math.max(1, Math.round(tokens.length * validation)) : 0;
    if (nVal >= tokens.length) throw new ValueError(`Seq2SeqModel.train: ${tokens.length} pair(s) are too few to hold out ${Math.round(validation * 100)} % for validation`);
    const trainSet = order.slice(0, tokens.length - nVal).map((i) => tokens[i]);
    const valSet = order.slice(tokens.length - nVal).map((i) => tokens[i]);
    const source = TokenVocabulary.fromSequences(tokens.map((p) => p[0]));
    const target = TokenVocabulary.fromSequences(tokens.map((p) => p[1]));
    const network = buildSeq2SeqNetwork({ sourceVocabulary: source.size, targetVocabulary: target.size, units, embeddingDim, attention, learningRate, dropout });
    if (options.initialWeights) {
      try {
        network.model.setWeights(options.initialWeights);
      } catch (e) {
        throw new ConfigError(`Seq2SeqModel.train: initialWeights do not fit this network (same pairs and options?): ${(e as Error).message}`);
      }
    }
    const maxTargetLength = Math.max(...tokens.map((p) => p[1].length));
    const model = new Seq2SeqModel(source, target, sourceSplit, targetSplit, network, maxTargetLength, { units, embeddingDim });
    if (options.checkpoint) await model.saveConfig(options.checkpoint);
    const trainBatches = model.batches(trainSet, batchSize, rng);
    const valBatches = model.batches(valSet, 256, null);
    const progress = new ProgressLogger(verbose);
    const net = network.model;
    let best = Infinity, bestEpoch = 0, bestWeights: Tensor[] | null = null, wait = 0, epoch = 0, loss = NaN;
    const valLosses: number[] = [], losses: number[] = [], rates: number[] = [];
    for (epoch = 0; epoch < epochs; epoch++) {
      progress.onEpochBegin(epoch, epochs);
      rates.push(net.optimizer!.learningRate);
      const batchOrder = shuffled(trainBatches.length, rng);
      let sum = 0, n = 0;
      batchOrder.forEach((b, step) => {
        const { x, y, count } = trainBatches[b];
        sum += net.trainOnBatch(x, y) * count;
        n += count;
        progress.onBatchEnd(step + 1, trainBatches.length, { loss: sum / n });
      });
      loss = sum / n;
      if (!Number.isFinite(loss)) throw new ValueError(`Seq2SeqModel.train: the loss became ${loss} in epoch ${epoch + 1}; try a smaller learningRate`);
      losses.push(loss);
      const logs: Record<string, number> = { loss };
      if (valBatches.length > 0) {
        let vs = 0, vn = 0;
        for (const { x, y, count } of valBatches) { vs += (net.evaluate(x, y, { batchSize: 256 }) as number) * count; vn += count; }
        logs.val_loss = vs / vn;
        valLosses.push(logs.val_loss);
      }
      progress.onEpochEnd(trainBatches.length, logs);
      if (logs.val_loss === undefined) continue;
      if (logs.val_loss < best) {
        best = logs.val_loss; bestEpoch = epoch + 1; wait = 0;
        bestWeights = net.getWeights();
        if (options.checkpoint) await net.save(`${options.checkpoint}/model`, { overwrite: true });
      } else if (++wait >= patience) {
        epoch++;
        break;
      } else if (lrFactor < 1) {
        net.optimizer!.learningRate = net.optimizer!.learningRate * lrFactor;
      }
    }
    if (bestWeights) net.setWeights(bestWeights);
    return { model, result: { epochs: epoch, bestEpoch: bestEpoch || epoch, loss, valLoss: valLosses.length ? best : null, trainPairs: trainSet.length, validationPairs: nVal, seconds: (Date.now() - started) / 1000, history: { loss: losses, val_loss: valLosses, lr: rates } } };
  }

  /** Batches of pairs sorted by length (each padded to its own longest), in a seeded random order within equal lengths. */
  private batches(set: readonly [Split, Split][], batchSize: number, rng: Random | null): { x: Int32Array[][]; y: Int32Array[]; count: number }[] {
    const idx = rng ? shuffled(set.length, rng) : set.map((_, i) => i);
    idx.sort((a, b) => set[a][0].length - set[b][0].length || set[a][1].length - set[b][1].length);
    const out: { x: Int32Array[][]; y: Int32Array[]; count: number }[] = [];
    for (let s = 0; s < idx.length; s += batchSize) {
      const chunk = idx.slice(s, s + batchSize).map((i) => set[i]);
      const Ts = Math.max(...chunk.map((p) => p[0].length)), Td = Math.max(...chunk.map((p) => p[1].length)) + 1;
      const xs: Int32Array[] = [], xd: Int32Array[] = [], y: Int32Array[] = [];
      for (const [src, tgt] of chunk) {
        const a = new Int32Array(Ts), d = new Int32Array(Td), t = new Int32Array(Td);
        a.set(this.source.encode(src));
        const ids = this.target.encode(tgt);
        d[0] = END; d.set(ids, 1);
        t.set(ids); t[ids.length] = END;
        xs.push(a); xd.push(d); y.push(t);
      }
      out.push({ x: [xs, xd], y, count: chunk.length });
    }
    return out;
  }

  /** The encoder once for a group of N sources of length T; the step runs the one-step decoder model on R rows. */
  steps(sources: readonly number[][], T: number): GroupSteps {
    const N = sources.length, D = this.network.stateSize;
    const x = new Float32Array(N * T);
    sources.forEach((s, n) => x.set(s, n * T));
    const [memory, h0, c0] = this.network.encoder.predictAll(new Tensor(x, [N, T]), { batchSize: N });
    const M = memory.shape[2];
    const row = (t: Tensor, n: number) => t.data.slice(n * D, (n + 1) * D);
    type State = { input: number; h: Float32Array; c: Float32Array };
    const step = (tokens: Int32Array, states: readonly State[]) => {
      const R = tokens.length;
      const h = new Float32Array(R * D), c = new Float32Array(R * D);
      states.forEach((s, r) => { h.set(s.h, r * D); c.set(s.c, r * D); });
      const inputs = [new Tensor(Float32Array.from(tokens), [R, 1]), new Tensor(h, [R, D]), new Tensor(c, [R, D])];
      if (this.network.attention) {
        const mem = new Float32Array(R * T * M);
        states.forEach((s, r) => mem.set(memory.data.subarray(s.input * T * M, (s.input + 1) * T * M), r * T * M));
        inputs.push(new Tensor(mem, [R, T, M]));
      }
      const [probs, h1, c1] = this.network.decoder.predictAll(inputs, { batchSize: R });
      return { probs: probs.data, states: states.map((s, r) => ({ input: s.input, h: row(h1, r), c: row(c1, r) })) };
    };
    const initial: State[] = sources.map((_, n) => ({ input: n, h: row(h0, n), c: row(c0, n) }));
    return { initial, step } as GroupSteps;
  }

  /** Writes dir/seq2seq.json and dir/model (TF.js Layers directory), each atomically. */
  async save(dir: string): Promise<void> {
    await this.saveConfig(dir);
    await this.network.model.save(`${dir}/model`, { overwrite: true });
  }

  private async saveConfig(dir: string): Promise<void> {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    const config: Seq2SeqConfig = {
      format: 'rnnkit-seq2seq', version: 1, sourceSplit: this.sourceSplit, targetSplit: this.targetSplit,
      source: { tokens: [...this.source.tokens] }, target: { tokens: [...this.target.tokens] }, maxTargetLength: this.maxTargetLength,
      units: this.sizes.units, embeddingDim: this.sizes.embeddingDim, attention: this.network.attention,
    };
    await writeJsonAtomic(`${dir}/seq2seq.json`, config, 1);
  }

  /** Reads what `save` wrote. Errors: a directory without those files, named with what was expected. */
  static async load(dir: string): Promise<Seq2SeqModel> {
    const { readFile, stat } = await import('node:fs/promises');
    const what = `'${dir}' is not a seq2seq model directory (expected model/ and seq2seq.json written by 'rnnkit seq2seq train')`;
    let config: Seq2SeqConfig;
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
      await stat(`${dir}/model/model.json`);
      config = JSON.parse(await readFile(`${dir}/seq2seq.json`, 'utf8')) as Seq2SeqConfig;
    } catch (e) {
      throw new ConfigError(`${what}: ${(e as Error).message}`);
    }
    if (config?.format !== 'rnnkit-seq2seq' || config.version !== 1) throw new ConfigError(`${what}: seq2seq.json has format ${JSON.stringify(config?.format)} version ${JSON.stringify(config?.version)}`);
    const network = inferenceModels(await loadModel(`${dir}/model`));
    return new Seq2SeqModel(new TokenVocabulary(config.source.tokens), new TokenVocabulary(config.target.tokens), config.sourceSplit, config.targetSplit, network, config.maxTargetLength, { units: config.units, embeddingDim: config.embeddingDim });
  }
}

function shuffled(n: number, rng: Random): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rng.uniform() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

// A recurrent text classifier with its baselines (issue 12, classify): TextVectorization (adapted on the training
// texts, rows cut or padded to `sequenceLength` ids) → Embedding(maskZero) → SpatialDropout1D → Bidirectional(LSTM, every step) →
// GlobalMaxPooling1D (or the final states: pooling 'last') → Dense (sigmoid for two classes, softmax for more), trained with early stopping on
// a seeded validation split; a multinomial naive Bayes and a bag-of-words logistic regression fitted on the same
// training rows and the same token ids, reported beside the network. Saved as a directory: model/ (TF.js Layers
// format, `loadModel` reads it), text/ (the TextVectorization, Keras 3's config + assets/vocabulary.txt),
// classifier.json (classes, positive class, CSV columns) and baselines.json.
import { EarlyStopping } from '../callbacks/early_stopping.js';
import { ModelCheckpoint } from '../callbacks/model_checkpoint.js';
import type { Callback } from '../callbacks/callback.js';
import { ConfigError, ValueError, checkOptions } from '../errors.js';
import { writeJsonAtomic } from '../io/files.js';
import { loadModel } from '../io/save_load.js';
import { Embedding } from '../layers/embedding/embedding.js';
import { Dense } from '../layers/core/dense.js';
import { Bidirectional } from '../layers/rnn/bidirectional.js';
import { LSTM } from '../layers/rnn/lstm.js';
import { GlobalMaxPooling1D } from '../layers/pooling/global_max_pooling1d.js';
import { SpatialDropout1D } from '../layers/core/spatial_dropout1d.js';
import type { Layer } from '../layers/layer.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { Adam } from '../optimizers/adam.js';
import { TextVectorization } from '../preprocessing/text_vectorization.js';
import { loadTextVectorization, saveTextVectorization } from '../preprocessing/save.js';
import { Random, setRandomSeed } from '../random/random.js';
import { classificationReport, confusionMatrix, type ClassificationReport } from './classification_metrics.js';
import { LogisticRegression } from './logistic_regression.js';
import { MultinomialNB, argmax } from './naive_bayes.js';

/** Options of `TextClassifier.train`. */
export interface TextClassifierOptions {
  /** Vocabulary size including padding and '[UNK]' (default 20000). */
  maxTokens?: number;
  /** Ids kept per text: longer texts are cut, shorter padded with 0 (default 300). */
  sequenceLength?: number;
  /** Embedding width (default 32). */
  embeddingDim?: number;
  /** LSTM units per direction (default 32). */
  units?: number;
  /** SpatialDropout1D rate after the Embedding during training (whole embedding channels dropped; default 0.3; 0 = none). */
  dropout?: number;
  /** 'max' (default): GlobalMaxPooling1D over the BiLSTM's outputs at every step; 'last': the LSTMs' final states. */
  pooling?: 'last' | 'max';
  /** Maximum epochs (default 10). */
  epochs?: number;
  /** Batch size (default 32). */
  batchSize?: number;
  /** Adam learning rate (default 0.003). */
  learningRate?: number;
  /** Fraction of the rows (after a seeded shuffle) held out for early stopping on val_loss (default 0.1; 0 = none). */
  validation?: number;
  /** Early-stopping patience in epochs (default 2); the best epoch's weights are restored. */
  patience?: number;
  /** 'balanced' weighs each class by n / (K · n_class) in the loss (default 'none'). */
  classWeight?: 'none' | 'balanced';
  /** The label counted as positive by precision / recall / F1 with two classes (default: the second class). */
  positive?: string;
  /** Seed of the initial weights, the split and the shuffling (default 42). */
  seed?: number;
  /** fit's verbosity: 0 silent, 1 progress bar, 2 a line per epoch (default 0). */
  verbose?: 0 | 1 | 2;
  /** A directory (as `save` writes it) that gets everything but the network first, then the best network in
   *  dir/model after each improving epoch (ModelCheckpoint on val_loss), so an interrupted run leaves a loadable model. */
  checkpoint?: string;
  /** CSV column names recorded in classifier.json (defaults for predict / evaluate); default 'text' and 'label'. */
  textColumn?: string;
  labelColumn?: string;
}

const TRAIN_OPTIONS = ['maxTokens', 'sequenceLength', 'embeddingDim', 'units', 'dropout', 'pooling', 'epochs', 'batchSize', 'learningRate', 'validation', 'patience', 'classWeight', 'positive', 'seed', 'verbose', 'checkpoint', 'textColumn', 'labelColumn'];

/** What `train` reports. */
export interface TextClassifierTrainResult {
  epochs: number;
  loss: number;
  valLoss: number | null;
  trainRows: number;
  validationRows: number;
}

/** What `evaluate` returns: one report per model, on the same rows. */
export interface TextClassifierEvaluation {
  rows: number;
  classes: string[];
  network: ClassificationReport;
  naiveBayes: ClassificationReport;
  logisticRegression: ClassificationReport;
}

/** Classes in a stable order: numerically when every label is a number, else by code point. */
export function sortClasses(labels: readonly string[]): string[] {
  const set = [...new Set(labels)];
  const numeric = set.every((s) => s.trim() !== '' && Number.isFinite(Number(s)));
  return numeric ? set.sort((a, b) => Number(a) - Number(b)) : set.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export class TextClassifier {
  constructor(
    readonly vectorizer: TextVectorization, readonly model: Model, readonly classes: readonly string[], readonly positive: number,
    readonly naiveBayes: MultinomialNB, readonly logisticRegression: LogisticRegression,
    readonly columns: { text: string; label: string } = { text: 'text', label: 'label' },
  ) {}

  /**
   * The default network for V ids and K classes: input [B, T] ids → Embedding(V, embeddingDim, maskZero) →
   * SpatialDropout1D(dropout) (left out when dropout is 0) → Bidirectional(LSTM(units, returnSequences)) → GlobalMaxPooling1D
   * (pooling 'last': Bidirectional(LSTM(units)), the final states) → Dense(1, sigmoid) with
   * binary_crossentropy for K = 2, Dense(K, softmax) with sparse_categorical_crossentropy for K > 2; Adam.
   */
  static buildNetwork(vocabularySize: number, numClasses: number, options: { sequenceLength?: number; embeddingDim?: number; units?: number; dropout?: number; pooling?: 'last' | 'max'; learningRate?: number } = {}): Model {
    const { sequenceLength = 300, embeddingDim = 32, units = 32, dropout = 0.3, pooling = 'max', learningRate = 0.003 } = options;
    const layers: Layer[] = [new Embedding({ inputDim: vocabularySize, outputDim: embeddingDim, maskZero: true, inputShape: [sequenceLength] })];
    if (dropout > 0) layers.push(new SpatialDropout1D({ rate: dropout }));
    layers.push(new Bidirectional({ layer: new LSTM({ units, returnSequences: pooling === 'max' }) }));
    if (pooling === 'max') layers.push(new GlobalMaxPooling1D());
    const binary = numClasses === 2;
    layers.push(new Dense({ units: binary ? 1 : numClasses, activation: binary ? 'sigmoid' : 'softmax' }));
    const model = new Sequential({ layers });
    model.compile({ optimizer: new Adam({ learningRate }), loss: binary ? 'binary_crossentropy' : 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    return model;
  }

  /**
   * Learns the vocabulary (on the training rows), the baselines and the network from `texts` and their `labels`.
   * Errors: no texts, lengths that differ, fewer than two classes, too few rows for the validation split, bad options.
   */
  static async train(texts: readonly string[], labels: readonly string[], options: TextClassifierOptions = {}): Promise<{ classifier: TextClassifier; result: TextClassifierTrainResult }> {
    checkOptions('TextClassifier.train', options, TRAIN_OPTIONS);
    const {
      maxTokens = 20000, sequenceLength = 300, embeddingDim = 32, units = 32, dropout = 0.3, pooling = 'max', epochs = 10, batchSize = 32,
      learningRate = 0.003, validation = 0.1, patience = 2, classWeight = 'none', seed = 42, verbose = 0,
    } = options;
    for (const [name, v] of Object.entries({ sequenceLength, embeddingDim, units, epochs, batchSize, patience })) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`TextClassifier.train: ${name} must be a positive integer; got ${v}`);
    }
    if (!Number.isInteger(maxTokens) || maxTokens < 3) throw new ConfigError(`TextClassifier.train: maxTokens must be an integer >= 3 (padding, '[UNK]' and a word); got ${maxTokens}`);
    if (!(dropout >= 0 && dropout < 1)) throw new ConfigError(`TextClassifier.train: dropout must be in [0, 1); got ${dropout}`);
    if (pooling !== 'last' && pooling !== 'max') throw new ConfigError(`TextClassifier.train: pooling must be 'last' or 'max'; got ${JSON.stringify(pooling)}`);
    if (classWeight !== 'none' && classWeight !== 'balanced') throw new ConfigError(`TextClassifier.train: classWeight must be 'none' or 'balanced'; got ${JSON.stringify(classWeight)}`);
    if (!(validation >= 0 && validation < 1)) throw new ConfigError(`TextClassifier.train: validation must be in [0, 1); got ${validation}`);
    if (!(learningRate > 0)) throw new ConfigError(`TextClassifier.train: learningRate must be > 0; got ${learningRate}`);
    if (texts.length === 0) throw new ValueError('TextClassifier.train: no texts to train on');
    if (texts.length !== labels.length) throw new ValueError(`TextClassifier.train: ${texts.length} texts but ${labels.length} labels`);
    const classes = sortClasses(labels);
    if (classes.length < 2) throw new ValueError(`TextClassifier.train: every label is ${JSON.stringify(classes[0])}; a classifier needs at least two classes`);
    const positive = options.positive === undefined ? (classes.length === 2 ? 1 : 0) : classes.indexOf(options.positive);
    if (positive < 0) throw new ConfigError(`TextClassifier.train: positive class ${JSON.stringify(options.positive)} is not among the labels (${classes.map((c) => JSON.stringify(c)).join(', ')})`);
    const y = labels.map((l) => classes.indexOf(l));

    setRandomSeed(seed);
    const rng = new Random(seed);
    const order = texts.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rng.uniform() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
    const nVal = validation > 0 ? Math.max(1, Math.round(texts.length * validation)) : 0;
    if (nVal >= texts.length) throw new ValueError(`TextClassifier.train: ${texts.length} row(s) are too few to hold out ${Math.round(validation * 100)} % for validation`);
    const trainIdx = order.slice(0, texts.length - nVal), valIdx = order.slice(texts.length - nVal);

    const vectorizer = new TextVectorization({ maxTokens, outputSequenceLength: sequenceLength });
    vectorizer.adapt(trainIdx.map((i) => texts[i]));
    const V = vectorizer.vocabularySize();
    const ids = TextClassifier.idsOf(vectorizer, texts);
    const trainX = trainIdx.map((i) => ids[i]), trainY = trainIdx.map((i) => y[i]);
    const K = classes.length;
    const nb = MultinomialNB.fit(trainX, trainY, K, V);
    const lr = LogisticRegression.fit(trainX, trainY, K, V);
    const network = TextClassifier.buildNetwork(V, K, { sequenceLength, embeddingDim, units, dropout, pooling, learningRate });
    const columns = { text: options.textColumn ?? 'text', label: options.labelColumn ?? 'label' };
    const classifier = new TextClassifier(vectorizer, network, classes, positive, nb, lr, columns);
    if (options.checkpoint) await classifier.saveTables(options.checkpoint);

    const target = (rows: number[]) => rows.map((i) => [y[i]]);
    const callbacks: Callback[] = [];
    let validationData: [Int32Array[], number[][]] | undefined;
    if (nVal > 0) {
      validationData = [valIdx.map((i) => ids[i]), target(valIdx)];
      callbacks.push(new EarlyStopping({ monitor: 'val_loss', patience, restoreBestWeights: true }));
      if (options.checkpoint) callbacks.push(new ModelCheckpoint(`${options.checkpoint}/model`, { monitor: 'val_loss', saveBestOnly: true }));
    }
    let weights: Record<number, number> | undefined;
    if (classWeight === 'balanced') {
      weights = {};
      for (let c = 0; c < K; c++) { const n = trainY.filter((v) => v === c).length; weights[c] = n === 0 ? 1 : trainY.length / (K * n); }
    }
    const history = await network.fit(trainX, target(trainIdx), { epochs, batchSize, verbose, callbacks, validationData, shuffle: true, classWeight: weights });
    const h = history.history as Record<string, number[]>;
    const valLoss = h.val_loss ? Math.min(...h.val_loss) : null;
    return { classifier, result: { epochs: h.loss.length, loss: h.loss[h.loss.length - 1], valLoss, trainRows: trainIdx.length, validationRows: nVal } };
  }

  /** The token ids of each text, as the network sees them: [B] rows of `sequenceLength` ids (0 = padding, 1 = '[UNK]'). */
  static idsOf(vectorizer: TextVectorization, texts: readonly string[]): Int32Array[] {
    if (texts.length === 0) return [];
    const t = vectorizer.call(texts as string[]);
    const L = t.shape[1];
    const data = t.data as Float32Array;
    return texts.map((_, b) => Int32Array.from(data.subarray(b * L, (b + 1) * L)));
  }

  /** Class probabilities per text from the network ([B][K]). */
  predictProba(texts: readonly string[], batchSize = 128): Float64Array[] {
    if (texts.length === 0) return [];
    const ids = TextClassifier.idsOf(this.vectorizer, texts);
    const p = (this.model.predict(ids, { batchSize }) as { data: Float32Array }).data;
    const K = this.classes.length;
    return texts.map((_, b) => (K === 2 ? Float64Array.of(1 - p[b], p[b]) : Float64Array.from(p.subarray(b * K, (b + 1) * K))));
  }

  /** The network's predicted label per text. */
  predict(texts: readonly string[]): string[] {
    return this.predictProba(texts).map((p) => this.classes[argmax(p)]);
  }

  /**
   * Accuracy, precision, recall, F1 and the confusion matrix of the network and both baselines on `texts`.
   * Errors: no texts, lengths that differ, a label the model was not trained on (the known ones listed).
   */
  evaluate(texts: readonly string[], labels: readonly string[]): TextClassifierEvaluation {
    if (texts.length === 0) throw new ValueError('evaluate: no texts to evaluate');
    if (texts.length !== labels.length) throw new ValueError(`evaluate: ${texts.length} texts but ${labels.length} labels`);
    const y = labels.map((l, i) => {
      const c = this.classes.indexOf(l);
      if (c < 0) throw new ValueError(`evaluate: label ${JSON.stringify(l)} (row ${i + 1}) is not one the model was trained on (${this.classes.map((s) => JSON.stringify(s)).join(', ')})`);
      return c;
    });
    const K = this.classes.length;
    const ids = TextClassifier.idsOf(this.vectorizer, texts);
    const report = (pred: number[]) => classificationReport(confusionMatrix(y, pred, K), K === 2 ? { positive: this.positive } : {});
    return {
      rows: texts.length, classes: [...this.classes],
      network: report(this.predictProba(texts).map(argmax)),
      naiveBayes: report(this.naiveBayes.predict(ids)),
      logisticRegression: report(this.logisticRegression.predict(ids)),
    };
  }

  /** Writes dir/model (TF.js Layers directory), dir/text, dir/classifier.json and dir/baselines.json, each atomically. */
  async save(dir: string): Promise<void> {
    await this.saveTables(dir);
    await this.model.save(`${dir}/model`);
  }

  /** Everything but the network (creating dir). */
  private async saveTables(dir: string): Promise<void> {
    const { mkdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await mkdir(dir, { recursive: true });
    await saveTextVectorization(this.vectorizer, join(dir, 'text'));
    const meta = { format: 'rnnkit-text-classifier', version: 1, classes: this.classes, positive: this.classes[this.positive], text_column: this.columns.text, label_column: this.columns.label };
    await writeJsonAtomic(join(dir, 'classifier.json'), meta, 2);
    await writeJsonAtomic(join(dir, 'baselines.json'), { naive_bayes: this.naiveBayes.toJSON(), logistic_regression: this.logisticRegression.toJSON() });
  }

  /** Reads what `save` wrote. Errors: a directory without those files, named with what was expected. */
  static async load(dir: string): Promise<TextClassifier> {
    const { readFile, stat } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const what = `'${dir}' is not a text-classify model directory (expected model/, text/, classifier.json and baselines.json written by 'rnnkit text-classify train')`;
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error();
      await stat(join(dir, 'model', 'model.json'));
    } catch {
      throw new ConfigError(what);
    }
    const json = async (name: string) => {
      try {
        return JSON.parse(await readFile(join(dir, name), 'utf8')) as Record<string, unknown>;
      } catch (e) {
        throw new ConfigError(`${what}: ${name}: ${(e as Error).message}`);
      }
    };
    const meta = await json('classifier.json');
    const classes = meta.classes as string[];
    if (meta.format !== 'rnnkit-text-classifier' || !Array.isArray(classes) || classes.length < 2 || !classes.includes(meta.positive as string)) throw new ConfigError(`${what}: classifier.json is not one 'text-classify train' wrote`);
    const base = await json('baselines.json');
    const vectorizer = await loadTextVectorization(join(dir, 'text'));
    const model = await loadModel(join(dir, 'model'));
    return new TextClassifier(vectorizer, model, classes, classes.indexOf(meta.positive as string), MultinomialNB.fromJSON(base.naive_bayes), LogisticRegression.fromJSON(base.logistic_regression),
      { text: String(meta.text_column ?? 'text'), label: String(meta.label_column ?? 'label') });
  }
}

// Model: Keras's functional model (keras/src/models/functional.py + trainers/trainer.py) — a graph of layer
// calls between Input tensors and output tensors (GraphLayer, graph_layer.ts) with the training API: compile,
// fit, evaluate, predict, weights, states and files. `Sequential` is a linear graph built on the same engine.
// A Model is itself a Layer: calling it on symbolic tensors nests it in another graph (graph_layer.ts).
//
//   const inp = Input({ shape: [null, 8] });                 // any number of timesteps, 8 features
//   const [seq, h, c] = new LSTM({ units: 32, returnSequences: true, returnState: true }).apply(inp) as SymbolicTensor[];
//   const out = new Dense({ units: 1 }).apply(seq) as SymbolicTensor;
//   const model = new Model({ inputs: inp, outputs: out });
import { ConfigError, ShapeError, StateError, checkOptions, fmtShape } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { ApplyOptions, Layer } from '../layers/layer.js';
import { Tensor, assertFinite, copyToTensor, tensor, type TensorLike } from '../tensor/tensor.js';
import type { History } from '../callbacks/history.js';
import type { ModelArtifacts, SaveOptions } from '../io/artifacts.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Loss } from '../losses/losses.js';
import type { Metric } from '../metrics/metric.js';
import { registerLayer, type CustomObjects } from '../registry/registry.js';
import { GraphLayer } from './graph_layer.js';
import { Recurrent } from '../layers/rnn/recurrent.js';
import { Bidirectional } from '../layers/rnn/bidirectional.js';
import { modelToArtifacts } from '../io/tfjs_write.js';
import { SymbolicTensor, flattenStructure as flatten, type TensorStructure } from './symbolic.js';
import { Trainer, type DataList } from './trainer.js';
import type { CompileArgs } from './compile_args.js';
import { fitLoop, type FitArgs } from './fit.js';
import { evaluateModel, type EvaluateArgs } from './evaluate.js';
import { positiveInt } from './data_adapter.js';
import { summarize } from './summary.js';
import { functionalConfig, functionalFromConfig, setModelFactory } from './functional_config.js';

export type { CompileArgs } from './compile_args.js';
export type { EvaluateArgs };

export type { TensorStructure };

export interface ModelArgs {
  inputs: TensorStructure;
  outputs: TensorStructure;
  name?: string;
  trainable?: boolean;
}

export interface PredictArgs {
  batchSize?: number;
}

/** predict's default batch size (Keras's). */
const PREDICT_BATCH = 32;

/**
 * A graph model with Keras's training API (Keras `keras.Model(inputs, outputs)`; files name the class
 * `Functional`). Throws ConfigError for a positional call, unknown options, or inputs without outputs.
 */
export class Model extends GraphLayer {
  static override className = 'Functional';
  /** Set by a callback to end `fit` after the current batch (Keras `model.stop_training`). */
  stopTraining = false;
  private readonly trainerState: Trainer;

  constructor(args: ModelArgs | { name?: string; trainable?: boolean } = {}) {
    if (args instanceof SymbolicTensor || Array.isArray(args)) throw new ConfigError('Model takes one options object: new Model({ inputs, outputs }) (Keras: keras.Model(inputs, outputs))');
    checkOptions('Model', args, ['inputs', 'outputs', 'name', 'trainable']);
    super({ name: args.name, trainable: args.trainable });
    this.trainerState = new Trainer(this);
    const a = args as Partial<ModelArgs>;
    if (a.inputs !== undefined || a.outputs !== undefined || new.target === Model) {
      if (a.inputs === undefined || a.outputs === undefined) throw new ConfigError('Model needs inputs and outputs: new Model({ inputs: Input({ shape: [10, 1] }), outputs: y })');
      const inputs = flatten(a.inputs, 'inputs');
      const outputs = flatten(a.outputs, 'outputs');
      this.setGraph(inputs.list, outputs.list, inputs.keys, outputs.keys);
    }
  }

  /** Keras's name for the class of graph models in files (`Model` is read as an alias). */
  override getClassName(): string {
    return (this.constructor as typeof Model).className;
  }

  /** The trainer re-reads the graph (outputs, losses, buffers). */
  protected override graphChanged(): void {
    this.trainerState.graphChanged();
  }

  protected graphTwin(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): Layer {
    return new Model({ inputs, outputs, name: this.name });
  }

  /** The training state (optimizer, losses, buffers); created with the graph. */
  get trainer(): Trainer {
    return this.trainerState;
  }

  /** Builds from data shapes when the model was created without them (Sequential); graph models are built. */
  buildFromData(_shapes: number[][]): void {}

  // ---- config ---------------------------------------------------------------------------------------

  /** The graph as Keras's functional config (layers with their inbound nodes, input and output layers). */
  getConfig(): Record<string, unknown> {
    return functionalConfig(this) as unknown as Record<string, unknown>;
  }

  /** Rebuilds a graph model from `getConfig()` output (Keras `Functional.from_config`). */
  static override fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Layer {
    return functionalFromConfig(config, customObjects);
  }

  // ---- Keras training API ---------------------------------------------------------------------------

  /** Configures training (Keras `compile`); see CompileArgs for losses per output. */
  compile(args: CompileArgs): void {
    this.trainer.compile(args);
  }

  get optimizer(): Optimizer | null {
    return this.trainerState.optimizer;
  }

  /** The loss of the first output with one (null before compile). */
  get loss(): Loss | null {
    return this.trainerState.outputs?.find((o) => o.loss)?.loss ?? null;
  }

  /** The first output's compiled metrics (empty before compile and build). */
  get metrics(): Metric[] {
    return this.trainerState.metrics;
  }

  /** Trains for a fixed number of epochs (Keras `fit`). x / y: one array per input / output, or by name. */
  async fit(x: DataList, y: DataList, args: FitArgs = {}): Promise<History> {
    this.trainer.requireCompiled('fit');
    return fitLoop(this, x, y, args);
  }

  /**
   * Loss (and metrics) over (x, y) (Keras `evaluate`): a number without metrics and with one output;
   * otherwise [loss, ...] in log order, or { loss, name: value, … } with returnDict.
   */
  evaluate(x: DataList, y: DataList, args: EvaluateArgs & { returnDict: true }): Record<string, number>;
  evaluate(x: DataList, y: DataList, args?: EvaluateArgs): number | number[];
  evaluate(x: DataList, y: DataList, args: EvaluateArgs = {}): number | number[] | Record<string, number> {
    return evaluateModel(this, x, y, args);
  }

  /** Outputs for x, computed in batches (Keras `predict`): a Tensor, or one per output. */
  predict(x: DataList, args: PredictArgs = {}): Tensor {
    checkOptions('predict', args, ['batchSize']);
    const batchSize = positiveInt(args.batchSize ?? PREDICT_BATCH, 'batchSize');
    const xs = this.trainer.prepareInputs(x);
    const out = this.trainer.predict(xs, batchSize);
    return (out.length === 1 ? out[0] : out) as Tensor;
  }

  /** On symbolic tensors: the model as a layer of another graph; on data: see applyEager (Keras `model(x)`). */
  override apply(x: SymbolicTensor | SymbolicTensor[], options?: ApplyOptions): SymbolicTensor | SymbolicTensor[];
  override apply(x: DataList, options?: ApplyOptions): Tensor | Tensor[];
  override apply(x: DataList | SymbolicTensor | SymbolicTensor[], options: ApplyOptions = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    return super.apply(x as TensorLike, options);
  }

  /**
   * The model called on data (Keras `model(x)`): a Tensor or, for several outputs, one per output; x as predict
   * takes it (a list or an object for several inputs). `training: true` runs the layers' training behaviour
   * (Dropout, BatchNormalization's batch statistics) over the whole batch; otherwise predict's bits, computed in
   * predict's batches. Throws ConfigError for `initialState` or `mask` (a model takes neither: give it Masking or
   * an Input for states) and for unknown option names.
   */
  protected override applyEager(x: TensorLike, options: ApplyOptions): Tensor | Tensor[] {
    checkOptions(`${this.getClassName()} '${this.name}' call`, options, ['training', 'initialState', 'mask']);
    if (options.initialState != null || options.mask != null) { // null / undefined: none (Keras's None)
      throw new ConfigError(`${this.getClassName()} '${this.name}': a model called on data takes no ${options.mask != null ? 'mask (put a Masking layer in the model)' : 'initialState (give the model an Input for each state)'}`);
    }
    const xs = this.trainer.prepareInputs(x as DataList);
    const n = xs[0].shape[0], training = options.training ?? false;
    // Keras runs the whole batch at once. Without training the samples are independent (the same bits in batches of
    // any size), so predict's default batch keeps the buffers small; the training forward (BatchNormalization's
    // batch statistics) and stateful layers (one carried state per sample of the batch) take the whole batch.
    const out = this.trainer.predict(xs, training || this.hasStatefulLayers() ? n : Math.min(n, PREDICT_BATCH), training);
    return out.length === 1 ? out[0] : out;
  }

  /** Whether a recurrent layer in the model (or in a nested model) carries states between batches. */
  private hasStatefulLayers(): boolean {
    return this.runners.some((r) => (r instanceof Recurrent && r.stateful) || (r instanceof Bidirectional && r.forwardLayer.stateful) || (r instanceof Model && r.hasStatefulLayers()));
  }

  /** Outputs for every output (Keras `predict` on a multi-output model): one Tensor per output. */
  predictAll(x: DataList, args: PredictArgs = {}): Tensor[] {
    const out = this.predict(x, args) as Tensor | Tensor[];
    return Array.isArray(out) ? out : [out];
  }

  /** Outputs for one batch, all at once (Keras `predict_on_batch`). */
  predictOnBatch(x: DataList): Tensor {
    const xs = this.trainer.prepareInputs(x);
    return this.predict(xs.length === 1 ? xs[0] : xs, { batchSize: xs[0].shape[0] });
  }

  /** Converts and checks (x, y); builds the model if needed. */
  prepareData(x: DataList, y: DataList): { xs: Tensor[]; ys: Tensor[] } {
    const xs = this.trainer.prepareInputs(x);
    return { xs, ys: this.trainer.prepareTargets(y, xs[0].shape[0]) };
  }

  /** One update on one batch; returns the batch loss computed before the update (Keras `train_on_batch`). */
  trainOnBatch(x: DataList, y: DataList): number {
    this.trainer.requireCompiled('trainOnBatch');
    const { xs, ys } = this.prepareData(x, y);
    this.trainer.resetLossTrackers();
    return this.trainer.trainStep(this.trainer.loadBatch(xs, ys));
  }

  /** The loss and the gradient of every weight (in `getWeights()` order) on one batch, without updating. */
  computeGradients(x: DataList, y: DataList): { loss: number; grads: Tensor[] } {
    this.trainer.requireCompiled('computeGradients');
    const { xs, ys } = this.prepareData(x, y);
    const value = this.trainer.lossAndGradients(this.trainer.loadBatch(xs, ys), false);
    return { loss: value, grads: this.weights.map((v) => copyToTensor(v.grad, v.shape)) };
  }

  // ---- weights, states, files -----------------------------------------------------------------------

  /** Sets all weights (the list `getWeights()` returns). */
  override setWeights(weights: TensorLike[]): void {
    if (!this.built) throw new StateError(`model '${this.name}' is not built: give the first layer an inputShape, or fit/predict once`);
    if (!Array.isArray(weights) || weights.length !== this.weights.length) {
      throw new ShapeError(`setWeights expects ${this.weights.length} arrays (see getWeights()), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    const ts = weights.map((w) => tensor(w));
    ts.forEach((t, i) => {
      const v = this.weights[i];
      if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k])) throw new ShapeError(`setWeights: array ${i} (${v.name}) must have shape ${fmtShape(v.shape)}, got ${fmtShape(t.shape)}`);
    });
    ts.forEach((t, i) => assertFinite(t, `setWeights: array ${i} (${this.weights[i].name})`));
    ts.forEach((t, i) => this.weights[i].value.set(t.data)); // the layers' own Variables: nothing else to update
  }

  /** The optimizer's state (iteration count, scalars, slot buffers) for checkpoints; null before the first update. */
  getOptimizerState(): { scalars: number[]; slots: FloatArray[] } | null {
    return this.optimizer?.built ? this.optimizer.getState() : null;
  }

  /** Restores `getOptimizerState()` output into the compiled optimizer (creating its slots). */
  setOptimizerState(state: { scalars: number[]; slots: ArrayLike<number>[] }): void {
    const optimizer = this.trainer.requireCompiled('setOptimizerState');
    this.trainer.layOut(true);
    optimizer.setState(this.trainer.store!, state);
  }

  /** Zeroes the carried states of every stateful recurrent layer (Keras `model.reset_states()`). */
  resetStates(): void {
    for (const r of this.runners) {
      if (r instanceof Recurrent && r.stateful) r.resetStates();
      else if (r instanceof Bidirectional && r.forwardLayer.stateful) r.resetStates();
      else if (r instanceof Model) r.resetStates();
    }
  }

  /** A Keras-like table of layers, output shapes, parameter counts and (graph models) connections. */
  summary(): string {
    return summarize(this);
  }

  /**
   * Saves the model (Keras `model.save`): a TF.js Layers directory (model.json + weights.bin), a Keras 3 file
   * when `path` ends in `.keras`, or a Keras 2 HDF5 file for `.h5`. Atomic. Node only.
   */
  async save(path: string, options: SaveOptions = {}): Promise<void> {
    const { saveModel } = await import('../io/save_load.js');
    return saveModel(this, path, options);
  }

  /** Saves the weights alone as a Keras 3 `.weights.h5` file (Keras `save_weights`; `overwrite` as in `save`). Node only. */
  async saveWeights(path: string, options: { overwrite?: boolean } = {}): Promise<void> {
    const { saveWeights } = await import('../io/save_load.js');
    return saveWeights(this, path, options);
  }

  /**
   * Loads weights from a Keras 3 `.weights.h5` or a legacy Keras `.h5` into this built model (Keras
   * `load_weights`); `byName` matches legacy .h5 layers by name, `skipMismatch` skips layers that do not fit.
   * Returns what was skipped. Node only.
   */
  async loadWeights(path: string, options: { byName?: boolean; skipMismatch?: boolean } = {}): Promise<string[]> {
    const { loadWeights } = await import('../io/save_load.js');
    return loadWeights(this, path, options);
  }

  /** The model as TF.js artifacts (model.json content + weight bytes), e.g. for a browser IO handler. */
  toArtifacts(options: SaveOptions = {}): ModelArtifacts {
    return modelToArtifacts(this, options);
  }
}

setModelFactory((args) => new Model(args));
registerLayer(Model, 'Model'); // Keras 3 writes graph models as 'Functional'; Keras 2 and TF.js as 'Model'

// Sequential: a linear stack of layers with Keras's training API.
// The model owns memory: one ParamStore (parameters, gradients; optimizer slots in the same layout),
// batch buffers sized for the largest batch seen, and one reusable ForwardContext per layer, so that a
// training step (forward, loss, backward, update) allocates nothing.
import { ConfigError, ShapeError, StateError, checkOptions, fmtShape } from '../errors.js';
import type { ForwardContext, Layer } from '../layers/layer.js';
import { Bidirectional } from '../layers/rnn/bidirectional.js';
import { Recurrent } from '../layers/rnn/recurrent.js';
import { getLoss, type Loss } from '../losses/losses.js';
import { ParamStore, type Variable } from '../memory/param_store.js';
import { getOptimizer, type Optimizer } from '../optimizers/index.js';
import { Tensor, copyToTensor, sizeOf, tensor, type TensorLike } from '../tensor/tensor.js';
import type { History } from '../callbacks/history.js';
import { positiveInt, sampleSize, toInput, toTarget } from './data_adapter.js';
export type { EvaluateArgs };
import { Compiled } from './compiled.js';
import type { Metric } from '../metrics/metric.js';
import { getMetric } from '../metrics/metrics.js';
import { fitLoop, type FitArgs } from './fit.js';
import { evaluateModel, type EvaluateArgs } from './evaluate.js';
import { summarize } from './summary.js';
import type { ModelArtifacts, SaveOptions } from '../io/artifacts.js';
import { modelToArtifacts } from '../io/tfjs_write.js';
import { floats } from '../memory/precision.js';
import type { FloatArray } from '../kernels/types.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
}

export interface CompileArgs {
  /** 'sgd' | 'adam' | 'rmsprop' or an optimizer object; default 'rmsprop' (as Keras). */
  optimizer?: string | Optimizer;
  /** A loss name ('mse', 'huber', 'binary_crossentropy', …) or a Loss object. */
  loss: string | Loss;
  /** Metric names ('mae', 'accuracy', 'r2_score', …) or Metric objects, logged under their names. */
  metrics?: (string | Metric)[];
}

export interface PredictArgs {
  batchSize?: number;
}

let sequentialCount = 0;

export class Sequential {
  static className = 'Sequential';
  readonly name: string;
  readonly layers: Layer[] = [];
  optimizer: Optimizer | null = null;
  loss: Loss | null = null;
  private metricIds: (string | Metric)[] = [];
  private compiledState: Compiled | null = null;
  /** Set by a callback to end `fit` after the current epoch (Keras `model.stop_training`). */
  stopTraining = false;

  private store: ParamStore | null = null;
  /** Trainable weights with a regularizer. */
  private regularized: Variable[] = [];
  /** shapes[i] = input shape of layer i (without batch); shapes[layers.length] = model output shape. */
  private shapes: number[][] = [];
  private contexts: ForwardContext[] = [];
  private capacity = 0;
  /** Batch buffers for fit: inputs, targets, and dL/dŷ. */
  xBatch: FloatArray = floats(0);
  yBatch: FloatArray = floats(0);
  /** Per-row loss weights of the batch (sample or class weights), filled by fit. */
  wBatch: FloatArray = floats(0);
  private dy: FloatArray = floats(0);

  constructor(args: SequentialArgs = {}) {
    checkOptions('Sequential', args, ['layers', 'name']);
    this.name = args.name ?? (sequentialCount++ === 0 ? 'sequential' : `sequential_${sequentialCount - 1}`);
    for (const layer of args.layers ?? []) this.add(layer);
  }

  getClassName(): string {
    return Sequential.className;
  }

  // ---- structure ----------------------------------------------------------------------------

  /** Appends a layer; builds the model at once when the first layer declares its input shape. */
  add(layer: Layer): void {
    if (!layer || typeof (layer as Layer).forward !== 'function') throw new ConfigError(`Sequential.add expects a layer, got ${String(layer)}`);
    if ((layer instanceof Recurrent || layer instanceof Bidirectional) && layer.returnState) {
      throw new ConfigError(`${layer.getClassName()} '${layer.name}' has returnState: true; layers in a Sequential model must have a single output`);
    }
    if (layer instanceof Bidirectional && layer.mergeMode === null) {
      throw new ConfigError(`Bidirectional '${layer.name}' has mergeMode null (two outputs); layers in a Sequential model must have a single output`);
    }
    if (this.layers.includes(layer)) throw new ConfigError(`Layer '${layer.name}' is already in this model`);
    this.layers.push(layer);
    this.store = null;
    const declared = this.layers[0].batchInputShape;
    if (declared) this.build(declared.slice(1) as number[]);
  }

  get built(): boolean {
    return this.store !== null;
  }

  /** Input shape without batch (null until known). */
  get inputShape(): number[] | null {
    return this.shapes[0] ?? null;
  }

  /** Output shape without batch (null until built). */
  get outputShape(): number[] | null {
    return this.built ? this.shapes[this.layers.length] : null;
  }

  /** Builds every layer for `inputShape` (without batch) and lays out the parameter memory. */
  build(inputShape: readonly number[]): void {
    if (this.layers.length === 0) throw new StateError('Sequential model has no layers: add layers before building, fitting or predicting');
    const shapes: number[][] = [];
    let shape = [...inputShape];
    for (const layer of this.layers) {
      layer.build(shape);
      shapes.push(shape);
      shape = layer.computeOutputShape(shape);
    }
    shapes.push(shape);
    this.shapes = shapes;
    this.compiledState = null;
    // trainable weights first, so an optimizer step is one loop over a prefix of the buffer
    const trainable = this.layers.filter((l) => l.trainable).flatMap((l) => l.weights);
    const frozen = this.layers.filter((l) => !l.trainable).flatMap((l) => l.weights);
    this.store = new ParamStore([...trainable, ...frozen], trainable.length);
    this.regularized = trainable.filter((v) => v.regularizer !== null);
    this.contexts = this.layers.map((_, i) => ({ training: false, initialState: null, inputShape: shapes[i], mask: null }));
  }

  /** Builds from the data if needed; checks x against the model's input shape. */
  private prepareInput(x: Tensor): void {
    if (!this.built) this.build(x.shape.slice(1));
    const expected = this.shapes[0];
    const inner = x.shape.slice(1);
    if (inner.length !== expected.length || inner.some((d, i) => d !== expected[i])) {
      throw new ShapeError(`${this.layers[0].getClassName()} expects input of shape ${fmtShape([null, ...expected])}, got ${fmtShape(x.shape)}`);
    }
  }

  /** Configures training (Keras `compile`). */
  compile(args: CompileArgs): void {
    checkOptions('compile', args, ['optimizer', 'loss', 'metrics']);
    if (!args || args.loss === undefined) throw new ConfigError("compile needs a loss, e.g. compile({ optimizer: 'adam', loss: 'mse' })");
    if (args.metrics !== undefined && !Array.isArray(args.metrics)) throw new ConfigError("compile: metrics must be a list, e.g. ['mae']");
    this.optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
    this.loss = getLoss(args.loss);
    this.metricIds = [...(args.metrics ?? [])];
    for (const id of this.metricIds) getMetric(id, this.loss, 1); // unknown names fail here, not at the first fit
    this.compiledState = null;
    if (this.built) this.compiled();
  }

  /** The compiled loss and metrics for the built model (resolved once the output shape is known). */
  compiled(): Compiled {
    const { loss } = this.requireCompiled('training');
    if (!this.built) throw new StateError('Sequential model is not built: give the first layer an inputShape, or fit/predict once');
    return (this.compiledState ??= new Compiled(loss, this.metricIds, this.shapes[this.layers.length]));
  }

  /** The compiled metrics (empty before compile and build). */
  get metrics(): Metric[] {
    return this.compiledState?.metrics ?? [];
  }

  private requireCompiled(method: string): { optimizer: Optimizer; loss: Loss } {
    if (!this.optimizer || !this.loss) {
      throw new StateError(`${method} needs a compiled model: call model.compile({ optimizer, loss }) first`);
    }
    return { optimizer: this.optimizer, loss: this.loss };
  }

  // ---- batch-level engine (no allocation) ----------------------------------------------------

  /** Grows the batch buffers to hold B samples. */
  ensureCapacity(B: number): void {
    if (B <= this.capacity) return;
    this.capacity = B;
    this.xBatch = floats(B * sizeOf(this.shapes[0]));
    this.yBatch = floats(B * sizeOf(this.shapes[this.layers.length]));
    this.dy = floats(B * sizeOf(this.shapes[this.layers.length]));
    const outShape = this.shapes[this.layers.length];
    this.wBatch = floats((B * sizeOf(outShape)) / outShape[outShape.length - 1]);
  }

  private forwardBatch(x: FloatArray, B: number, training: boolean): FloatArray {
    let a = x;
    for (let i = 0; i < this.layers.length; i++) {
      const ctx = this.contexts[i];
      ctx.training = training;
      ctx.mask = i === 0 ? null : this.layers[i - 1].outputMask;
      a = this.layers[i].forward(a, B, ctx);
    }
    return a;
  }

  /** Forward, loss and backward for B samples; leaves the gradients in the store. Returns the loss. */
  private lossAndGradients(x: FloatArray, y: FloatArray, B: number, w: FloatArray | null): number {
    const compiled = this.compiled();
    this.store!.zeroGrad();
    const out = this.forwardBatch(x, B, true);
    const outShape = this.shapes[this.layers.length];
    const mask = this.layers[this.layers.length - 1].outputMask;
    let value = compiled.batchLoss(this.dy, out, y, B, outShape, mask, w);
    compiled.updateMetrics(out, y, B, outShape, mask);
    let grad: FloatArray | null = this.dy;
    for (let i = this.layers.length - 1; i >= 0; i--) grad = this.layers[i].backward(grad!, B, i > 0);
    // Keras adds the weight regularizers' penalties to the training loss
    for (const v of this.regularized) value += v.regularizer!.apply(v.value, v.grad);
    return value;
  }

  /** One optimizer step on B samples held in x / y (capacity ≥ B). Returns the loss before the update. */
  trainStep(x: FloatArray, y: FloatArray, B: number, w: FloatArray | null = null): number {
    const { optimizer } = this.requireCompiled('trainStep');
    const value = this.lossAndGradients(x, y, B, w);
    optimizer.applyGradients(this.store!);
    return value;
  }

  // ---- Keras training API ----------------------------------------------------------------------

  /** Validates and converts (x, y); builds the model if needed. */
  prepareData(x: TensorLike, y: TensorLike): { x: Tensor; y: Tensor } {
    const xt = toInput(x, 'x');
    this.prepareInput(xt);
    return { x: xt, y: toTarget(y, this.shapes[this.layers.length], xt.shape[0], this.loss?.sparse ?? false) };
  }

  /** Trains for a fixed number of epochs (Keras `fit`). */
  async fit(x: TensorLike, y: TensorLike, args: FitArgs = {}): Promise<History> {
    this.requireCompiled('fit');
    return fitLoop(this, x, y, args);
  }

  /** One update on one batch; returns the batch loss computed before the update (Keras `train_on_batch`). */
  trainOnBatch(x: TensorLike, y: TensorLike): number {
    this.requireCompiled('trainOnBatch');
    const data = this.prepareData(x, y);
    const B = this.loadBatch(data.x, data.y);
    return this.trainStep(this.xBatch, this.yBatch, B);
  }

  /** The loss and the gradient of every weight (in `getWeights()` order) on one batch, without updating. */
  computeGradients(x: TensorLike, y: TensorLike): { loss: number; grads: Tensor[] } {
    this.requireCompiled('computeGradients');
    const data = this.prepareData(x, y);
    const B = this.loadBatch(data.x, data.y);
    const value = this.lossAndGradients(this.xBatch, this.yBatch, B, null);
    const grads = this.layers.flatMap((l) => l.weights.map((v) => copyToTensor(v.grad, v.shape)));
    return { loss: value, grads };
  }

  /** Copies a whole batch into the model's batch buffers (model memory, where the kernels work fastest). */
  private loadBatch(x: Tensor, y: Tensor): number {
    const B = x.shape[0];
    this.ensureCapacity(B);
    this.xBatch.set(x.data);
    this.yBatch.set(y.data);
    return B;
  }

  /**
   * Loss (and metrics) over (x, y) (Keras `evaluate`): a number without metrics; with metrics
   * [loss, ...metrics] in compile order, or { loss, name: value, … } with returnDict.
   */
  evaluate(x: TensorLike, y: TensorLike, args: EvaluateArgs & { returnDict: true }): Record<string, number>;
  evaluate(x: TensorLike, y: TensorLike, args?: EvaluateArgs): number | number[];
  evaluate(x: TensorLike, y: TensorLike, args: EvaluateArgs = {}): number | number[] | Record<string, number> {
    return evaluateModel(this, x, y, args);
  }

  /** { loss, ...metrics } over prepared data (evaluate, and validation inside fit); weights: one per output row. */
  testLogs(x: Tensor, y: Tensor, weights: Float32Array | null, batchSize: number): Record<string, number> {
    const compiled = this.compiled();
    compiled.resetMetrics();
    const outShape = this.shapes[this.layers.length];
    const ySize = sampleSize(y);
    const rowsPerSample = weights ? weights.length / x.shape[0] : 0;
    const mask = (): Uint8Array | null => this.layers[this.layers.length - 1].outputMask;
    let total = 0;
    this.forEachBatch(x, batchSize, (out, start, B) => {
      const yb = y.data.subarray(start * ySize, (start + B) * ySize);
      const wb = weights ? weights.subarray(start * rowsPerSample, (start + B) * rowsPerSample) : null;
      total += compiled.batchLoss(null, out, yb, B, outShape, mask(), wb) * B;
      compiled.updateMetrics(out, yb, B, outShape, mask());
    });
    const logs: Record<string, number> = { loss: total / x.shape[0] + this.regularized.reduce((p, v) => p + v.regularizer!.penalty(v.value), 0) };
    compiled.metricLogs(logs);
    return logs;
  }

  /** Outputs for x, computed in batches (Keras `predict`). */
  predict(x: TensorLike, args: PredictArgs = {}): Tensor {
    checkOptions('predict', args, ['batchSize']);
    const xt = toInput(x, 'x');
    this.prepareInput(xt);
    const batchSize = positiveInt(args.batchSize ?? 32, 'batchSize');
    const outShape = this.shapes[this.layers.length];
    const outSize = sizeOf(outShape);
    const result = new Float32Array(xt.shape[0] * outSize);
    this.forEachBatch(xt, batchSize, (out, start, B) => result.set(out.subarray(0, B * outSize), start * outSize));
    return new Tensor(result, [xt.shape[0], ...outShape]);
  }

  /** Runs inference over x in batches and hands each batch's output to `visit`. */
  private forEachBatch(x: Tensor, batchSize: number, visit: (out: FloatArray, start: number, B: number) => void): void {
    const n = x.shape[0];
    const inSize = sampleSize(x);
    this.ensureCapacity(Math.min(batchSize, n));
    for (let start = 0; start < n; start += batchSize) {
      const B = Math.min(batchSize, n - start);
      this.xBatch.set(x.data.subarray(start * inSize, (start + B) * inSize));
      visit(this.forwardBatch(this.xBatch, B, false), start, B);
    }
  }

  // ---- weights -------------------------------------------------------------------------------

  /** All weights, layer by layer, in Keras order and layout. */
  getWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.getWeights());
  }

  /** Sets all weights (the list `getWeights()` returns). */
  setWeights(weights: TensorLike[]): void {
    if (!this.built) throw new StateError('Sequential model is not built: give the first layer an inputShape, or fit/predict once');
    const expected = this.layers.reduce((n, l) => n + l.weights.length, 0);
    if (!Array.isArray(weights) || weights.length !== expected) {
      throw new ShapeError(`setWeights expects ${expected} arrays (see getWeights()), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    let k = 0;
    for (const layer of this.layers) {
      layer.setWeights(weights.slice(k, k + layer.weights.length).map((w) => tensor(w)));
      k += layer.weights.length;
    }
  }

  /**
   * Saves the model (Keras `model.save`): a TF.js Layers directory (model.json + weights.bin), or a Keras 3
   * file when `path` ends in `.keras`. Atomic: a failed save leaves the previous files as they were. Node only.
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

  /** Loads weights from a `.weights.h5` file into this built model (Keras `load_weights`). Node only. */
  async loadWeights(path: string): Promise<void> {
    const { loadWeights } = await import('../io/save_load.js');
    return loadWeights(this, path);
  }

  /** The model as TF.js artifacts (model.json content + weight bytes), e.g. for a browser IO handler. */
  toArtifacts(options: SaveOptions = {}): ModelArtifacts {
    return modelToArtifacts(this, options);
  }

  /** The optimizer's state (iteration count, scalars, slot buffers) for checkpoints; null before the first update. */
  getOptimizerState(): { scalars: number[]; slots: FloatArray[] } | null {
    return this.optimizer?.built ? this.optimizer.getState() : null;
  }

  /** Restores `getOptimizerState()` output into the compiled optimizer (creating its slots). */
  setOptimizerState(state: { scalars: number[]; slots: ArrayLike<number>[] }): void {
    const { optimizer } = this.requireCompiled('setOptimizerState');
    if (!this.built) throw new StateError('setOptimizerState needs a built model');
    optimizer.setState(this.store!, state);
  }

  /** Zeroes the carried states of every stateful recurrent layer (Keras `model.reset_states()`). */
  resetStates(): void {
    for (const layer of this.layers) {
      if (layer instanceof Recurrent && layer.stateful) layer.resetStates();
      if (layer instanceof Bidirectional && layer.forwardLayer.stateful) layer.resetStates();
    }
  }

  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /** A Keras-like table of layers, output shapes and parameter counts. */
  summary(): string {
    return summarize(this.name, this.layers);
  }
}

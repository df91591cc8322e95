// Trainer: what a model needs to learn from data and run on it (Keras trainers/trainer.py): the compiled
// optimizer, losses and metrics per output, the parameter store the optimizer updates, the batch buffers, and
// the batch-level steps (train, test, predict) over the model's graph executor.
//
// Memory: every weight of the model lives in one ParamStore (trainable first, so an update is one loop over a
// prefix). Models that share layers (a training model and the inference models built from its layers) share
// Variables; the store belongs to the model that trains: a model adopts its Variables into a new store when it
// is built unless another model already holds them, and re-lays them out (values and optimizer slots carried
// over) at the first training step where it does not hold them all.
import { ConfigError, ShapeError, StateError, fmtShape } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import { governedBatch } from '../kernels/kernels.js';
import type { Loss } from '../losses/losses.js';
import { ParamStore, type Variable } from '../memory/param_store.js';
import { floats } from '../memory/precision.js';
import { getOptimizer, type Optimizer } from '../optimizers/index.js';
import { Tensor, sizeOf, type TensorLike } from '../tensor/tensor.js';
import { Compiled } from './compiled.js';
import { resolveCompile, type CompileArgs, type OutputCompile } from './compile_args.js';
import { sampleSize, toInput, toTarget } from './data_adapter.js';
import type { GraphExecutor } from './executor.js';
import type { Model } from './model.js';

/** Stores that belong to a model (not to a lone layer): a newly built model does not take Variables from them. */
const modelStores = new WeakSet<ParamStore>();

/** Data for several inputs or outputs: one array per input, or an object keyed by input (output) name. */
export type DataList = TensorLike | TensorLike[] | Record<string, TensorLike>;

export class Trainer {
  optimizer: Optimizer | null = null;
  /** compile's choices per output, or null before compile. */
  outputs: OutputCompile[] | null = null;
  private compiledList: Compiled[] | null = null;
  private compiledVersion = -1;
  private compiledFromPlaceholders = false;
  store: ParamStore | null = null;
  private regularized: Variable[] = [];
  /** Batch buffers: one per input, per output (targets, per-row weights, dL/dŷ). */
  xBatch: FloatArray[] = [];
  yBatch: FloatArray[] = [];
  wBatch: FloatArray[] = [];
  private dy: FloatArray[] = [];
  /** Which outputs' wBatch holds row weights in a weighted step (set by fit). */
  weightedOutputs: boolean[] = [true];
  private readonly dys: (FloatArray | null)[] = [];
  /** Per output: the sum of B·loss over the batches since `resetLossTrackers`, and the sample count. */
  private lossSums = new Float64Array(0);
  private lossCount = 0;

  constructor(private readonly model: Model) {}

  /** The model's graph was (re)built: shapes and output count may differ; weights are laid out again. */
  graphChanged(): void {
    this.compiledList = null;
    this.lossSums = new Float64Array(this.model.outputs.length);
    if (this.outputs && this.outputs.length !== this.model.outputs.length) {
      throw new ConfigError(`the model was compiled for ${this.outputs.length} output(s) but has ${this.model.outputs.length}; compile again`);
    }
    this.layOut();
  }

  private get executor(): GraphExecutor {
    return this.model.graphExecutor();
  }

  // ---- compile --------------------------------------------------------------------------------------

  compile(args: CompileArgs): void {
    const outputs = resolveCompile(args, this.model.outputNames);
    this.optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
    this.outputs = outputs;
    this.compiledList = null;
    if (this.model.built) {
      this.layOut();
      this.compiled(); // metric/loss mismatches fail here, not at the first fit
    }
  }

  /** Throws unless compiled; returns the optimizer. */
  requireCompiled(method: string): Optimizer {
    if (!this.optimizer || !this.outputs) throw new StateError(`${method} needs a compiled model: call model.compile({ optimizer, loss }) first`);
    return this.optimizer;
  }

  /** The compiled loss and metrics of each output for the current output shapes (created on first use). */
  compiled(): Compiled[] {
    this.requireCompiled('training');
    const exec = this.executor;
    if (this.compiledList && this.compiledVersion === exec.shapeVersion) return this.compiledList;
    this.compiledVersion = exec.shapeVersion;
    // before data has fixed the lengths, a length known only at call time counts as 1 (setOutputShape follows it)
    const shapes = exec.outputSlots.map((s, k) => exec.shapeOf(s) ?? this.model.outputs[k].shape.slice(1).map((d) => d ?? 1));
    const concrete = exec.outputSlots.every((s) => exec.shapeOf(s) !== null);
    // built before data fixed the shapes (a null width counted as 1): build again for the real shapes
    if (this.compiledList && concrete && this.compiledFromPlaceholders) this.compiledList = null;
    this.compiledFromPlaceholders = !concrete;
    if (!this.compiledList) {
      this.compiledList = this.outputs!.map((o, i) => new Compiled(o.loss ?? nullLoss, o.metrics, shapes[i]));
      this.dys.length = shapes.length;
    } else this.compiledList.forEach((c, i) => c.setOutputShape(shapes[i]));
    return this.compiledList;
  }

  /** The first output's compiled metrics (empty before compile). */
  get metrics(): Compiled['metrics'] {
    return this.compiledList?.[0]?.metrics ?? [];
  }

  /** Every compiled metric with the name it is logged under. */
  namedMetrics(): { name: string; metric: Compiled['metrics'][number] }[] {
    const multi = this.model.outputs.length > 1;
    return (this.compiledList ?? []).flatMap((c, i) => c.metrics.map((m) => ({ name: multi ? `${this.model.outputNames[i]}_${m.name}` : m.name, metric: m })));
  }

  // ---- parameter memory ----------------------------------------------------------------------------

  /**
   * Lays the model's Variables into one store (trainable first), unless another model holds any of them and
   * `force` is false. Values and the optimizer's slots move with them.
   */
  layOut(force = false): void {
    const trainable = this.model.trainableWeights;
    const frozen = this.model.nonTrainableWeights;
    const all = [...trainable, ...frozen];
    if (!force && all.some((v) => v.owner && modelStores.has(v.owner) && v.owner !== this.store)) return;
    if (this.store && this.store.trainableSize === trainable.reduce((n, v) => n + v.size, 0) && all.every((v, i) => this.store!.variables[i] === v && v.owner === this.store)) {
      this.regularized = trainable.filter((v) => v.regularizer !== null);
      return;
    }
    const old = this.store;
    const slots = old && this.optimizer?.built ? this.optimizer.getState().slots.map((s) => s) : null;
    const oldOffsets = all.map((v) => (v.owner ? v.owner.offsets.get(v) ?? -1 : -1));
    const oldOwners = all.map((v) => v.owner);
    const store = new ParamStore(all, trainable.length);
    modelStores.add(store);
    this.store = store;
    this.regularized = trainable.filter((v) => v.regularizer !== null);
    if (slots && this.optimizer) {
      // carry each variable's slot values (momenta …) from where they were, if this optimizer held them there
      this.optimizer.build(store);
      const fresh = this.optimizer.getState().slots;
      all.forEach((v, i) => {
        if (oldOwners[i] !== old || oldOffsets[i] < 0 || i >= trainable.length) return;
        const at = store.offsets.get(v)!;
        fresh.forEach((f, k) => f.set(slots[k].subarray(oldOffsets[i], oldOffsets[i] + v.size), at));
      });
    }
  }

  /** The store for a training step: re-laid out if another model took any Variable since. */
  private trainingStore(): ParamStore {
    const store = this.store;
    if (store) {
      const vars = store.variables;
      let held = true;
      for (let i = 0; i < vars.length; i++) if (vars[i].owner !== store) { held = false; break; }
      if (held) return store;
    }
    this.layOut(true);
    return this.store!;
  }

  // ---- data -----------------------------------------------------------------------------------------

  /** Converts x to one tensor per input, checks shapes and sample counts, and sets the graph's shapes. */
  prepareInputs(x: DataList): Tensor[] {
    const names = this.model.inputNames;
    const xs = splitData(x, names, 'x').map((t, i) => toInput(t, names.length === 1 ? 'x' : `x['${names[i]}']`));
    this.model.buildFromData(xs.map((t) => t.shape.slice(1)));
    xs.forEach((t, i) => {
      const expected = this.model.inputs[i].shape.slice(1);
      const inner = t.shape.slice(1);
      if (inner.length !== expected.length || inner.some((d, k) => expected[k] !== null && d !== expected[k])) {
        const who = names.length === 1 ? this.model.firstLayerClassName() : `input '${names[i]}'`;
        throw new ShapeError(`${who} expects input of shape ${fmtShape(this.model.inputs[i].shape as number[])}, got ${fmtShape(t.shape)}`);
      }
      if (inner.some((d) => d === 0)) throw new ShapeError(`${names.length === 1 ? 'x' : `x['${names[i]}']`} has an axis of length 0 (shape ${fmtShape(t.shape)}): every sample needs at least one step and one feature`);
      if (t.shape[0] !== xs[0].shape[0]) throw new ShapeError(`all inputs must have the same number of samples: '${names[0]}' has ${xs[0].shape[0]}, '${names[i]}' has ${t.shape[0]}`);
    });
    this.executor.setInputShapes(xs.map((t) => t.shape.slice(1)));
    return xs;
  }

  /**
   * Sets the graph's input shapes (per sample) back to `shapes`: a callback's predict, evaluate or call on data
   * of another length changes them between training steps. Free when they are unchanged.
   */
  useInputShapes(shapes: readonly (readonly number[])[]): void {
    this.executor.setInputShapes(shapes);
  }

  /** Converts y to one tensor per output shaped like that output (after prepareInputs). */
  prepareTargets(y: DataList, n: number): Tensor[] {
    const names = this.model.outputNames;
    const exec = this.executor;
    return splitData(y, names, 'y').map((t, i) => toTarget(t, exec.shapeOf(exec.outputSlots[i]), n, this.outputs?.[i]?.loss?.sparse ?? false, names.length === 1 ? 'y' : `y['${names[i]}']`));
  }

  /** Per-sample shape of output k for the current input shapes. */
  outputShape(k: number): number[] {
    return this.executor.shapeOf(this.executor.outputSlots[k]);
  }

  // ---- batch steps (no allocation) -----------------------------------------------------------------

  /** Grows the batch buffers to hold B samples of the current shapes. */
  ensureCapacity(B: number): void {
    const exec = this.executor;
    const grow = (list: FloatArray[], k: number, n: number): void => {
      if ((list[k]?.length ?? -1) < n) list[k] = floats(n);
    };
    exec.inputSlots.forEach((s, k) => grow(this.xBatch, k, B * sizeOf(exec.shapeOf(s))));
    exec.outputSlots.forEach((s, k) => {
      const shape = exec.shapeOf(s);
      grow(this.yBatch, k, B * sizeOf(shape));
      grow(this.dy, k, B * sizeOf(shape));
      grow(this.wBatch, k, (B * sizeOf(shape)) / shape[shape.length - 1]);
    });
  }

  /** Forward, losses and backward on B samples in the batch buffers; gradients stay in the store. */
  lossAndGradients(B: number, weighted: boolean): number {
    const store = this.trainingStore();
    const compiled = this.compiled();
    const exec = this.executor;
    store.zeroGrad();
    exec.forward(this.xBatch, B, true);
    let value = 0;
    const multi = compiled.length > 1;
    for (let k = 0; k < compiled.length; k++) {
      const o = this.outputs![k];
      if (!o.loss) { this.dys[k] = null; continue; }
      const slot = exec.outputSlots[k];
      const out = exec.value(slot), mask = exec.mask(slot), shape = exec.shapeOf(slot);
      const dy = this.dy[k];
      const loss = compiled[k].batchLoss(dy, out, this.yBatch[k], B, shape, mask, weighted && this.weightedOutputs[k] !== false ? this.wBatch[k] : null);
      compiled[k].updateMetrics(out, this.yBatch[k], B, shape, mask);
      if (o.weight !== 1) {
        const n = B * sizeOf(shape);
        for (let i = 0; i < n; i++) dy[i] *= o.weight;
      }
      this.dys[k] = dy;
      value += multi || o.weight !== 1 ? o.weight * loss : loss;
      this.lossSums[k] += loss * B;
    }
    this.lossCount += B;
    exec.backward(this.dys, B);
    // Keras adds the weight regularizers' penalties to the training loss
    for (const v of this.regularized) value += v.regularizer!.apply(v.value, v.grad);
    return value;
  }

  /** One optimizer step on the B samples in the batch buffers. Returns the loss before the update. */
  trainStep(B: number, weighted = false): number {
    const optimizer = this.requireCompiled('trainStep');
    return governedBatch('train', B, () => {
      const value = this.lossAndGradients(B, weighted);
      optimizer.applyGradients(this.store!);
      return value;
    });
  }

  /** Zeroes the per-output loss trackers (each epoch, each evaluation). */
  resetLossTrackers(): void {
    this.lossSums.fill(0);
    this.lossCount = 0;
  }

  /** Writes '<output>_loss' for each output with a loss (several outputs only, as Keras). */
  outputLossLogs(logs: Record<string, number>, prefix = ''): void {
    if (this.model.outputs.length < 2 || this.lossCount === 0) return;
    this.outputs!.forEach((o, k) => { if (o.loss) logs[`${prefix}${this.model.outputNames[k]}_loss`] = this.lossSums[k] / this.lossCount; });
  }

  /** Writes every metric's result into logs under its logged name. */
  metricLogs(logs: Record<string, number>, prefix = ''): void {
    for (const { name, metric } of this.namedMetrics()) logs[prefix + name] = metric.result();
  }

  resetMetrics(): void {
    for (const c of this.compiledList ?? []) c.resetMetrics();
  }

  /** { loss, <output>_loss…, metrics… } over prepared data (evaluate, and validation inside fit). */
  testLogs(xs: Tensor[], ys: Tensor[], weights: (Float32Array | null)[], batchSize: number): Record<string, number> {
    const compiled = this.compiled();
    this.resetMetrics();
    this.resetLossTrackers();
    const exec = this.executor;
    const n = xs[0].shape[0];
    const ySizes = ys.map(sampleSize);
    let total = 0;
    this.forEachBatch(xs, batchSize, (start, B) => {
      let batch = 0;
      compiled.forEach((c, k) => {
        const o = this.outputs![k];
        if (!o.loss) return;
        const slot = exec.outputSlots[k];
        const out = exec.value(slot), mask = exec.mask(slot), shape = exec.shapeOf(slot);
        const yb = ys[k].data.subarray(start * ySizes[k], (start + B) * ySizes[k]);
        const w = weights[k];
        const rows = w ? w.length / n : 0;
        const wb = w ? w.subarray(start * rows, (start + B) * rows) : null;
        const loss = c.batchLoss(null, out, yb, B, shape, mask, wb);
        c.updateMetrics(out, yb, B, shape, mask);
        batch += compiled.length > 1 || o.weight !== 1 ? o.weight * loss : loss;
        this.lossSums[k] += loss * B;
      });
      this.lossCount += B;
      total += batch * B;
    });
    const logs: Record<string, number> = { loss: total / n + this.regularized.reduce((p, v) => p + v.regularizer!.penalty(v.value), 0) };
    this.outputLossLogs(logs);
    this.metricLogs(logs);
    return logs;
  }

  /**
   * Outputs for prepared inputs, computed in batches (Keras predict): one tensor per output. `training`: the
   * layers' training behaviour (Dropout active; Keras `model(x, training=True)`).
   */
  predict(xs: Tensor[], batchSize: number, training = false): Tensor[] {
    const exec = this.executor;
    const n = xs[0].shape[0];
    const shapes = exec.outputSlots.map((s) => exec.shapeOf(s));
    const sizes = shapes.map(sizeOf);
    const results = sizes.map((size) => new Float32Array(n * size));
    this.forEachBatch(xs, batchSize, (start, B) => {
      exec.outputSlots.forEach((s, k) => results[k].set(exec.value(s).subarray(0, B * sizes[k]), start * sizes[k]));
    }, training);
    return results.map((r, k) => new Tensor(r, [n, ...shapes[k]]));
  }

  /** Runs inference over xs in batches; `visit` reads the executor's outputs for each batch. */
  private forEachBatch(xs: Tensor[], batchSize: number, visit: (start: number, B: number) => void, training = false): void {
    const n = xs[0].shape[0];
    const sizes = xs.map(sampleSize);
    this.ensureCapacity(Math.min(batchSize, n));
    for (let start = 0; start < n; start += batchSize) {
      const B = Math.min(batchSize, n - start);
      xs.forEach((x, k) => this.xBatch[k].set(x.data.subarray(start * sizes[k], (start + B) * sizes[k])));
      governedBatch('predict', B, () => this.executor.forward(this.xBatch, B, training, !training));
      visit(start, B);
    }
  }

  /** Copies whole tensors into the batch buffers (trainOnBatch, computeGradients). Returns B. */
  loadBatch(xs: Tensor[], ys: Tensor[]): number {
    const B = xs[0].shape[0];
    this.ensureCapacity(B);
    xs.forEach((x, k) => this.xBatch[k].set(x.data));
    ys.forEach((y, k) => this.yBatch[k].set(y.data));
    return B;
  }
}

/** Placeholder loss of an output compiled without one (never called: such outputs are skipped). */
const nullLoss = { name: 'none', sparse: false, rowLosses() { throw new ConfigError('this output has no loss'); } } as unknown as Loss;

/** One tensor-like per name from a single value (one name), a list in order, or an object keyed by name. */
export function splitData(data: DataList, names: readonly string[], what: string): TensorLike[] {
  if (data === undefined || data === null) throw new ConfigError(`${what} is required`);
  const isRecord = typeof data === 'object' && !Array.isArray(data) && !(data instanceof Tensor) && !ArrayBuffer.isView(data);
  if (isRecord) {
    const obj = data as Record<string, TensorLike>;
    for (const key of Object.keys(obj)) if (!names.includes(key)) throw new ConfigError(`${what} names '${key}', but the model's ${what === 'x' ? 'inputs' : 'outputs'} are ${names.map((n) => `'${n}'`).join(', ')}`);
    return names.map((n) => {
      if (!(n in obj)) throw new ConfigError(`${what} has no entry for '${n}'`);
      return obj[n];
    });
  }
  if (names.length === 1) {
    // [tensor] is a list of one input; a nested number array is the data itself
    if (Array.isArray(data) && data.length === 1 && data[0] instanceof Tensor) return [data[0]];
    if (Array.isArray(data) && data.some((d) => d instanceof Tensor)) { // (rows as typed arrays are data)
      // Keras: "expects 1 input(s), but it received 2 input tensors"
      throw new ConfigError(`${what} is a list of ${data.length} arrays, but the model has one ${what === 'x' ? 'input' : 'output'} ('${names[0]}'): pass one array (or a list of one)`);
    }
    return [data as TensorLike];
  }
  if (!Array.isArray(data) || data.length !== names.length || !data.every((d) => d instanceof Tensor || Array.isArray(d) || ArrayBuffer.isView(d))) {
    throw new ConfigError(`${what} must hold one array per ${what === 'x' ? 'input' : 'output'} (${names.join(', ')}), as a list or an object keyed by name`);
  }
  return data as TensorLike[];
}

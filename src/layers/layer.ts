// Layer: the base of every layer. A layer is a thin owner: its config, views into parameter memory
// (Variables), scratch buffers sized for the largest batch seen, and calls into kernels.
// Subclasses implement computeOutputShape, buildWeights, forward, backward and getConfig; this base
// gives them Keras's public surface (apply, getWeights/setWeights, countParams, names) and the graph protocol:
// `apply` on symbolic tensors records a Node (models/symbolic.ts); a model runs each node through
// callForward / callBackward (several inputs and outputs; the defaults wrap forward / backward).
// A layer called more than once in graphs runs its later calls on twins that share its Variables.
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { getInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import { ParamStore, type Variable } from '../memory/param_store.js';
import type { L1L2 } from '../regularizers/regularizers.js';
import { Tensor, assertFinite, copyToTensor, sizeOf, tensor, type TensorLike } from '../tensor/tensor.js';
import { floats, growFloats } from '../memory/precision.js';
import type { FloatArray } from '../kernels/types.js';
import { SymbolicTensor, isSymbolic, recordCall, type Node } from '../models/symbolic.js';
import type { CustomObjects } from '../registry/registry.js';
import { toStepMask } from './step_mask.js';
import type { ApplyOptions, ForwardContext } from './layer_call.js';

/** Options every layer constructor accepts (Keras base-layer kwargs). */
export interface LayerArgs {
  /** Layer name; defaults to the snake_case class name with a counter, as Keras ('dense', 'dense_1'). */
  name?: string;
  trainable?: boolean;
  /** Input shape without the batch axis (Keras `input_shape`), e.g. [10, 1]; null = any length, e.g. [null, 1]. */
  inputShape?: (number | null)[];
  /** Full input shape with the batch axis (Keras `batch_input_shape`); batch (and time) may be null. */
  batchInputShape?: (number | null)[];
  /** Only 'float32' is supported. */
  dtype?: 'float32';
}
export const layerArgNames = ['name', 'trainable', 'inputShape', 'batchInputShape', 'dtype'] as const;

export type { ApplyOptions, ForwardContext } from './layer_call.js';
export { newContext } from './layer_call.js';

const nameCounters = new Map<string, number>();

/** Keras auto-naming (keras/src/utils/naming.py to_snake_case): 'simple_rnn', 'conv1d', 'leaky_re_lu', then '_1', '_2', … */
function uniqueName(className: string): string {
  const base = className.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const n = nameCounters.get(base) ?? 0;
  nameCounters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

export abstract class Layer {
  static className = 'Layer';
  readonly name: string;
  private trainableFlag: boolean;
  /** The batch-inclusive input shape the user declared, if any. */
  readonly batchInputShape: (number | null)[] | null;
  /** Trainable arrays in Keras order. */
  weights: Variable[] = [];
  /** Input shape without batch, known once built. */
  inputShape: number[] | null = null;
  /** Output shape without batch, known once built. */
  outputShape: number[] | null = null;
  /** Timestep mask of the last forward's output ([B, T], 1 = real step), for the next layer; null for none. */
  outputMask: Uint8Array | null = null;
  private ownStore: ParamStore | null = null;
  /** Calls of this layer in graphs, in order (Keras `_inbound_nodes`); node i runs on `inboundNodes[i].runner`. */
  readonly inboundNodes: Node[] = [];
  /** A twin's first call: the layer whose Variables this one uses instead of creating its own. */
  private weightSource: Layer | null = null;
  /** `apply` on data: the input copied into the kernels' memory (grows to the largest call). */
  private eagerInput: FloatArray | null = null;
  /** Reused result lists of callForward / callBackward (no allocation per call). */
  protected readonly callOutputs: FloatArray[] = [];
  protected readonly callInputGrads: (FloatArray | null)[] = [];

  constructor(args: LayerArgs = {}) {
    const className = (this.constructor as typeof Layer).className;
    this.name = args.name ?? uniqueName(className);
    this.trainableFlag = args.trainable ?? true;
    if (args.dtype !== undefined && args.dtype !== 'float32') {
      throw new ConfigError(`${className}: only dtype 'float32' is supported, got '${args.dtype}'`);
    }
    if (args.inputShape && args.batchInputShape) {
      throw new ConfigError(`${className}: give inputShape or batchInputShape, not both`);
    }
    const shape = args.batchInputShape ?? (args.inputShape ? [null, ...args.inputShape] : null);
    if (shape) {
      if (!Array.isArray(shape)) throw new ConfigError(`${className}: inputShape must be a list of dimensions, got ${JSON.stringify(shape)}`);
      for (const d of shape.slice(1)) {
        if (d !== null && (!Number.isInteger(d) || (d as number) <= 0)) {
          throw new ConfigError(`${className}: inputShape must hold positive integers or null (any length), got ${fmtShape(shape.slice(1))}`);
        }
      }
    }
    this.batchInputShape = shape;
  }

  /** Whether `fit` updates this layer's weights (Keras `layer.trainable`; compile again after changing it). */
  get trainable(): boolean {
    return this.trainableFlag;
  }

  set trainable(value: boolean) {
    if (typeof value !== 'boolean') throw new ConfigError(`${this.getClassName()} '${this.name}': trainable must be true or false, got ${String(value)}`);
    this.trainableFlag = value;
  }

  /** The weights `fit` updates (Keras `trainable_weights`): all of them unless the layer is frozen. */
  get trainableWeights(): Variable[] {
    return this.trainable ? this.weights : [];
  }

  /** The weights `fit` leaves alone (Keras `non_trainable_weights`). */
  get nonTrainableWeights(): Variable[] {
    return this.trainable ? [] : this.weights;
  }

  /** The registered class name (minification-safe; never `constructor.name`). */
  getClassName(): string {
    return (this.constructor as typeof Layer).className;
  }

  get built(): boolean {
    return this.inputShape !== null;
  }

  // ---- to implement -------------------------------------------------------------------------

  /** Output shape (without batch) for an input shape (without batch); throws ShapeError when incompatible. */
  abstract computeOutputShape(inputShape: readonly number[]): number[];
  /** Declares the weights for an input shape through `addWeight`. */
  protected abstract buildWeights(inputShape: readonly number[]): void;
  /**
   * Runs B samples (input `x` holds B·prod(inputShape) values, more capacity allowed) and returns the output
   * buffer owned by the layer (valid until the next forward). Caches what backward needs.
   */
  abstract forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray;
  /**
   * Back-propagates `dy` (gradient w.r.t. the last forward's output): accumulates weight gradients and
   * returns the gradient w.r.t. the input (a layer-owned buffer) when `needInputGrad`, else null.
   */
  abstract backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null;
  /** Constructor arguments (camelCase Keras names) that rebuild this layer. */
  abstract getConfig(): Record<string, unknown>;

  // ---- building -----------------------------------------------------------------------------

  /**
   * The input shape (without batch) this layer accepts: null for an axis of any length. Default: the
   * built input shape, else the declared one, else null (anything the layer's rank check allows).
   */
  inputSpec(): (number | null)[] | null {
    return this.inputShape ?? (this.batchInputShape ? this.batchInputShape.slice(1) : null);
  }

  /**
   * Throws `<Class> expects input of shape [batch, 10, 1], got [90, 10]` unless `shape` (with batch) fits.
   */
  checkInputShape(shape: readonly (number | null)[]): void {
    const spec = this.inputSpec();
    const inner = shape.slice(1) as number[];
    // null on either side (a length known only at call time) is compatible with any length
    const fits = spec
      ? spec.length === inner.length && spec.every((d, i) => d === null || inner[i] === null || d === inner[i])
      : shape.length >= 2;
    if (!fits) {
      const expected = spec ? `[batch, ${spec.map((d) => d ?? 'any').join(', ')}]` : '[batch, ...]';
      throw new ShapeError(`${this.getClassName()} expects input of shape ${expected}, got ${fmtShape(shape)}`);
    }
    if (!this.built) this.computeOutputShape(inner); // rank check of an unbuilt layer
  }

  /** Builds for `inputShape` (without batch) once; later calls check compatibility. */
  build(inputShape: readonly number[]): void {
    this.checkInputShape([0, ...inputShape]);
    if (this.built) return;
    this.outputShape = this.computeOutputShape(inputShape);
    this.buildWeights(inputShape);
    this.inputShape = [...inputShape];
    if (!this.weightSource) this.ownStore = new ParamStore(this.weights);
  }

  /** Declares a weight and initialises it (in declaration order, so a seed fixes every value). */
  protected addWeight(name: string, shape: number[], initializer: InitializerIdentifier, regularizer: L1L2 | null = null): Variable {
    if (this.weightSource) return this.sharedWeight(name, shape);
    if (shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new ShapeError(`${this.getClassName()} '${this.name}': weight ${name} needs known dimensions, got [${shape.map((d) => d ?? 'None').join(', ')}] (give the input's feature axis a size)`);
    }
    const init = getInitializer(initializer);
    const size = sizeOf(shape);
    const value = floats(size);
    init.fill(value, shape);
    const v: Variable = { name, shape, size, initializer: init, regularizer, value, grad: floats(size) };
    this.weights.push(v);
    return v;
  }

  /** A twin's weight: the Variable its source declared at the same position. */
  private sharedWeight(name: string, shape: number[]): Variable {
    const v = this.weightSource!.weights[this.weights.length];
    if (!v || v.name !== name || v.shape.length !== shape.length || v.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`${this.getClassName()} '${this.name}' is called again on an input that needs weight ${name} ${fmtShape(shape)}, but its first call built ${v ? `${v.name} ${fmtShape(v.shape)}` : 'no such weight'}`);
    }
    this.weights.push(v);
    return v;
  }

  // ---- graph protocol -------------------------------------------------------------------------

  /** Rebuilds a layer of this class from `getConfig()` output (Keras `from_config`). Wrappers override it. */
  static fromConfig(config: Record<string, unknown>, _customObjects?: CustomObjects): Layer {
    const Cls = this as unknown as new (args: Record<string, unknown>) => Layer;
    return new Cls(config);
  }

  /**
   * A copy of this layer for another call in a graph: same config, the *same* Variables (so both calls train
   * one set of weights), its own scratch buffers and caches. Built for this layer's input shape when built.
   */
  twin(): Layer {
    const Cls = this.constructor as typeof Layer;
    const { batchInputShape: _declared, ...config } = this.getConfig();
    const twin = Cls.fromConfig({ ...config, name: this.name });
    twin.shareWeightsFrom(this);
    twin.trainable = this.trainable;
    if (this.built) twin.build(this.inputShape!);
    return twin;
  }

  /** Makes this (unbuilt) layer take its weights from `source` when built. Wrappers forward it to inner layers. */
  shareWeightsFrom(source: Layer): void {
    this.weightSource = source;
  }

  /** True for layers whose call takes a list of inputs (merge layers, attention). */
  acceptsInputList(): boolean {
    return false;
  }

  /** How many initial-state inputs a call may take (recurrent layers: their state count). */
  stateInputCount(): number {
    return 0;
  }

  /**
   * Builds for the shapes (without batch) of a call's inputs. Multi-input layers: computeOutputShapes checks
   * the inputs agree, the weights are built for the first, and outputShape is the call's output.
   */
  buildFromShapes(shapes: readonly (readonly number[])[]): void {
    if (!this.acceptsInputList()) {
      this.build(shapes[0]);
      return;
    }
    const [out] = this.computeOutputShapes(shapes);
    this.build(shapes[0]);
    this.outputShape = out;
  }

  /** Output shapes (without batch) of a call on inputs of these shapes (states last). Default: one output. */
  computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    return [this.computeOutputShape(shapes[0])];
  }

  /**
   * Runs one graph call on flat buffers: `inputs[k]` holds B samples of `ctx.inputShapes[k]` (initial states
   * last, also in `ctx.initialState`). Returns one buffer per output, owned by this layer and valid until its
   * next call; sets `outputMask` for output 0. Default: the single-input `forward`.
   */
  callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    this.callOutputs[0] = this.forward(inputs[0], B, ctx);
    return this.callOutputs;
  }

  /**
   * Back-propagates one graph call: `dOutputs[k]` is dL/d(output k), or null where that output does not reach
   * the loss (at least one is given). Accumulates weight gradients; returns per input dL/d(input k) (a buffer
   * owned by this layer) where `needInputGrad[k]`, else null.
   */
  callBackward(dOutputs: readonly (FloatArray | null)[], B: number, needInputGrad: readonly boolean[]): readonly (FloatArray | null)[] {
    this.callInputGrads[0] = this.backward(dOutputs[0]!, B, needInputGrad[0]);
    return this.callInputGrads;
  }

  /** Records a call on symbolic tensors (Keras `layer(x)` in the functional API) and returns its outputs. */
  protected callSymbolic(x: SymbolicTensor | SymbolicTensor[], options: ApplyOptions): SymbolicTensor | SymbolicTensor[] {
    return recordCall(this, x, options);
  }

  // ---- Keras surface ------------------------------------------------------------------------

  /**
   * Calls the layer on a batch (Keras `layer(x, initial_state=..., training=...)`), building it on first use.
   * Returns the output, or `[output, ...states]` for recurrent layers with `returnState`.
   */
  apply(x: SymbolicTensor | SymbolicTensor[], options?: ApplyOptions): SymbolicTensor | SymbolicTensor[];
  apply(x: TensorLike, options?: ApplyOptions): Tensor | Tensor[];
  apply(x: TensorLike | SymbolicTensor | SymbolicTensor[], options: ApplyOptions = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    options ??= {}; // apply(x, null)
    if (isSymbolic(x)) return this.callSymbolic(x, options);
    if (Array.isArray(x) && x.some((t) => t instanceof SymbolicTensor)) {
      throw new ConfigError(`${this.getClassName()} '${this.name}': a list mixing symbolic tensors and data; in a graph every input must come from Input() or another layer`);
    }
    if (Array.isArray(x) && x.length === 0) throw new ShapeError(`${this.getClassName()} '${this.name}': called on an empty list`);
    return this.applyEager(x as TensorLike, options);
  }

  /** `apply` on data: runs the layer once and copies the result out. */
  protected applyEager(x: TensorLike, options: ApplyOptions): Tensor | Tensor[] {
    const input = tensor(x);
    if (input.rank < 2) {
      throw new ShapeError(`${this.getClassName()} expects input with a batch axis, got shape ${fmtShape(input.shape)}`);
    }
    this.checkInputShape(input.shape);
    assertFinite(input, `${this.getClassName()} input`);
    const inner = input.shape.slice(1);
    this.build(inner);
    const B = input.shape[0];
    const initialState = this.prepareInitialState((options.initialState ?? undefined) as TensorLike | TensorLike[] | undefined, B);
    const mask = options.mask == null ? null : toStepMask(options.mask, B, input.shape[1]);
    // copied into the kernels' memory (a grow-only buffer of this layer), so every product takes the fast kernels
    // as predict's do
    this.eagerInput = growFloats(this.eagerInput, input.data.length);
    const data = this.eagerInput.subarray(0, input.data.length);
    data.set(input.data);
    const out = this.forward(data, B, { training: options.training ?? false, initialState, inputShape: inner, mask, inputShapes: [inner], masks: [mask] });
    const outShape = this.computeOutputShape(inner);
    const result = copyToTensor(out, [B, ...outShape]);
    const states = this.lastStates(B);
    return states ? [result, ...states] : result;
  }

  /** Converts user initial states; layers without state reject them. */
  protected prepareInitialState(states: TensorLike | TensorLike[] | undefined, _B: number): FloatArray[] | null {
    if (states !== undefined) throw new ConfigError(`${this.getClassName()} has no state; initialState is not accepted`);
    return null;
  }

  /** Final states after the last forward, for `returnState` (null when the layer returns none). */
  protected lastStates(_B: number): Tensor[] | null {
    return null;
  }

  /**
   * Drops the scratch buffers so that the next forward allocates them again (in the precision then current,
   * see memory/precision.ts). Layers with scratch memory override this.
   */
  releaseBuffers(): void {}

  /** Copies of the weights in Keras order and layout. */
  getWeights(): Tensor[] {
    return this.weights.map((v) => copyToTensor(v.value, v.shape));
  }

  /** Sets the weights (Keras order and layout); shapes must match exactly. */
  setWeights(weights: TensorLike[]): void {
    if (!this.built) throw new ShapeError(`${this.getClassName()} '${this.name}' is not built yet: call it on data or give it an inputShape first`);
    if (!Array.isArray(weights) || weights.length !== this.weights.length) {
      throw new ShapeError(`${this.getClassName()} '${this.name}' expects ${this.weights.length} weight arrays (${this.weights.map((v) => `${v.name} ${fmtShape(v.shape)}`).join(', ')}), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    const ts = weights.map((w) => tensor(w));
    ts.forEach((t, i) => {
      const v = this.weights[i];
      if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k])) {
        throw new ShapeError(`${this.getClassName()} '${this.name}': weight ${v.name} must have shape ${fmtShape(v.shape)}, got ${fmtShape(t.shape)}`);
      }
      assertFinite(t, `weight ${v.name}`);
    });
    ts.forEach((t, i) => this.weights[i].value.set(t.data));
  }

  /** Number of scalar weights. */
  countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }
}

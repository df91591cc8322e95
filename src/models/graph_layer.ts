// GraphLayer: a graph of layer calls between Input tensors and output tensors, as one Layer (Keras
// keras/src/models/functional.py, the graph half of `Functional`): wiring and validation of the graph, the
// layers in Keras's order, names, weights and trainable state, and the graph run as a layer nested inside
// another graph (its weights train with the outer model; `trainable = false` freezes them). `Model` adds
// Keras's training API on top (model.ts). Shapes: every tensor is [B, ...] with the batch B first.
import { ConfigError, ShapeError, StateError, fmtShape } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import { InputLayer } from '../layers/core/input_layer.js';
import { Layer, type ForwardContext } from '../layers/layer.js';
import type { Variable } from '../memory/param_store.js';
import { GraphExecutor } from './executor.js';
import { kerasLayerOrder, replayGraph } from './graph.js';
import type { SymbolicTensor } from './symbolic.js';

/**
 * The graph engine's Layer: built by `setGraph(inputs, outputs)` (Keras `Functional.__init__`). Throws
 * ConfigError for inputs that are not Input() tensors, a repeated Input, or two layers with one name.
 */
export abstract class GraphLayer extends Layer {
  inputs: SymbolicTensor[] = [];
  outputs: SymbolicTensor[] = [];
  /** Names under which fit/evaluate/predict take inputs and outputs as objects (Input / output layer names). */
  private inputNameList: string[] = [];
  private outputNameList: string[] = [];
  private executor: GraphExecutor | null = null;
  private layerList: Layer[] = [];

  /** Wires the graph: execution order, layers, weights, shapes; lays the weights into one store. */
  protected setGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[], inputKeys: string[] | null = null, outputKeys: string[] | null = null): void {
    for (const t of inputs) {
      if (!(t.node.layer instanceof InputLayer)) throw new ConfigError(`Model: inputs must come from Input(), but '${t.name}' is the output of ${t.node.layer.getClassName()} '${t.node.layer.name}'`);
    }
    if (new Set(inputs).size !== inputs.length) throw new ConfigError('Model: the same Input is given twice');
    const executor = new GraphExecutor(inputs, outputs);
    const layers = kerasLayerOrder(inputs, outputs, executor.nodes);
    const seen = new Set<string>();
    for (const l of layers) {
      // Keras: "All layer names should be unique" (names key inputs, outputs, losses and files)
      if (seen.has(l.name)) throw new ConfigError(`Model: two layers are named '${l.name}'; layer names in a model must be unique (give one a different name)`);
      seen.add(l.name);
    }
    this.inputs = inputs;
    this.outputs = outputs;
    this.executor = executor;
    this.layerList = layers;
    this.inputNames = inputKeys ?? inputs.map((t) => t.node.layer.name);
    this.outputNames = outputKeys ?? outputs.map((t) => t.node.layer.name);
    if (!outputKeys && new Set(this.outputNames).size !== this.outputNames.length) this.outputNames = outputs.map((t) => t.name);
    this.weights = this.collectWeights();
    this.inputShape = inputs[0].shape.slice(1) as number[];
    this.outputShape = outputs[0].shape.slice(1) as number[];
    const declared = inputs.map((t) => t.shape.slice(1));
    if (declared.every((s) => s.every((d) => d !== null))) executor.setInputShapes(declared as number[][]);
    this.graphChanged();
  }

  /** Called after setGraph: the subclass refreshes what depends on the graph (the Model its trainer). */
  protected graphChanged(): void {}

  /** Names under which fit/evaluate/predict take inputs as an object (the Input layers' names). */
  get inputNames(): string[] {
    return this.inputNameList;
  }

  set inputNames(names: string[]) {
    this.inputNameList = names;
  }

  /** Names under which fit/evaluate take targets as an object (the output layers' names). */
  get outputNames(): string[] {
    return this.outputNameList;
  }

  set outputNames(names: string[]) {
    this.outputNameList = names;
  }

  /** Unique Variables of the layers, in layer order (Keras `model.weights`). */
  private collectWeights(): Variable[] {
    return [...new Set(this.layerList.flatMap((l) => l.weights))];
  }

  /** The graph executor (throws before the graph exists). */
  graphExecutor(): GraphExecutor {
    if (!this.executor) throw new StateError(`model '${this.name}' is not built: give the first layer an inputShape, or fit/predict once`);
    return this.executor;
  }

  /** The class of the first layer after the inputs, for shape messages. */
  firstLayerClassName(): string {
    return this.layers.find((l) => !(l instanceof InputLayer))?.getClassName() ?? 'Model';
  }

  /** The layers in graph order (Keras `model.layers`; Input layers included for graph models). */
  get layers(): Layer[] {
    return this.layerList;
  }

  /** The layer named `name` (Keras `get_layer`). */
  getLayer(name: string): Layer;
  getLayer(args: { name?: string; index?: number }): Layer;
  getLayer(which: string | { name?: string; index?: number }): Layer {
    if (typeof which === 'object' && which !== null && which.index !== undefined) {
      const layer = this.layers[which.index];
      if (!layer) throw new ConfigError(`getLayer: index ${which.index} is out of range (${this.layers.length} layers)`);
      return layer;
    }
    const name = typeof which === 'string' ? which : which?.name;
    const layer = this.layers.find((l) => l.name === name);
    if (!layer) throw new ConfigError(`getLayer: no layer named '${name}'. Layers: ${this.layers.map((l) => l.name).join(', ')}`);
    return layer;
  }

  // ---- trainable state ----------------------------------------------------------------------------

  override get trainable(): boolean {
    return super.trainable;
  }

  /** Freezing a model freezes every layer in it (Keras `model.trainable = False`); compile again to apply. */
  override set trainable(value: boolean) {
    super.trainable = value;
    for (const l of this.layerList) l.trainable = value;
  }

  override get trainableWeights(): Variable[] {
    return [...new Set(this.layerList.flatMap((l) => l.trainableWeights))];
  }

  override get nonTrainableWeights(): Variable[] {
    const trainable = new Set(this.trainableWeights);
    return this.collectWeights().filter((v) => !trainable.has(v));
  }

  // ---- as a layer inside another graph --------------------------------------------------------------

  override acceptsInputList(): boolean {
    return this.inputs.length > 1;
  }

  override buildFromShapes(shapes: readonly (readonly number[])[]): void {
    if (shapes.length !== this.inputs.length) throw new ConfigError(`model '${this.name}' takes ${this.inputs.length} input(s), got ${shapes.length}`);
    shapes.forEach((s, i) => {
      const expected = this.inputs[i].shape.slice(1);
      if (s.length !== expected.length || s.some((d, k) => d !== null && expected[k] !== null && d !== expected[k])) {
        throw new ShapeError(`model '${this.name}' expects input ${i} of shape ${fmtShape(this.inputs[i].shape as number[])}, got ${fmtShape([null, ...s])}`);
      }
    });
  }

  override computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    if (shapes.some((s) => s.some((d) => d === null))) return this.outputs.map((t) => t.shape.slice(1) as number[]);
    const exec = this.graphExecutor();
    exec.setInputShapes(shapes);
    return exec.outputSlots.map((s) => exec.shapeOf(s));
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return this.computeOutputShapes([inputShape])[0];
  }

  protected buildWeights(): void {}

  override callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    const exec = this.graphExecutor();
    exec.setInputShapes(ctx.inputShapes);
    exec.forward(inputs, B, ctx.training, ctx.inference);
    exec.outputSlots.forEach((s, k) => (this.callOutputs[k] = exec.value(s)));
    this.outputMask = exec.mask(exec.outputSlots[0]);
    return this.callOutputs;
  }

  override callBackward(dOutputs: readonly (FloatArray | null)[], B: number, needInputGrad: readonly boolean[]): readonly (FloatArray | null)[] {
    const exec = this.graphExecutor();
    exec.setInputGrads(needInputGrad.some((n) => n));
    exec.backward(dOutputs, B);
    exec.inputSlots.forEach((s, k) => (this.callInputGrads[k] = needInputGrad[k] ? exec.grad(s) : null));
    return this.callInputGrads;
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    return this.callForward([x], B, ctx)[0];
  }

  backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null {
    return this.callBackward([dy], B, [needInputGrad])[0];
  }

  /** A second call of this model in a graph: its layers called again on new Inputs (weights shared). */
  override twin(): Layer {
    const { inputs, outputs } = replayGraph(this.inputs, this.outputs, this.graphExecutor().nodes);
    return this.graphTwin(inputs, outputs);
  }

  /** A new graph model of `inputs` → `outputs` named as this one (the Model: a Model). */
  protected abstract graphTwin(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): Layer;

  override releaseBuffers(): void {
    for (const r of this.runners) r.releaseBuffers();
    this.executor?.releaseBuffers();
  }

  /** The layers the executor runs (each shared layer once; empty before the graph exists). */
  protected get runners(): readonly Layer[] {
    return this.executor?.runners ?? [];
  }
}

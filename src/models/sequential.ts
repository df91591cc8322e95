// Sequential: a linear stack of layers (Keras keras/src/models/sequential.py) — a graph model whose graph is
// one Input followed by each layer in turn, built once the input shape is known (declared on the first layer,
// or taken from the first data). Training, files and numbers are the graph engine's, so a Sequential model and
// the same layers wired with the functional API give identical results.
import { ConfigError, StateError, checkOptions } from '../errors.js';
import { Input } from '../layers/core/input_layer.js';
import type { Layer } from '../layers/layer.js';
import { Bidirectional } from '../layers/rnn/bidirectional.js';
import { Recurrent } from '../layers/rnn/recurrent.js';
import type { CustomObjects } from '../registry/registry.js';
import { deserializeLayer, registerLayer } from '../registry/registry.js';
import { Model } from './model.js';
import type { SymbolicTensor } from './symbolic.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
  trainable?: boolean;
}

export class Sequential extends Model {
  static override className = 'Sequential';
  private readonly stack: Layer[] = [];

  constructor(args: SequentialArgs = {}) {
    checkOptions('Sequential', args, ['layers', 'name', 'trainable']);
    super({ name: args.name, trainable: args.trainable });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Rebuilds from `getConfig()` output: the layers in order (Keras `Sequential.from_config`). */
  static override fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Layer {
    const specs = config.layers;
    if (!Array.isArray(specs)) throw new ConfigError('Sequential config needs a list of layers');
    const model = new Sequential({ ...(typeof config.name === 'string' ? { name: config.name } : {}) });
    for (const spec of specs) model.add(deserializeLayer(spec, customObjects));
    return model;
  }

  /** The layers in order (no InputLayer, as Keras's Sequential.layers). */
  override get layers(): Layer[] {
    return this.stack;
  }

  override get inputNames(): string[] {
    return this.built ? super.inputNames : ['input'];
  }

  override set inputNames(names: string[]) {
    super.inputNames = names;
  }

  override get outputNames(): string[] {
    return [this.stack[this.stack.length - 1]?.name ?? 'output'];
  }

  override set outputNames(_names: string[]) {}

  /** Appends a layer; builds the model at once when the first layer declares its input shape. */
  add(layer: Layer): void {
    if (!layer || typeof (layer as Layer).forward !== 'function') throw new ConfigError(`Sequential.add expects a layer, got ${String(layer)}`);
    if ((layer instanceof Recurrent || layer instanceof Bidirectional) && layer.returnState) {
      throw new ConfigError(`${layer.getClassName()} '${layer.name}' has returnState: true; layers in a Sequential model must have a single output`);
    }
    if (layer instanceof Bidirectional && layer.mergeMode === null) {
      throw new ConfigError(`Bidirectional '${layer.name}' has mergeMode null (two outputs); layers in a Sequential model must have a single output`);
    }
    if (layer instanceof Model && (layer.inputs.length > 1 || layer.outputs.length > 1)) {
      throw new ConfigError(`model '${layer.name}' has several inputs or outputs; layers in a Sequential model must have one of each`);
    }
    if (this.stack.includes(layer)) throw new ConfigError(`Layer '${layer.name}' is already in this model`);
    this.stack.push(layer);
    const declared = this.stack[0].batchInputShape;
    if (this.built) this.build(this.inputShape!);
    else if (declared) this.build(declared.slice(1) as number[]);
  }

  /** Removes the last layer (Keras `pop`). */
  pop(): Layer {
    const layer = this.stack.pop();
    if (!layer) throw new StateError('Sequential.pop: the model has no layers');
    if (this.built && this.stack.length > 0) this.build(this.inputShape!);
    return layer;
  }

  override buildFromData(shapes: number[][]): void {
    if (!this.built) this.build(shapes[0]);
  }

  /**
   * Builds every layer for `inputShape` (without batch; null = any length) as a graph Input → layer → … →
   * output, and lays out the parameter memory.
   */
  override build(inputShape: readonly (number | null)[]): void {
    if (this.stack.length === 0) throw new StateError('Sequential model has no layers: add layers before building, fitting or predicting');
    const old = this.built ? this.graphExecutor().nodes : [];
    // the previous graph's calls are forgotten, so each layer's first call stays its own runner
    for (const node of old) {
      const list = node.layer.inboundNodes;
      const at = list.indexOf(node);
      if (at >= 0 && !node.isInput) list.splice(at, 1);
    }
    const batch = this.stack[0].batchInputShape?.[0] ?? null;
    const input = Input({ batchShape: [batch, ...inputShape], name: `${this.name}_input` });
    let x: SymbolicTensor = input;
    for (const layer of this.stack) x = layer.apply(x) as SymbolicTensor;
    this.setGraph([input], [x]);
  }
}

registerLayer(Sequential);

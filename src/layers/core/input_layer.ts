// Input and InputLayer (Keras layers/core/input_layer.py): the entry of a graph. `Input({ shape })` returns the
// symbolic tensor a functional model starts from; its layer has no weights and passes data through unchanged.
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { Node, SymbolicTensor } from '../../models/symbolic.js';
import { Layer, type ForwardContext } from '../layer.js';

export interface InputArgs {
  /** Shape of one sample without the batch axis, e.g. [10, 1]; null for an axis known only at call time ([null, 8]). */
  shape?: (number | null)[];
  /** Fixed batch size (stateful models); default any. */
  batchSize?: number | null;
  /** Shape with the batch axis (Keras `batch_shape`); instead of shape + batchSize. */
  batchShape?: (number | null)[];
  name?: string;
  /** 'float32' (default) or 'int32' (token ids, converted to float32 values as Keras casts). */
  dtype?: 'float32' | 'int32';
}

/** The layer behind an Input: no weights, output = input. */
export class InputLayer extends Layer {
  static override className = 'InputLayer';
  /** Shape with the batch axis. */
  readonly batchShape: (number | null)[];
  readonly dtype: 'float32' | 'int32';

  constructor(args: InputArgs = {}) {
    checkOptions('Input', args, ['shape', 'batchSize', 'batchShape', 'name', 'dtype']);
    if (args.batchShape !== undefined && (args.shape !== undefined || args.batchSize !== undefined)) throw new ConfigError('Input: give shape (and batchSize) or batchShape, not both');
    const batchShape = args.batchShape ?? (args.shape ? [args.batchSize ?? null, ...args.shape] : null);
    if (!Array.isArray(batchShape) || batchShape.length < 2) throw new ConfigError(`Input needs a shape without the batch axis, e.g. Input({ shape: [10, 1] }), got ${JSON.stringify(args.shape ?? args.batchShape)}`);
    if (batchShape[0] !== null && (!Number.isInteger(batchShape[0]) || (batchShape[0] as number) <= 0)) throw new ConfigError(`Input: batchSize must be a positive integer, got ${String(batchShape[0])}`);
    if (args.dtype !== undefined && args.dtype !== 'float32' && args.dtype !== 'int32') throw new ConfigError(`Input: dtype must be 'float32' or 'int32', got '${String(args.dtype)}'`);
    super({ name: args.name, batchInputShape: batchShape });
    this.batchShape = [...batchShape];
    this.dtype = args.dtype ?? 'float32';
    this.build(batchShape.slice(1) as number[]);
    const node = new Node(this, [], this, 0, null);
    node.outputs.push(new SymbolicTensor(this.batchShape, node, 0, this.dtype));
    this.inboundNodes.push(node);
  }

  /** The symbolic tensor this layer produces. */
  get output(): SymbolicTensor {
    return this.inboundNodes[0].outputs[0];
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { batchInputShape, batchShape, sparse: _s, ragged: _r, ...rest } = config as Record<string, unknown> & { batchInputShape?: (number | null)[]; batchShape?: (number | null)[] };
    return new InputLayer({ ...(rest as InputArgs), batchShape: batchShape ?? batchInputShape });
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected buildWeights(): void {}

  forward(x: FloatArray, _B: number, _ctx: ForwardContext): FloatArray {
    this.outputMask = null;
    return x;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    return needInputGrad ? dy : null;
  }

  override twin(): Layer {
    throw new ConfigError(`InputLayer '${this.name}' cannot be called: use its output tensor (Input() returns it)`);
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, batchShape: this.batchShape, dtype: this.dtype };
  }

  override toString(): string {
    return `InputLayer '${this.name}' ${fmtShape(this.batchShape)}`;
  }
}

/**
 * A symbolic input of a graph (Keras `keras.Input`): `Input({ shape: [T, F] })` for [batch, T, F] data;
 * `shape: [null, F]` accepts any number of timesteps.
 * @throws ConfigError for a missing or invalid shape.
 */
export function Input(args: InputArgs): SymbolicTensor {
  return new InputLayer(args).output;
}

registerLayer(InputLayer);

// Embedding (Keras layers/core/embedding.py): integer ids → rows of a trainable table.
// Input [B, ...] of ids (float32 values holding integers, as Keras casts); output [B, ..., outputDim].
// Weight: embeddings [inputDim, outputDim]. With maskZero, id 0 is padding: the output mask ([B, T]) is
// `id != 0`, which downstream recurrent layers honour. The backward pass writes only the rows of ids in the
// batch (the gradient buffer is dense and zeroed each step by the store; see docs/DECISIONS.md).
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ValueError, checkOptions, fmtShape } from '../../errors.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type L1L2, type RegularizerIdentifier } from '../../regularizers/regularizers.js';
import type { FloatArray } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { floats } from '../../memory/precision.js';
import { kernels } from '../../kernels/kernels.js';
import { unravel } from '../../tensor/tensor.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids must lie in [0, inputDim). */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Default 'uniform' (RandomUniform(−0.05, 0.05), as Keras). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  /** Id 0 is padding: produce a [B, T] mask (id != 0) for the layers downstream. Default false. */
  maskZero?: boolean;
  /** Keras 2's fixed sequence length (accepted from files; Keras 3 deprecates it). Sets inputShape [inputLength] when no shape is given. */
  inputLength?: number | null;
}

/**
 * Embedding: y[b, t, :] = embeddings[x[b, t], :]. Input [B, ...] of integer ids in [0, inputDim);
 * output [B, ..., outputDim].
 * @throws ConfigError for bad options; ValueError naming the id and its position for a negative,
 * non-integer or out-of-range id.
 */
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: Initializer;
  readonly embeddingsRegularizer: L1L2 | null;
  readonly maskZero: boolean;
  readonly inputLength: number | null;
  private embeddings!: Variable;
  private y: FloatArray = floats(0);
  /** The last forward's ids, checked (float32 integers in the kernels' memory, for the gather and scatter kernels). */
  private ids: FloatArray = floats(0);
  private mask = new Uint8Array(0);
  private n = 0;
  private dx: FloatArray = floats(0);

  constructor(args: EmbeddingArgs) {
    checkOptions('Embedding', args, ['inputDim', 'outputDim', 'embeddingsInitializer', 'embeddingsRegularizer', 'maskZero', 'inputLength', ...layerArgNames]);
    const inputLength = args?.inputLength ?? null;
    if (inputLength !== null && (!Number.isInteger(inputLength) || inputLength <= 0)) throw new ConfigError(`Embedding: inputLength must be a positive integer or null, got ${String(inputLength)}`);
    super(inputLength !== null && !args.inputShape && !args.batchInputShape ? { ...args, inputShape: [inputLength] } : args);
    for (const key of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args[key]) || args[key] <= 0) throw new ConfigError(`Embedding: ${key} must be a positive integer, got ${String(args[key])}`);
    }
    if (args.maskZero !== undefined && typeof args.maskZero !== 'boolean') throw new ConfigError(`Embedding: maskZero must be true or false, got ${String(args.maskZero)}`);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.embeddingsInitializer = getInitializer(args.embeddingsInitializer ?? 'uniform');
    this.embeddingsRegularizer = getRegularizer(args.embeddingsRegularizer);
    this.maskZero = args.maskZero ?? false;
    this.inputLength = inputLength;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape, this.outputDim];
  }

  protected buildWeights(): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.embeddingsInitializer, this.embeddingsRegularizer);
  }

  override releaseBuffers(): void {
    this.y = floats(0);
    this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    let n = B;
    for (const d of ctx.inputShape) n *= d;
    const D = this.outputDim;
    if (this.ids.length < n || this.ids.constructor !== x.constructor) this.ids = floats(n); // float64 inside checkGradients
    if (this.y.length < n * D) this.y = floats(n * D);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (!Number.isInteger(v) || v < 0 || v >= this.inputDim) {
        const why = !Number.isInteger(v) ? 'is not an integer' : v < 0 ? 'is negative' : `is out of range`;
        throw new ValueError(`Embedding '${this.name}': id ${v} at ${fmtShape(unravel(i, [B, ...ctx.inputShape]))} ${why}; ids must be integers in [0, ${this.inputDim - 1}] (inputDim ${this.inputDim})`);
      }
      this.ids[i] = v;
    }
    kernels().embeddingGather(this.y, this.embeddings.value, this.ids, n, D);
    this.n = n;
    this.outputMask = this.maskZero ? this.zeroMask(n) : null;
    return this.y;
  }

  /** Keras `compute_mask`: id != 0, shaped like the input ([B, T] for [B, T] ids). */
  private zeroMask(n: number): Uint8Array {
    if (this.mask.length !== n) this.mask = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.mask[i] = this.ids[i] !== 0 ? 1 : 0;
    return this.mask;
  }

  /** Scatter-adds dy into the rows of the ids seen (only those rows are touched); ids have no gradient. */
  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    kernels().embeddingScatterAdd(this.embeddings.grad, dy, this.ids, this.n, this.outputDim);
    if (!needInputGrad) return null;
    // Keras: ids are integers and get no gradient (None); a zero gradient is the same for any layer upstream
    if (this.dx.length < this.n) this.dx = floats(this.n);
    this.dx.fill(0, 0, this.n);
    return this.dx;
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      embeddingsRegularizer: serializeRegularizer(this.embeddingsRegularizer),
      maskZero: this.maskZero,
      ...(this.inputLength !== null ? { inputLength: this.inputLength } : {}),
    };
  }
}

registerLayer(Embedding);

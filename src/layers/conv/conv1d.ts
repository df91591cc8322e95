// Conv1D (Keras layers/convolutional/conv1d.py): y[b, t, f] = act(bias[f] + Σ_{j, c} x[b, t·s + j·d − padLeft, c] · kernel[j, c, f])
// over input [B, T, C] → output [B, T', filters], padding valid / same / causal (TensorFlow's padding rule).
// Weights: kernel [kernelSize, C, filters], bias [filters]. Direct loops; no mask is passed on (as Keras).
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/initializers.js';
import { kernels } from '../../kernels/kernels.js';
import { getRegularizer, serializeRegularizer, type L1L2, type RegularizerIdentifier } from '../../regularizers/regularizers.js';
import { Act, type ActivationId, type FloatArray } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { floats } from '../../memory/precision.js';
import { activationName, getActivation } from '../activations.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { dataFormatArg, oneInt, paddingArg, windowGeometry, type Padding1D } from './conv_utils.js';

export interface Conv1DArgs extends LayerArgs {
  filters: number;
  /** Window length k (an int or [k]). */
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /** 'valid' (default), 'same' (output ⌈T/s⌉ steps) or 'causal' (left-padded: y[t] sees x[≤ t]). */
  padding?: Padding1D;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
  /** Default 1; Keras forbids strides > 1 together with dilation > 1. */
  dilationRate?: number | [number];
  /** Only 1 (Keras `groups`). */
  groups?: number;
  /** Default 'linear'. */
  activation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}

/** 1-D convolution over time: [B, T, C] → [B, T', filters]. @throws ConfigError for bad options, ShapeError for bad input. */
export class Conv1D extends Layer {
  static override className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Padding1D;
  readonly dilationRate: number;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: L1L2 | null;
  readonly biasRegularizer: L1L2 | null;
  private kernel!: Variable;
  private bias: Variable | null = null;
  private x: FloatArray = floats(0);
  private z: FloatArray = floats(0);
  private y: FloatArray = floats(0);
  private dz: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private geo = { B: 0, T: 0, C: 0, out: 0, padLeft: 0 };

  constructor(args: Conv1DArgs) {
    checkOptions('Conv1D', args, ['filters', 'kernelSize', 'strides', 'padding', 'dataFormat', 'dilationRate', 'groups', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', ...layerArgNames]);
    super(args);
    this.filters = oneInt('Conv1D', 'filters', args.filters);
    this.kernelSize = oneInt('Conv1D', 'kernelSize', args.kernelSize);
    this.strides = oneInt('Conv1D', 'strides', args.strides, 1);
    this.dilationRate = oneInt('Conv1D', 'dilationRate', args.dilationRate, 1);
    this.padding = paddingArg('Conv1D', args.padding, ['valid', 'same', 'causal']);
    dataFormatArg('Conv1D', args.dataFormat);
    if (args.groups !== undefined && args.groups !== 1) throw new ConfigError(`Conv1D: only groups 1 is supported, got ${String(args.groups)}`);
    if (this.strides > 1 && this.dilationRate > 1) throw new ConfigError(`Conv1D: strides > 1 is incompatible with dilationRate > 1 (as Keras), got strides ${this.strides}, dilationRate ${this.dilationRate}`);
    this.activation = getActivation(args.activation ?? 'linear', 'Conv1D');
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer);
    this.biasRegularizer = getRegularizer(args.biasRegularizer);
  }

  private get span(): number {
    return this.dilationRate * (this.kernelSize - 1) + 1;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`Conv1D expects input of shape [batch, steps, channels], got ${fmtShape([null, ...inputShape])}`);
    if (this.inputShape && inputShape[1] !== this.inputShape[1]) throw new ShapeError(`Conv1D '${this.name}' expects input of shape [batch, steps, ${this.inputShape[1]}], got ${fmtShape([null, ...inputShape])}`);
    const T = inputShape[0];
    if (T === null) return [null as unknown as number, this.filters];
    const { out } = windowGeometry(T, this.span, this.strides, this.padding);
    if (out <= 0) throw new ShapeError(`Conv1D '${this.name}': input of ${T} steps is shorter than the kernel's span ${this.span} (kernelSize ${this.kernelSize}, dilationRate ${this.dilationRate}) with padding 'valid'`);
    return [out, this.filters];
  }

  protected buildWeights(inputShape: readonly number[]): void {
    this.kernel = this.addWeight('kernel', [this.kernelSize, inputShape[1], this.filters], this.kernelInitializer, this.kernelRegularizer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, this.biasRegularizer);
  }

  override releaseBuffers(): void {
    this.z = this.y = this.dz = this.dx = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const [T, C] = ctx.inputShape;
    const [out] = this.computeOutputShape(ctx.inputShape);
    const { padLeft } = windowGeometry(T, this.span, this.strides, this.padding);
    const F = this.filters, K = this.kernelSize, s = this.strides, d = this.dilationRate;
    this.geo = { B, T, C, out, padLeft };
    const n = B * out * F;
    if (this.z.length < n) {
      this.z = floats(n);
      this.y = this.activation === Act.linear ? this.z : floats(n);
      this.dz = floats(n);
    }
    const W = this.kernel.value, bias = this.bias?.value, z = this.z;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < out; t++) {
        const o = (b * out + t) * F;
        for (let f = 0; f < F; f++) z[o + f] = bias ? bias[f] : 0;
        for (let j = 0; j < K; j++) {
          const p = t * s + j * d - padLeft;
          if (p < 0 || p >= T) continue;
          const xi = (b * T + p) * C;
          for (let c = 0; c < C; c++) {
            const xv = x[xi + c], wi = (j * C + c) * F;
            for (let f = 0; f < F; f++) z[o + f] += xv * W[wi + f];
          }
        }
      }
    }
    if (this.activation !== Act.linear) kernels().activations.forward(this.y, 0, F, z, 0, F, B * out, F, this.activation);
    this.x = x;
    this.outputMask = null;
    return this.y;
  }

  backward(dy: FloatArray, _B: number, needInputGrad: boolean): FloatArray | null {
    const { B, T, C, out, padLeft } = this.geo;
    const F = this.filters, K = this.kernelSize, s = this.strides, d = this.dilationRate;
    let dz = dy;
    if (this.activation !== Act.linear) {
      kernels().activations.backward(this.dz, 0, F, dy, 0, F, this.z, 0, F, this.y, 0, F, B * out, F, this.activation);
      dz = this.dz;
    }
    if (needInputGrad) {
      if (this.dx.length < B * T * C) this.dx = floats(B * T * C);
      this.dx.fill(0, 0, B * T * C);
    }
    const W = this.kernel.value, dW = this.kernel.grad, db = this.bias?.grad, x = this.x, dx = this.dx;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < out; t++) {
        const o = (b * out + t) * F;
        if (db) for (let f = 0; f < F; f++) db[f] += dz[o + f];
        for (let j = 0; j < K; j++) {
          const p = t * s + j * d - padLeft;
          if (p < 0 || p >= T) continue;
          const xi = (b * T + p) * C;
          for (let c = 0; c < C; c++) {
            const xv = x[xi + c], wi = (j * C + c) * F;
            let acc = 0;
            for (let f = 0; f < F; f++) {
              dW[wi + f] += xv * dz[o + f];
              acc += W[wi + f] * dz[o + f];
            }
            if (needInputGrad) dx[xi + c] += acc;
          }
        }
      }
    }
    return needInputGrad ? dx : null;
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      filters: this.filters,
      kernelSize: [this.kernelSize],
      strides: [this.strides],
      padding: this.padding,
      dataFormat: 'channels_last',
      dilationRate: [this.dilationRate],
      activation: activationName(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
    };
  }
}

registerLayer(Conv1D);

// TimeDistributed (Keras layers/rnn/time_distributed.py): applies the wrapped layer to every timestep.
// [batch, time, ...] is run as [batch·time, ...] through the inner layer, with the same weights for every step.
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import { Layer, layerArgNames, newContext, type ForwardContext, type LayerArgs } from '../layer.js';
import type { FloatArray } from '../../kernels/types.js';
import { deserializeLayer, type CustomObjects, registerLayer } from '../../registry/registry.js';

export interface TimeDistributedArgs extends LayerArgs {
  layer: Layer;
}

export class TimeDistributed extends Layer {
  static override className = 'TimeDistributed';
  readonly layer: Layer;
  private readonly innerCtx: ForwardContext = newContext([]);
  private T = 0;

  constructor(args: TimeDistributedArgs) {
    checkOptions('TimeDistributed', args, ['layer', ...layerArgNames]);
    super(args);
    if (!(args?.layer instanceof Layer)) throw new ConfigError('TimeDistributed needs a layer: new TimeDistributed({ layer: new Dense({ units: 1 }) })');
    this.layer = args.layer;
  }

  /** Keras `Wrapper.from_config`: the nested layer config is rebuilt first. */
  static override fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Layer {
    const layer = config.layer instanceof Layer ? config.layer : deserializeLayer(config.layer, customObjects);
    return new TimeDistributed({ ...config, layer } as TimeDistributedArgs);
  }

  override shareWeightsFrom(source: Layer): void {
    super.shareWeightsFrom(source);
    this.layer.shareWeightsFrom((source as TimeDistributed).layer);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 2) throw new ShapeError(`TimeDistributed expects input of shape [batch, timesteps, ...], got ${fmtShape([null, ...inputShape])}`);
    return [inputShape[0], ...this.layer.computeOutputShape(inputShape.slice(1))];
  }

  protected buildWeights(inputShape: readonly number[]): void {
    this.layer.build(inputShape.slice(1));
    this.weights = this.layer.weights;
  }

  override releaseBuffers(): void {
    this.layer.releaseBuffers();
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    this.T = ctx.inputShape[0];
    this.innerCtx.training = ctx.training;
    this.innerCtx.inference = ctx.inference;
    if (this.innerCtx.inputShape.length !== ctx.inputShape.length - 1 || this.innerCtx.inputShape.some((d, i) => d !== ctx.inputShape[i + 1])) {
      this.innerCtx.inputShape = ctx.inputShape.slice(1);
      this.innerCtx.inputShapes = [this.innerCtx.inputShape];
    }
    this.outputMask = ctx.mask; // Keras passes the timestep mask through
    return this.layer.forward(x, B * this.T, this.innerCtx);
  }

  backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null {
    return this.layer.backward(dy, B * this.T, needInputGrad);
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, layer: { className: this.layer.getClassName(), config: this.layer.getConfig() } };
  }
}

registerLayer(TimeDistributed);

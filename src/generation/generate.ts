// Generating sequences from a trained recurrent model, one token at a time. `stepModel` rebuilds the model's
// architecture with every recurrent layer `stateful: true` and a fixed batch ([B, null, ...]), copies the weights,
// and `generate` feeds the prefix once, then each new token alone (T = 1): the recurrent state carries the past,
// so the cost of a generated token does not grow with the prefix or the text generated so far.
import { ConfigError, StateError, ValueError, checkOptions } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { Random, getRandom } from '../random/random.js';
import { Tensor } from '../tensor/tensor.js';
import { drawFrom, greedy as argmax, samplingDistribution } from './sampling.js';

/** How a token id becomes the model's input for one step: 'oneHot', 'id' (for an Embedding), or a function. */
export type TokenEncoding = 'oneHot' | 'id' | ((id: number, out: Float32Array) => void);

/** Options of `generate`. */
export interface GenerateOptions {
  /** Token ids to start from: one list (one sequence) or a list per sequence (a batch, all of one length). */
  prefix: number[] | number[][];
  /** How many tokens to generate after the prefix. */
  steps: number;
  /** Token → step input (F values for an input [B, T, F]); default 'oneHot' for a feature axis, else 'id'. */
  encode?: TokenEncoding;
  /** Take the most probable token each step instead of sampling (default false). */
  greedy?: boolean;
  /** Sampling options (see `sample`). */
  temperature?: number;
  topK?: number | null;
  topP?: number | null;
  /** The model outputs logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Seed for this call's draws (else `random`, else the global generator). */
  seed?: number;
  random?: Random;
  /** A sequence stops after emitting this token (it is included in the output). */
  stopToken?: number | null;
  /** A step model from `stepModel(model, B)` to reuse (its weights are refreshed from the model). */
  stepper?: Model;
}

const KNOWN = ['prefix', 'steps', 'encode', 'greedy', 'temperature', 'topK', 'topP', 'fromLogits', 'seed', 'random', 'stopToken', 'stepper'];

/** Marks recurrent configs stateful; rejects layers that cannot run one step at a time. */
function statefulConfig(layer: Layer, config: Record<string, unknown>, className: string): boolean {
  if (className === 'Bidirectional') throw new ConfigError(`generate: layer '${layer.name}' is Bidirectional; it reads the sequence backwards too, so it cannot run one token at a time`);
  if (config.goBackwards === true) throw new ConfigError(`generate: layer '${layer.name}' has goBackwards: true; it cannot run one token at a time`);
  if (layer instanceof Model) throw new ConfigError(`generate: layer '${layer.name}' is a nested model; flatten it into one Sequential or graph model`);
  if (!('stateful' in config)) return false;
  config.stateful = true;
  return true;
}

/**
 * The same architecture with recurrent layers `stateful: true` and input batch shape [batchSize, null, ...],
 * holding a copy of `model`'s weights (Keras users build this by hand for sampling). Errors: an unbuilt model,
 * several inputs, no recurrent layer, Bidirectional / goBackwards layers, nested models.
 */
export function stepModel(model: Model, batchSize = 1): Model {
  if (!model.built) throw new StateError(`generate: model '${model.name}' is not built; give it an input shape or fit it first`);
  if (model.inputs.length !== 1) throw new ConfigError(`generate: model '${model.name}' has ${model.inputs.length} inputs; generate feeds one token sequence`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`generate: batch size must be a positive integer; got ${batchSize}`);
  const shape = model.inputs[0].shape;
  if (shape.length < 2) throw new ConfigError(`generate: the model's input must have a time axis ([batch, time, ...]); got rank ${shape.length}`);
  const batchShape = [batchSize, null, ...shape.slice(2)];
  let recurrent = 0, step: Model;
  if (model instanceof Sequential) {
    const layers = model.layers.map((layer, i) => {
      const Cls = layer.constructor as unknown as { className: string; fromConfig(c: Record<string, unknown>): Layer };
      const { batchInputShape: _b, inputShape: _i, ...config } = layer.getConfig();
      if (statefulConfig(layer, config, Cls.className)) recurrent++;
      return Cls.fromConfig(i === 0 ? { ...config, batchInputShape: batchShape } : config);
    });
    step = new Sequential({ layers, name: model.name });
  } else {
    const config = JSON.parse(JSON.stringify(model.getConfig())) as { layers: { className: string; name: string; config: Record<string, unknown> }[] };
    for (const spec of config.layers) {
      if (spec.className === 'InputLayer') spec.config.batchShape = batchShape;
      else if (statefulConfig(model.getLayer(spec.name), spec.config, spec.className)) recurrent++;
    }
    step = Model.fromConfig(config as unknown as Record<string, unknown>) as Model;
  }
  if (recurrent === 0) throw new ConfigError(`generate: model '${model.name}' has no recurrent layer; feeding one token at a time needs a recurrent state to carry the past`);
  step.setWeights(model.getWeights());
  return step;
}

/**
 * Continues each prefix by `steps` tokens: the prefix goes through the step model in one call, then each chosen
 * token is fed alone. Returns the generated ids (without the prefix): a list, or a list per sequence for a batch.
 * The model's last output must be a distribution over the vocabulary ([B, T, V] or [B, V]).
 * Errors: empty prefix, ids outside the one-hot width, a bad `steps`, unknown options.
 */
export function generate(model: Model, options: GenerateOptions): number[] | number[][] {
  checkOptions('generate', options, KNOWN);
  if (!Array.isArray(options.prefix)) throw new ValueError(`generate: prefix must be a list of token ids or a list of such lists; got ${typeof options.prefix}`);
  const batched = Array.isArray(options.prefix[0]);
  const prefixes = (batched ? options.prefix : [options.prefix]) as number[][];
  const B = prefixes.length, P = prefixes[0]?.length ?? 0;
  if (B === 0 || P === 0) throw new ValueError('generate: the prefix must hold at least one token (start with a start-of-text token)');
  if (prefixes.some((p) => !Array.isArray(p) || p.length !== P)) throw new ValueError(`generate: every prefix in a batch must have the same length; got ${prefixes.map((p) => (Array.isArray(p) ? p.length : typeof p)).join(', ')}`);
  const steps = options.steps;
  if (!Number.isInteger(steps) || steps < 0) throw new ConfigError(`generate: steps must be an integer >= 0; got ${steps}`);
  if (options.seed !== undefined && options.random !== undefined) throw new ConfigError('generate: pass seed or random, not both');
  const rng = options.random ?? (options.seed !== undefined ? new Random(options.seed) : getRandom());
  let stepper = options.stepper;
  if (stepper) {
    const b = stepper.inputs[0]?.shape[0];
    if (b !== B) throw new ConfigError(`generate: the stepper was built for batch ${b}; the prefix has ${B} sequences`);
    stepper.setWeights(model.getWeights());
  } else {
    stepper = stepModel(model, B);
  }
  stepper.resetStates();
  const featureShape = stepper.inputs[0].shape.slice(2) as number[];
  const F = featureShape.reduce((a, d) => a * d, 1);
  const encode = encoder(options.encode ?? (featureShape.length > 0 ? 'oneHot' : 'id'), F);
  const feed = (tokens: number[][]): Tensor => {
    const T = tokens[0].length;
    const x = new Float32Array(B * T * F);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) encode(tokens[b][t], x.subarray((b * T + t) * F, (b * T + t + 1) * F));
    let y = stepper!.predictOnBatch(new Tensor(x, [B, T, ...featureShape])) as Tensor | Tensor[];
    if (Array.isArray(y)) y = y[0];
    return y;
  };
  const sampling = { temperature: options.temperature, topK: options.topK, topP: options.topP, fromLogits: options.fromLogits };
  const out: number[][] = prefixes.map(() => []);
  const done = new Array<boolean>(B).fill(false);
  let y = feed(prefixes);
  for (let s = 0; s < steps; s++) {
    const V = y.shape[y.rank - 1], rowSize = y.size / B;
    const next = new Array<number>(B);
    for (let b = 0; b < B; b++) {
      const row = y.data.subarray((b + 1) * rowSize - V, (b + 1) * rowSize); // last time step
      next[b] = options.greedy ? argmax(row) : drawFrom(samplingDistribution(row, sampling), rng.uniform());
      if (!done[b]) out[b].push(next[b]);
      if (options.stopToken != null && next[b] === options.stopToken) done[b] = true;
    }
    if (done.every(Boolean) || s === steps - 1) break;
    y = feed(next.map((t) => [t]));
  }
  return batched ? out : out[0];
}

function encoder(how: TokenEncoding, F: number): (id: number, out: Float32Array) => void {
  const check = (id: number, limit: number) => {
    if (!Number.isInteger(id) || id < 0 || id >= limit) throw new ValueError(`generate: token ${id} is not an id in [0, ${limit}) (the model's one-hot input width)`);
  };
  if (typeof how === 'function') return how;
  if (how === 'oneHot') return (id, out) => { check(id, F); out[id] = 1; };
  if (how === 'id') {
    if (F !== 1) throw new ConfigError(`generate: encode 'id' writes one value per step, but the model takes ${F} per step; use 'oneHot' or a function`);
    return (id, out) => { check(id, Number.MAX_SAFE_INTEGER); out[0] = id; };
  }
  throw new ConfigError(`generate: encode must be 'oneHot', 'id' or a function; got ${JSON.stringify(how)}`);
}

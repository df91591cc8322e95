// Keras weight initializers (keras/src/initializers/), by object or by name.
// Each fills a flat buffer for a given shape. Formulas and defaults follow Keras 3;
// the random stream is rnnkit's own (see src/random/random.ts).
import { ConfigError, checkOptions } from '../errors.js';
import { Random, getRandom } from '../random/random.js';
import { orthogonalFill } from './orthogonal.js';

export type FloatArray = Float32Array | Float64Array;

/** Serialised form: `{ className, config }` (Keras `{"class_name", "config"}`). */
export interface InitializerSpec {
  className: string;
  config: Record<string, unknown>;
}

export abstract class Initializer {
  static className: string;
  /** Writes values for a tensor of `shape` into `out` (row-major, `out.length === prod(shape)`). */
  abstract fill(out: FloatArray, shape: readonly number[]): void;
  abstract getConfig(): Record<string, unknown>;
  getClassName(): string {
    return (this.constructor as typeof Initializer).className;
  }
}

/** Keras `compute_fans`: (fan_in, fan_out) of a weight shape. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** The seeded initializer's own generator, or the global one (Keras: `seed=None` draws from the global state). */
function rngFor(seed: number | null): Random {
  return seed === null ? getRandom() : new Random(seed);
}

export class Zeros extends Initializer {
  static override className = 'Zeros';
  fill(out: FloatArray): void {
    out.fill(0);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export class Ones extends Initializer {
  static override className = 'Ones';
  fill(out: FloatArray): void {
    out.fill(1);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export class Constant extends Initializer {
  static override className = 'Constant';
  readonly value: number;
  constructor(args: { value?: number } = {}) {
    super();
    checkOptions('Constant', args, ['value']);
    this.value = args.value ?? 0;
  }
  fill(out: FloatArray): void {
    out.fill(this.value);
  }
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

export class RandomUniform extends Initializer {
  static override className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | null;
  constructor(args: { minval?: number; maxval?: number; seed?: number | null } = {}) {
    super();
    checkOptions('RandomUniform', args, ['minval', 'maxval', 'seed']);
    this.minval = args.minval ?? -0.05;
    this.maxval = args.maxval ?? 0.05;
    this.seed = args.seed ?? null;
  }
  fill(out: FloatArray): void {
    const rng = rngFor(this.seed);
    for (let i = 0; i < out.length; i++) out[i] = this.minval + (this.maxval - this.minval) * rng.uniform();
  }
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}

export class RandomNormal extends Initializer {
  static override className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(args: { mean?: number; stddev?: number; seed?: number | null } = {}) {
    super();
    checkOptions('RandomNormal', args, ['mean', 'stddev', 'seed']);
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed ?? null;
  }
  fill(out: FloatArray): void {
    const rng = rngFor(this.seed);
    for (let i = 0; i < out.length; i++) out[i] = this.mean + this.stddev * rng.normal();
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/** Normal draws re-drawn until within two standard deviations (Keras `TruncatedNormal`). */
function truncatedNormal(rng: Random, mean: number, stddev: number): number {
  for (;;) {
    const z = rng.normal();
    if (z >= -2 && z <= 2) return mean + stddev * z;
  }
}

export class TruncatedNormal extends Initializer {
  static override className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(args: { mean?: number; stddev?: number; seed?: number | null } = {}) {
    super();
    checkOptions('TruncatedNormal', args, ['mean', 'stddev', 'seed']);
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed ?? null;
  }
  fill(out: FloatArray): void {
    const rng = rngFor(this.seed);
    for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(rng, this.mean, this.stddev);
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type VarianceDistribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

/** Keras `VarianceScaling`: the family behind Glorot, He and LeCun. */
export class VarianceScaling extends Initializer {
  static override className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: VarianceDistribution;
  readonly seed: number | null;
  constructor(args: { scale?: number; mode?: FanMode; distribution?: VarianceDistribution; seed?: number | null } = {}) {
    super();
    checkOptions('VarianceScaling', args, ['scale', 'mode', 'distribution', 'seed']);
    this.scale = args.scale ?? 1;
    this.mode = args.mode ?? 'fan_in';
    this.distribution = args.distribution ?? 'truncated_normal';
    this.seed = args.seed ?? null;
    if (!(this.scale > 0)) throw new ConfigError(`VarianceScaling: scale must be positive, got ${this.scale}`);
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(this.mode)) {
      throw new ConfigError(`VarianceScaling: mode must be 'fan_in', 'fan_out' or 'fan_avg', got '${this.mode}'`);
    }
    if (!['truncated_normal', 'untruncated_normal', 'uniform'].includes(this.distribution)) {
      throw new ConfigError(`VarianceScaling: unknown distribution '${this.distribution}'`);
    }
  }
  fill(out: FloatArray, shape: readonly number[]): void {
    const [fanIn, fanOut] = computeFans(shape);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    const rng = rngFor(this.seed);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * scale);
      for (let i = 0; i < out.length; i++) out[i] = (2 * rng.uniform() - 1) * limit;
    } else if (this.distribution === 'truncated_normal') {
      // Keras: 0.879… is the stddev of a unit normal truncated at ±2.
      const stddev = Math.sqrt(scale) / 0.87962566103423978;
      for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(rng, 0, stddev);
    } else {
      const stddev = Math.sqrt(scale);
      for (let i = 0; i < out.length; i++) out[i] = stddev * rng.normal();
    }
  }
  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

type SeedArgs = { seed?: number | null };
const preset = (className: string, scale: number, mode: FanMode, distribution: VarianceDistribution) =>
  class extends VarianceScaling {
    static override className = className;
    constructor(args: SeedArgs = {}) {
      checkOptions(className, args, ['seed']);
      super({ scale, mode, distribution, seed: args.seed ?? null });
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed };
    }
  };

export const GlorotUniform = preset('GlorotUniform', 1, 'fan_avg', 'uniform');
export const GlorotNormal = preset('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
export const HeUniform = preset('HeUniform', 2, 'fan_in', 'uniform');
export const HeNormal = preset('HeNormal', 2, 'fan_in', 'truncated_normal');
export const LecunUniform = preset('LecunUniform', 1, 'fan_in', 'uniform');
export const LecunNormal = preset('LecunNormal', 1, 'fan_in', 'truncated_normal');

/** Keras `Orthogonal(gain=1)`: QR of a normal matrix, signs fixed by diag(R). */
export class Orthogonal extends Initializer {
  static override className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | null;
  constructor(args: { gain?: number; seed?: number | null } = {}) {
    super();
    checkOptions('Orthogonal', args, ['gain', 'seed']);
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? null;
  }
  fill(out: FloatArray, shape: readonly number[]): void {
    orthogonalFill(out, shape, this.gain, rngFor(this.seed));
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed };
  }
}

/** Lower-case factories, as `tf.initializers.*` / `keras.initializers.*` spell them. */
export const initializers = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (args?: { value?: number }) => new Constant(args),
  randomUniform: (args?: ConstructorParameters<typeof RandomUniform>[0]) => new RandomUniform(args),
  randomNormal: (args?: ConstructorParameters<typeof RandomNormal>[0]) => new RandomNormal(args),
  truncatedNormal: (args?: ConstructorParameters<typeof TruncatedNormal>[0]) => new TruncatedNormal(args),
  varianceScaling: (args?: ConstructorParameters<typeof VarianceScaling>[0]) => new VarianceScaling(args),
  glorotUniform: (args?: SeedArgs) => new GlorotUniform(args),
  glorotNormal: (args?: SeedArgs) => new GlorotNormal(args),
  heUniform: (args?: SeedArgs) => new HeUniform(args),
  heNormal: (args?: SeedArgs) => new HeNormal(args),
  lecunUniform: (args?: SeedArgs) => new LecunUniform(args),
  lecunNormal: (args?: SeedArgs) => new LecunNormal(args),
  orthogonal: (args?: ConstructorParameters<typeof Orthogonal>[0]) => new Orthogonal(args),
};

const byClassName: Record<string, new (args?: any) => Initializer> = {
  Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling,
  GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal,
};

/** Accepted by every `*Initializer` option: an object, a Keras name ('glorot_uniform'), a camelCase name, or a spec. */
export type InitializerIdentifier = Initializer | string | InitializerSpec;

const normalise = (s: string): string => s.replace(/_/g, '').toLowerCase();

/** Resolves an initializer identifier the way `keras.initializers.get` does. */
export function getInitializer(id: InitializerIdentifier): Initializer {
  if (id instanceof Initializer) return id;
  if (typeof id === 'string') {
    // Keras's short aliases: 'uniform' and 'normal' (Embedding's default is 'uniform')
    const key = ({ uniform: 'randomuniform', normal: 'randomnormal' } as Record<string, string>)[normalise(id)] ?? normalise(id);
    for (const [name, Cls] of Object.entries(byClassName)) {
      if (normalise(name) === key) return new Cls();
    }
    throw new ConfigError(`Unknown initializer '${id}'. Known: ${Object.keys(initializers).join(', ')}`);
  }
  if (id && typeof id === 'object' && typeof id.className === 'string') {
    const Cls = byClassName[id.className];
    if (!Cls) throw new ConfigError(`Unknown initializer class '${id.className}'. Known: ${Object.keys(byClassName).join(', ')}`);
    return new Cls(id.config ?? {});
  }
  throw new ConfigError(`Expected an initializer (object, name or {className, config}), got ${JSON.stringify(id)}`);
}

/** `{ className, config }` of an initializer, for `getConfig()`. */
export function serializeInitializer(init: Initializer): InitializerSpec {
  return { className: init.getClassName(), config: init.getConfig() };
}

// Seeded randomness for initialisation, shuffling and dropout.
// One global generator (xoshiro128**, seeded through splitmix32) so that `setRandomSeed(n)` makes a
// whole run reproducible. Keras draws from TensorFlow/JAX generators whose streams cannot be
// reproduced here; rnnkit matches Keras's *distributions*, not its exact random numbers.

/** A small, fast, seedable generator (xoshiro128**). */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed` (any finite number; its integer part is used). */
  seed(seed: number): void {
    let x = Math.trunc(seed) >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spareNormal = null;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Fisher–Yates shuffle of `a` in place (no allocation). */
  shuffle(a: Int32Array | number[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalRandom = new Random((Math.random() * 2 ** 32) >>> 0);

/** Makes initialisation, shuffling and dropout reproducible (Keras: `keras.utils.set_random_seed`). */
export function setRandomSeed(seed: number): void {
  if (!Number.isFinite(seed)) throw new RangeError(`setRandomSeed expects a finite number, got ${seed}`);
  globalRandom = new Random(seed);
}

/** The generator that layers, initializers and `fit` draw from. */
export function getRandom(): Random {
  return globalRandom;
}

/**
 * Runs `f` with a throw-away generator in place of the global one, so that `f` (e.g. loading a model, whose
 * layers initialise weights that the file then overwrites) leaves the run's random stream untouched.
 */
export function withoutConsumingRandom<T>(f: () => T): T {
  const saved = globalRandom;
  globalRandom = new Random(0);
  try {
    return f();
  } finally {
    globalRandom = saved;
  }
}

// Weight regularizers (Keras regularizers/regularizers.py): a penalty added to the training loss and its
// gradient added to the weight's gradient. L1(l1 = 0.01): l1·Σ|w|; L2(l2 = 0.01): l2·Σw²; L1L2(0, 0): both.
import { ConfigError, checkOptions } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';

export class L1L2 {
  static className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: { l1?: number; l2?: number } = {}) {
    checkOptions('L1L2', args, ['l1', 'l2']);
    this.l1 = args.l1 ?? 0;
    this.l2 = args.l2 ?? 0;
    if (!(this.l1 >= 0 && this.l2 >= 0)) throw new ConfigError(`L1L2: l1 and l2 must be >= 0, got ${this.l1}, ${this.l2}`);
  }

  /** Returns the penalty of w and adds its gradient into g. */
  apply(w: FloatArray, g: FloatArray): number {
    let penalty = 0;
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      penalty += this.l1 * Math.abs(v) + this.l2 * v * v;
      g[i] += this.l1 * Math.sign(v) + 2 * this.l2 * v;
    }
    return penalty;
  }

  /** The penalty of w alone. */
  penalty(w: FloatArray): number {
    let p = 0;
    for (let i = 0; i < w.length; i++) p += this.l1 * Math.abs(w[i]) + this.l2 * w[i] * w[i];
    return p;
  }

  getClassName(): string {
    return (this.constructor as typeof L1L2).className;
  }

  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

export class L1 extends L1L2 {
  static override className = 'L1';
  constructor(args: { l1?: number } = {}) {
    checkOptions('L1', args, ['l1']);
    super({ l1: args.l1 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

export class L2 extends L1L2 {
  static override className = 'L2';
  constructor(args: { l2?: number } = {}) {
    checkOptions('L2', args, ['l2']);
    super({ l2: args.l2 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

export type RegularizerIdentifier = L1L2 | 'l1' | 'l2' | 'l1_l2' | { className: string; config?: Record<string, unknown> };

export const regularizers = {
  l1: (args?: { l1?: number }) => new L1(args),
  l2: (args?: { l2?: number }) => new L2(args),
  l1l2: (args?: { l1?: number; l2?: number }) => new L1L2(args),
};

/** 'l1' | 'l2' | 'l1_l2' (Keras defaults), an instance, a {className, config} spec, or null/undefined. */
export function getRegularizer(id: RegularizerIdentifier | null | undefined): L1L2 | null {
  if (id === null || id === undefined) return null;
  if (id instanceof L1L2) return id;
  if (typeof id === 'string') {
    const key = id.replace(/_/g, '').toLowerCase();
    if (key === 'l1') return new L1();
    if (key === 'l2') return new L2();
    if (key === 'l1l2') return new L1L2();
    throw new ConfigError(`Unknown regularizer '${id}'. Known: l1, l2, l1_l2`);
  }
  const byName: Record<string, new (c: Record<string, number>) => L1L2> = { L1, L2, L1L2 };
  const Cls = byName[id?.className];
  if (!Cls) throw new ConfigError(`Unknown regularizer ${JSON.stringify(id)}. Known: L1, L2, L1L2`);
  return new Cls((id.config ?? {}) as Record<string, number>);
}

/** `{ className, config }` or null, for getConfig(). */
export function serializeRegularizer(r: L1L2 | null): { className: string; config: Record<string, unknown> } | null {
  return r ? { className: r.getClassName(), config: r.getConfig() } : null;
}

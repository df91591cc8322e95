// KerasTuner's HyperParameters (keras_tuner/engine/hyperparameters): a search space declared while a model is
// built. `hp.Int('units', 8, 64, { step: 8 })` registers the hyperparameter (first call) and returns its value in
// the current trial (its default when none is set); `Float` (linear, log or reverse_log sampling), `Choice`,
// `Boolean` and `Fixed` likewise. `conditionalScope(parent, values, fn)` declares hyperparameters that only
// exist while `parent` takes one of `values` (inactive ones are neither sampled nor reported).
import { checkOptions, ConfigError, ValueError } from '../errors.js';

export type HpValue = number | string | boolean;
export type Sampling = 'linear' | 'log' | 'reverse_log';

interface Condition {
  name: string;
  values: HpValue[];
}

export type HpSpec =
  | { kind: 'int'; name: string; minValue: number; maxValue: number; step: number | null; sampling: Sampling; default: number; conditions: Condition[] }
  | { kind: 'float'; name: string; minValue: number; maxValue: number; step: number | null; sampling: Sampling; default: number; conditions: Condition[] }
  | { kind: 'choice'; name: string; values: HpValue[]; ordered: boolean; default: HpValue; conditions: Condition[] }
  | { kind: 'boolean'; name: string; default: boolean; conditions: Condition[] }
  | { kind: 'fixed'; name: string; value: HpValue; default: HpValue; conditions: Condition[] };

export interface IntOptions { step?: number; sampling?: Sampling; default?: number }
export interface FloatOptions { step?: number; sampling?: Sampling; default?: number }
export interface ChoiceOptions { ordered?: boolean; default?: HpValue }

export class HyperParameters {
  /** The current trial's values (unset ones read as defaults). */
  values: Record<string, HpValue> = {};
  private scopes: Condition[] = [];

  /** @param space the declared search space, in declaration order (shared with copies made by `withValues`). */
  constructor(readonly space: HpSpec[] = []) {}

  /** An integer in [minValue, maxValue] (both included), on a grid of `step` when given; log sampling needs minValue > 0. */
  Int(name: string, minValue: number, maxValue: number, options: IntOptions = {}): number {
    checkOptions('HyperParameters.Int', options, ['step', 'sampling', 'default']);
    if (!Number.isInteger(minValue) || !Number.isInteger(maxValue) || minValue > maxValue) throw new ConfigError(`Int '${name}': needs integers minValue ≤ maxValue, got ${minValue}, ${maxValue}`);
    checkSampling(name, options.sampling, minValue);
    return this.register({ kind: 'int', name, minValue, maxValue, step: options.step ?? null, sampling: options.sampling ?? 'linear', default: options.default ?? minValue, conditions: [...this.scopes] }) as number;
  }

  /** A float in [minValue, maxValue]; `sampling: 'log'` spreads trials evenly over orders of magnitude. */
  Float(name: string, minValue: number, maxValue: number, options: FloatOptions = {}): number {
    checkOptions('HyperParameters.Float', options, ['step', 'sampling', 'default']);
    if (!(Number.isFinite(minValue) && Number.isFinite(maxValue) && minValue <= maxValue)) throw new ConfigError(`Float '${name}': needs minValue ≤ maxValue, got ${minValue}, ${maxValue}`);
    checkSampling(name, options.sampling, minValue);
    return this.register({ kind: 'float', name, minValue, maxValue, step: options.step ?? null, sampling: options.sampling ?? 'linear', default: options.default ?? minValue, conditions: [...this.scopes] }) as number;
  }

  /** One of `values` (all numbers, all strings or all booleans); numbers are ordered unless `ordered: false`. */
  Choice<T extends HpValue>(name: string, values: T[], options: ChoiceOptions = {}): T {
    checkOptions('HyperParameters.Choice', options, ['ordered', 'default']);
    if (!Array.isArray(values) || values.length === 0) throw new ConfigError(`Choice '${name}': needs a non-empty list of values`);
    if (new Set(values.map((v) => typeof v)).size !== 1) throw new ConfigError(`Choice '${name}': values must all be numbers, strings or booleans, got ${JSON.stringify(values)}`);
    if (options.default !== undefined && !values.includes(options.default as T)) throw new ConfigError(`Choice '${name}': default ${JSON.stringify(options.default)} is not one of the values`);
    const ordered = options.ordered ?? typeof values[0] === 'number';
    return this.register({ kind: 'choice', name, values, ordered, default: options.default ?? values[0], conditions: [...this.scopes] }) as T;
  }

  Boolean(name: string, options: { default?: boolean } = {}): boolean {
    checkOptions('HyperParameters.Boolean', options, ['default']);
    return this.register({ kind: 'boolean', name, default: options.default ?? false, conditions: [...this.scopes] }) as boolean;
  }

  /** A value that is not searched (recorded with the trial). */
  Fixed<T extends HpValue>(name: string, value: T): T {
    return this.register({ kind: 'fixed', name, value, default: value, conditions: [...this.scopes] }) as T;
  }

  /** Declares (and reads) the hyperparameters of `fn` as active only while `parentName` ∈ `parentValues`. */
  conditionalScope<T>(parentName: string, parentValues: HpValue | HpValue[], fn: () => T): T {
    if (!this.space.some((s) => s.name === parentName)) throw new ConfigError(`conditionalScope: no hyperparameter '${parentName}' declared before it`);
    this.scopes.push({ name: parentName, values: Array.isArray(parentValues) ? parentValues : [parentValues] });
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** The current value of a declared hyperparameter. */
  get(name: string): HpValue {
    const spec = this.space.find((s) => s.name === name);
    if (!spec) throw new ValueError(`no hyperparameter '${name}'. Declared: ${this.space.map((s) => s.name).join(', ') || 'none'}`);
    return this.values[name] ?? spec.default;
  }

  /** Whether a hyperparameter's conditions hold under `values` (defaults for unset parents). */
  isActive(spec: HpSpec, values: Record<string, HpValue> = this.values): boolean {
    return spec.conditions.every((c) => {
      const parent = this.space.find((s) => s.name === c.name);
      return parent !== undefined && this.isActive(parent, values) && c.values.includes(values[c.name] ?? parent.default);
    });
  }

  /** The active values of the current trial (what trials report). */
  activeValues(): Record<string, HpValue> {
    return Object.fromEntries(this.space.filter((s) => this.isActive(s)).map((s) => [s.name, this.values[s.name] ?? s.default]));
  }

  /** A view with the same space (hyperparameters it declares join this one's space) and the given values. */
  withValues(values: Record<string, HpValue>): HyperParameters {
    const hp = new HyperParameters(this.space);
    hp.values = { ...values };
    return hp;
  }

  toJSON(): { space: HpSpec[]; values: Record<string, HpValue> } {
    return { space: this.space, values: this.values };
  }

  static fromJSON(state: { space: HpSpec[]; values: Record<string, HpValue> }): HyperParameters {
    const hp = new HyperParameters([...state.space]);
    hp.values = { ...state.values };
    return hp;
  }

  private register(spec: HpSpec): HpValue {
    const existing = this.space.find((s) => s.name === spec.name);
    if (existing && existing.kind !== spec.kind) throw new ConfigError(`hyperparameter '${spec.name}' declared twice with different kinds (${existing.kind}, ${spec.kind})`);
    if (!existing) this.space.push(spec);
    const s = existing ?? spec;
    return this.values[s.name] ?? s.default;
  }
}

function checkSampling(name: string, sampling: Sampling | undefined, minValue: number): void {
  if (sampling !== undefined && !['linear', 'log', 'reverse_log'].includes(sampling)) throw new ConfigError(`'${name}': sampling must be linear, log or reverse_log, got '${sampling}'`);
  if ((sampling === 'log' || sampling === 'reverse_log') && !(minValue > 0)) throw new ConfigError(`'${name}': ${sampling} sampling needs minValue > 0, got ${minValue}`);
}

/** Maps a hyperparameter's value to [0, 1] (the unit cube the oracles search), and back. */
export function toUnit(spec: HpSpec, value: HpValue): number {
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const { minValue: lo, maxValue: hi } = spec;
      if (hi === lo) return 0.5;
      const v = value as number;
      if (spec.sampling === 'log') return Math.log(v / lo) / Math.log(hi / lo);
      if (spec.sampling === 'reverse_log') return 1 - Math.log((hi + lo - v) / lo) / Math.log(hi / lo);
      return (v - lo) / (hi - lo);
    }
    case 'choice': return (spec.values.indexOf(value) + 0.5) / spec.values.length;
    case 'boolean': return value ? 0.75 : 0.25;
    case 'fixed': return 0.5;
  }
}

export function fromUnit(spec: HpSpec, u: number): HpValue {
  const x = Math.min(1, Math.max(0, u));
  switch (spec.kind) {
    case 'int':
    case 'float': {
      const { minValue: lo, maxValue: hi } = spec;
      let v = spec.sampling === 'log' ? lo * (hi / lo) ** x : spec.sampling === 'reverse_log' ? hi + lo - lo * (hi / lo) ** (1 - x) : lo + x * (hi - lo);
      if (spec.step) v = lo + Math.round((v - lo) / spec.step) * spec.step;
      if (spec.kind === 'int') v = Math.round(v);
      return Math.min(hi, Math.max(lo, v));
    }
    case 'choice': return spec.values[Math.min(spec.values.length - 1, Math.floor(x * spec.values.length))];
    case 'boolean': return x >= 0.5;
    case 'fixed': return spec.value;
  }
}

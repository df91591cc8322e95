// Learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py): functions of the
// optimizer's step counter (`iterations`, 0 for the first update), usable as an optimizer's learningRate.
import { ConfigError, checkOptions } from '../errors.js';

export abstract class LearningRateSchedule {
  static className = 'LearningRateSchedule';
  /** The learning rate for update number `step` (0-based). */
  abstract call(step: number): number;
  abstract getConfig(): Record<string, unknown>;
  getClassName(): string {
    return (this.constructor as typeof LearningRateSchedule).className;
  }
}

function positive(owner: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new ConfigError(`${owner}: ${name} must be a finite number > 0, got ${String(v)}`);
  return v;
}

export interface ExponentialDecayArgs { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }

/** lr₀·rate^(step/decaySteps) (the exponent floored when staircase). */
export class ExponentialDecay extends LearningRateSchedule {
  static override className = 'ExponentialDecay';
  constructor(readonly args: ExponentialDecayArgs) {
    super();
    checkOptions('ExponentialDecay', args, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
    positive('ExponentialDecay', 'initialLearningRate', args.initialLearningRate);
    positive('ExponentialDecay', 'decaySteps', args.decaySteps);
    positive('ExponentialDecay', 'decayRate', args.decayRate);
  }
  call(step: number): number {
    const p = step / this.args.decaySteps;
    return this.args.initialLearningRate * Math.pow(this.args.decayRate, this.args.staircase ? Math.floor(p) : p);
  }
  getConfig(): Record<string, unknown> {
    return { staircase: false, ...this.args };
  }
}

export interface InverseTimeDecayArgs { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }

/** lr₀/(1 + rate·step/decaySteps) (the ratio floored when staircase). */
export class InverseTimeDecay extends LearningRateSchedule {
  static override className = 'InverseTimeDecay';
  constructor(readonly args: InverseTimeDecayArgs) {
    super();
    checkOptions('InverseTimeDecay', args, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
    positive('InverseTimeDecay', 'initialLearningRate', args.initialLearningRate);
    positive('InverseTimeDecay', 'decaySteps', args.decaySteps);
    if (!(args.decayRate >= 0)) throw new ConfigError(`InverseTimeDecay: decayRate must be >= 0, got ${args.decayRate}`);
  }
  call(step: number): number {
    const p = step / this.args.decaySteps;
    return this.args.initialLearningRate / (1 + this.args.decayRate * (this.args.staircase ? Math.floor(p) : p));
  }
  getConfig(): Record<string, unknown> {
    return { staircase: false, ...this.args };
  }
}

export interface CosineDecayArgs { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number | null; warmupSteps?: number }

/**
 * Cosine decay from lr₀ (or from warmupTarget after a linear warm-up of warmupSteps) to alpha·lr over
 * decaySteps: lr·((1−α)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + α).
 */
export class CosineDecay extends LearningRateSchedule {
  static override className = 'CosineDecay';
  constructor(readonly args: CosineDecayArgs) {
    super();
    checkOptions('CosineDecay', args, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
    if (!(args.initialLearningRate >= 0)) throw new ConfigError(`CosineDecay: initialLearningRate must be >= 0, got ${args.initialLearningRate}`);
    positive('CosineDecay', 'decaySteps', args.decaySteps);
  }
  private decay(step: number, from: number): number {
    const alpha = this.args.alpha ?? 0;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (step / this.args.decaySteps)));
    return from * ((1 - alpha) * cosine + alpha);
  }
  call(step: number): number {
    const { initialLearningRate: lr0, decaySteps, warmupTarget = null, warmupSteps = 0 } = this.args;
    if (warmupTarget === null) return this.decay(Math.min(step, decaySteps), lr0);
    const s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) return (warmupTarget - lr0) * (s / warmupSteps) + lr0;
    return this.decay(s - warmupSteps, warmupTarget);
  }
  getConfig(): Record<string, unknown> {
    return { alpha: 0, warmupTarget: null, warmupSteps: 0, ...this.args };
  }
}

export interface PiecewiseConstantDecayArgs { boundaries: number[]; values: number[] }

/** values[0] while step ≤ boundaries[0], values[i] while boundaries[i−1] < step ≤ boundaries[i], the last value after. */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override className = 'PiecewiseConstantDecay';
  constructor(readonly args: PiecewiseConstantDecayArgs) {
    super();
    checkOptions('PiecewiseConstantDecay', args, ['boundaries', 'values']);
    const { boundaries, values } = args;
    if (!Array.isArray(boundaries) || !Array.isArray(values) || values.length !== boundaries.length + 1) {
      throw new ConfigError('PiecewiseConstantDecay: values must have exactly one more element than boundaries');
    }
    if (boundaries.some((b, i) => i > 0 && b <= boundaries[i - 1])) throw new ConfigError('PiecewiseConstantDecay: boundaries must increase');
  }
  call(step: number): number {
    const { boundaries, values } = this.args;
    for (let i = 0; i < boundaries.length; i++) if (step <= boundaries[i]) return values[i];
    return values[values.length - 1];
  }
  getConfig(): Record<string, unknown> {
    return { boundaries: [...this.args.boundaries], values: [...this.args.values] };
  }
}

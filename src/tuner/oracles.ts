// How the tuners choose the next trial (KerasTuner's oracles): random sampling of the active hyperparameters;
// Bayesian optimization — a Gaussian process (Matérn 5/2 kernel on the unit cube, observations standardised,
// noise `alpha`) fitted to the scores so far, the next point the lowest confidence bound mean − beta·std among
// random candidates; and Hyperband's brackets of successive halving (keras_tuner/tuners/hyperband.py). Every
// choice is a pure function of the recorded trials and the seed, so a resumed search continues identically.
import { fromUnit, toUnit, type HpSpec, type HpValue, type HyperParameters } from './hyperparameters.js';

export interface TrialRecord {
  trialId: string;
  values: Record<string, HpValue>;
  status: 'COMPLETED' | 'FAILED';
  /** The objective (best epoch, mean over executions); null when failed. */
  score: number | null;
  bestStep: number | null;
  metrics: Record<string, number>;
  /** Epochs the trial trained (Hyperband sets it). */
  epochs?: number;
  bracket?: number;
  round?: number;
  error?: string;
}

/** mulberry32 — a small seeded generator (the tuner never touches the library's global random stream). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (values: Record<string, HpValue>) => JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));

/** Random values for the active hyperparameters (parents first, so conditions see their parents' values). */
export function sampleValues(hp: HyperParameters, rand: () => number): Record<string, HpValue> {
  const values: Record<string, HpValue> = {};
  for (const spec of hp.space) if (hp.isActive(spec, values)) values[spec.name] = fromUnit(spec, rand());
  return Object.fromEntries(Object.entries(values).filter(([name]) => hp.isActive(hp.space.find((s) => s.name === name)!, values)));
}

/** A random configuration not tried yet, or null when 100 draws found none (the space is exhausted). */
export function randomUnseen(hp: HyperParameters, trials: TrialRecord[], rand: () => number): Record<string, HpValue> | null {
  const seen = new Set(trials.map((t) => key(t.values)));
  for (let i = 0; i < 100; i++) {
    const v = sampleValues(hp, rand);
    if (!seen.has(key(v))) return v;
  }
  return null;
}

/** The unit-cube point of a configuration (inactive hyperparameters at 0.5). */
function point(space: HpSpec[], values: Record<string, HpValue>): number[] {
  return space.filter((s) => s.kind !== 'fixed').map((s) => (values[s.name] === undefined ? 0.5 : toUnit(s, values[s.name])));
}

function matern52(a: number[], b: number[], length: number): number {
  const r = Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0)) / length;
  const k = Math.sqrt(5) * r;
  return (1 + k + (k * k) / 3) * Math.exp(-k);
}

/** Cholesky factor of a symmetric positive-definite matrix (lower triangle). */
function cholesky(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map(() => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j][j];
    }
  }
  return L;
}

function solveLower(L: number[][], b: number[]): number[] {
  const x = [...b];
  for (let i = 0; i < x.length; i++) { for (let k = 0; k < i; k++) x[i] -= L[i][k] * x[k]; x[i] /= L[i][i]; }
  return x;
}

function solveUpper(L: number[][], b: number[]): number[] {
  const x = [...b];
  for (let i = x.length - 1; i >= 0; i--) { for (let k = i + 1; k < x.length; k++) x[i] -= L[k][i] * x[k]; x[i] /= L[i][i]; }
  return x;
}

/**
 * The next configuration of Bayesian optimization: random until `numInitialPoints` trials completed, then the
 * lowest confidence bound of a Gaussian process over 2000 random unseen candidates. `sign` is +1 to minimise the
 * scores, −1 to maximise them.
 */
export function bayesianNext(hp: HyperParameters, trials: TrialRecord[], rand: () => number, options: { numInitialPoints: number; alpha: number; beta: number; sign: number }): Record<string, HpValue> | null {
  const done = trials.filter((t) => t.status === 'COMPLETED' && t.score !== null && Number.isFinite(t.score));
  if (done.length < options.numInitialPoints) return randomUnseen(hp, trials, rand);
  const X = done.map((t) => point(hp.space, t.values));
  const yRaw = done.map((t) => options.sign * t.score!);
  const mean = yRaw.reduce((s, v) => s + v, 0) / yRaw.length;
  const std = Math.sqrt(yRaw.reduce((s, v) => s + (v - mean) ** 2, 0) / yRaw.length) || 1;
  const y = yRaw.map((v) => (v - mean) / std);
  const length = Math.max(0.2, Math.sqrt(X[0].length) * 0.3);
  const K = X.map((a, i) => X.map((b, j) => matern52(a, b, length) + (i === j ? options.alpha + 1e-6 : 0)));
  const L = cholesky(K);
  const alphaVec = solveUpper(L, solveLower(L, y));
  let best: Record<string, HpValue> | null = null, bestLcb = Infinity;
  const seen = new Set(trials.map((t) => key(t.values)));
  for (let c = 0; c < 2000; c++) {
    const values = sampleValues(hp, rand);
    if (seen.has(key(values))) continue;
    const x = point(hp.space, values);
    const k = X.map((a) => matern52(a, x, length));
    const mu = k.reduce((s, v, i) => s + v * alphaVec[i], 0);
    const v = solveLower(L, k);
    const sigma = Math.sqrt(Math.max(1e-12, 1 - v.reduce((s, q) => s + q * q, 0)));
    const lcb = mu - options.beta * sigma;
    if (lcb < bestLcb) { bestLcb = lcb; best = values; }
  }
  return best;
}

export interface HyperbandStep {
  values: Record<string, HpValue>;
  epochs: number;
  bracket: number;
  round: number;
}

/** The brackets of Hyperband: for s = sMax … 0, n configurations at maxEpochs·factor^−s epochs, then the best 1/factor at factor× the epochs. */
export function hyperbandBrackets(maxEpochs: number, factor: number): { s: number; rounds: { n: number; epochs: number }[] }[] {
  const sMax = Math.max(0, Math.floor(Math.log(maxEpochs) / Math.log(factor) + 1e-9));
  const out = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) / (s + 1)) * factor ** s);
    const rounds = [];
    for (let i = 0; i <= s; i++) rounds.push({ n: Math.max(1, Math.floor(n / factor ** i)), epochs: Math.max(1, Math.round(maxEpochs / factor ** (s - i))) });
    out.push({ s, rounds });
  }
  return out;
}

/** The next Hyperband trial given those recorded (bracket by bracket, round by round), or null when all are done. */
export function hyperbandNext(hp: HyperParameters, trials: TrialRecord[], rand: () => number, options: { maxEpochs: number; factor: number; iterations: number; sign: number }): HyperbandStep | null {
  const brackets = hyperbandBrackets(options.maxEpochs, options.factor);
  for (let it = 0; it < options.iterations; it++) {
    for (const [b, { rounds }] of brackets.entries()) {
      const bracket = it * brackets.length + b;
      for (const [r, round] of rounds.entries()) {
        const here = trials.filter((t) => t.bracket === bracket && t.round === r);
        if (here.length >= round.n) continue;
        if (r === 0) {
          const values = randomUnseen(hp, trials.filter((t) => t.bracket === bracket), rand);
          return values ? { values, epochs: round.epochs, bracket, round: r } : null;
        }
        // the best of the previous round not yet promoted
        const previous = trials.filter((t) => t.bracket === bracket && t.round === r - 1 && t.status === 'COMPLETED' && t.score !== null)
          .sort((a, c) => options.sign * (a.score! - c.score!));
        const promoted = new Set(here.map((t) => key(t.values)));
        const next = previous.slice(0, round.n).find((t) => !promoted.has(key(t.values)));
        if (!next) break; // nothing left to promote in this bracket
        return { values: next.values, epochs: round.epochs, bracket, round: r };
      }
    }
  }
  return null;
}

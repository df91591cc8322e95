// KerasTuner's tuners (keras_tuner/engine/tuner.py, tuners/*.py) over the library's models (Sequential or graph):
// `buildModel(hp)` returns a compiled model; `search(x, y, fitArgs)` runs trials — each builds a model with the
// oracle's values and fits it `executionsPerTrial` times (its score: the best epoch's objective, averaged over
// the executions; callbacks such as EarlyStopping pass through to fit) — and records them. With `directory`, the
// state (oracle.json: the space and every trial) and each trial's best model (trial_<id>/model) are written
// after every trial, so a search interrupted or rerun with a larger `maxTrials` resumes where it stopped
// (`overwrite: true` starts afresh). Node only when a directory is used.
import { checkOptions, ConfigError, ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import type { FitArgs } from '../models/fit.js';
import { setRandomSeed } from '../random/random.js';
import type { TensorLike } from '../tensor/tensor.js';
import { HyperParameters, type HpSpec, type HpValue } from './hyperparameters.js';
import { bayesianNext, hyperbandNext, randomUnseen, seededRandom, type TrialRecord } from './oracles.js';

/** What to optimise: a logged metric name and whether lower or higher is better. */
export class Objective {
  constructor(readonly name: string, readonly direction: 'min' | 'max') {
    if (direction !== 'min' && direction !== 'max') throw new ConfigError(`Objective direction must be 'min' or 'max', got '${direction}'`);
  }

  /** KerasTuner's inference from a name: losses and errors are minimised, anything else (accuracy, auc…) maximised. */
  static from(objective: string | Objective): Objective {
    if (objective instanceof Objective) return objective;
    return new Objective(objective, /loss|error|mae|mse|rmse|mape/i.test(objective) ? 'min' : 'max');
  }
}

export interface TunerOptions {
  /** Builds and compiles a model for the values in `hp`. */
  hypermodel: (hp: HyperParameters) => Model;
  /** Default 'val_loss'. */
  objective?: string | Objective;
  /** Trials in all (RandomSearch, BayesianOptimization); default 10. */
  maxTrials?: number;
  /** Fits per trial, averaged (less noise); default 1. */
  executionsPerTrial?: number;
  seed?: number;
  /** Where the state lives (with projectName); none keeps everything in memory. */
  directory?: string;
  projectName?: string;
  /** Discard a saved state instead of resuming it. */
  overwrite?: boolean;
  /** Pre-declared hyperparameters (values fixed here are not searched). */
  hyperparameters?: HyperParameters;
}

const tunerKeys = ['hypermodel', 'objective', 'maxTrials', 'executionsPerTrial', 'seed', 'directory', 'projectName', 'overwrite', 'hyperparameters'];

interface State {
  format: 'rnnkit-tuner';
  tuner: string;
  objective: { name: string; direction: 'min' | 'max' };
  space: HpSpec[];
  trials: TrialRecord[];
}

export abstract class Tuner {
  readonly objective: Objective;
  readonly maxTrials: number;
  readonly executionsPerTrial: number;
  readonly seed: number;
  readonly hypermodel: (hp: HyperParameters) => Model;
  /** The search space, declared by a first build with default values. */
  readonly hyperparameters: HyperParameters;
  trials: TrialRecord[] = [];
  private readonly models = new Map<string, Model>();
  private loaded = false;

  constructor(protected readonly options: TunerOptions, extraKeys: string[] = []) {
    checkOptions(this.constructor.name, options, [...tunerKeys, ...extraKeys]);
    if (typeof options.hypermodel !== 'function') throw new ConfigError(`${this.constructor.name} needs a hypermodel: a function (hp) => compiled model`);
    this.hypermodel = options.hypermodel;
    this.objective = Objective.from(options.objective ?? 'val_loss');
    this.maxTrials = options.maxTrials ?? 10;
    this.executionsPerTrial = options.executionsPerTrial ?? 1;
    this.seed = options.seed ?? 42;
    for (const [k, v] of [['maxTrials', this.maxTrials], ['executionsPerTrial', this.executionsPerTrial]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${k} must be a positive integer, got ${v}`);
    }
    this.hyperparameters = options.hyperparameters ?? new HyperParameters();
  }

  /** −1 when higher is better: scores compare as sign·score, lower first. */
  protected get sign(): number {
    return this.objective.direction === 'min' ? 1 : -1;
  }

  /** The next trial's values (and epochs), or null when the search is done. */
  protected abstract next(rand: () => number): { values: Record<string, HpValue>; epochs?: number; bracket?: number; round?: number } | null;

  /** Runs trials until the oracle stops; `fitArgs` go to every fit (epochs, batchSize, validationSplit / validationData, callbacks). */
  async search(x: TensorLike, y: TensorLike, fitArgs: FitArgs = {}): Promise<void> {
    await this.reload();
    if (this.hyperparameters.space.length === 0) this.hypermodel(this.hyperparameters); // declares the space
    while (true) {
      const rand = seededRandom(this.seed * 7919 + this.trials.length);
      const step = this.next(rand);
      if (!step) break;
      const trialId = String(this.trials.length).padStart(2, '0');
      const record: TrialRecord = { trialId, values: step.values, status: 'COMPLETED', score: null, bestStep: null, metrics: {}, ...(step.epochs ? { epochs: step.epochs, bracket: step.bracket, round: step.round } : {}) };
      try {
        const { score, bestStep, metrics, model, used } = await this.runTrial(step.values, x, y, { ...fitArgs, ...(step.epochs ? { epochs: step.epochs } : {}) }, this.trials.length);
        Object.assign(record, { score, bestStep, metrics, values: used });
        this.models.set(trialId, model);
        await this.saveModel(trialId, model);
      } catch (e) {
        if (e instanceof ValueError && /objective/.test(e.message)) throw e;
        Object.assign(record, { status: 'FAILED', error: (e as Error).message });
      }
      this.trials.push(record);
      await this.saveState();
    }
  }

  private async runTrial(values: Record<string, HpValue>, x: TensorLike, y: TensorLike, fitArgs: FitArgs, index: number) {
    const scores: number[] = [];
    let best: { model: Model; score: number; step: number; metrics: Record<string, number> } | null = null;
    let used = values;
    for (let e = 0; e < this.executionsPerTrial; e++) {
      setRandomSeed(this.seed + 1000 * index + e);
      const hp = this.hyperparameters.withValues(values);
      const model = this.hypermodel(hp);
      used = hp.activeValues(); // includes hyperparameters first declared by this build (at their defaults)
      const history = await model.fit(x, y, fitArgs);
      const curve = history.history[this.objective.name];
      if (!curve) throw new ValueError(`the objective '${this.objective.name}' was not logged; logged: ${Object.keys(history.history).join(', ')} (give validation data for val_ metrics)`);
      let step = 0;
      curve.forEach((v, i) => { if (this.sign * v < this.sign * curve[step]) step = i; });
      scores.push(curve[step]);
      if (!best || this.sign * curve[step] < this.sign * best.score) {
        best = { model, score: curve[step], step, metrics: Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v[Math.min(step, v.length - 1)]])) };
      }
    }
    return { score: scores.reduce((s, v) => s + v, 0) / scores.length, bestStep: best!.step, metrics: best!.metrics, model: best!.model, used };
  }

  /** Completed trials, best first. */
  protected ranked(): TrialRecord[] {
    return this.trials.filter((t) => t.status === 'COMPLETED' && t.score !== null).sort((a, b) => this.sign * (a.score! - b.score!));
  }

  /** The values of the best `numTrials` trials, as HyperParameters (best first). */
  getBestHyperparameters(numTrials = 1): HyperParameters[] {
    return this.ranked().slice(0, numTrials).map((t) => this.hyperparameters.withValues(t.values));
  }

  /** The best `numModels` trained models (best first): kept in memory, or loaded from the state directory. */
  async getBestModels(numModels = 1): Promise<Model[]> {
    const out: Model[] = [];
    for (const t of this.ranked().slice(0, numModels)) {
      let model = this.models.get(t.trialId);
      if (!model && this.dir) {
        const { loadModel } = await import('../io/save_load.js');
        const { path } = await (await import('../io/files.js')).nodeModules();
        model = await loadModel(path.join(this.dir, `trial_${t.trialId}`, 'model'));
      }
      if (!model) throw new ValueError(`the model of trial ${t.trialId} is neither in memory nor in a state directory`);
      out.push(model);
    }
    return out;
  }

  /** KerasTuner's results summary: the best trials with their values and scores. */
  resultsSummary(numTrials = 10): string {
    const lines = [`Results summary (${this.constructor.name}, ${this.trials.length} trials)`, `Objective: ${this.objective.name} (${this.objective.direction})`];
    for (const t of this.ranked().slice(0, numTrials)) {
      lines.push('', `Trial ${t.trialId} summary`, 'Hyperparameters:');
      for (const [k, v] of Object.entries(t.values)) lines.push(`${k}: ${v}`);
      if (t.epochs) lines.push(`epochs: ${t.epochs}`);
      lines.push(`Score: ${t.score}`);
    }
    const failed = this.trials.filter((t) => t.status === 'FAILED').length;
    if (failed) lines.push('', `${failed} trial(s) failed`);
    return lines.join('\n');
  }

  private get dir(): string | null {
    if (!this.options.directory) return null;
    return `${this.options.directory}/${this.options.projectName ?? 'untitled_project'}`;
  }

  /** Loads a saved state (unless overwrite); called by search. */
  async reload(): Promise<void> {
    if (this.loaded || !this.dir) { this.loaded = true; return; }
    this.loaded = true;
    const { nodeModules } = await import('../io/files.js');
    const { fs, path } = await nodeModules();
    const file = path.join(this.dir, 'oracle.json');
    if (this.options.overwrite) { await fs.rm(this.dir, { recursive: true, force: true }); return; }
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return; // a new search
    }
    const state = JSON.parse(text) as State;
    if (state.format !== 'rnnkit-tuner') throw new ValueError(`${file}: not an rnnkit tuner state`);
    if (state.tuner !== this.constructor.name) throw new ValueError(`${file}: the state of a ${state.tuner}, not a ${this.constructor.name} (use overwrite: true to start afresh)`);
    if (state.objective.name !== this.objective.name) throw new ValueError(`${file}: searched for '${state.objective.name}', not '${this.objective.name}' (use overwrite: true)`);
    this.trials = state.trials;
    if (this.hyperparameters.space.length === 0) this.hyperparameters.space.push(...state.space);
  }

  private async saveState(): Promise<void> {
    if (!this.dir) return;
    const { writeJsonAtomic, nodeModules } = await import('../io/files.js');
    const { fs, path } = await nodeModules();
    await fs.mkdir(this.dir, { recursive: true });
    const state: State = { format: 'rnnkit-tuner', tuner: this.constructor.name, objective: { name: this.objective.name, direction: this.objective.direction }, space: this.hyperparameters.space, trials: this.trials };
    await writeJsonAtomic(path.join(this.dir, 'oracle.json'), state, 1);
  }

  private async saveModel(trialId: string, model: Model): Promise<void> {
    if (!this.dir) return;
    const { path } = await (await import('../io/files.js')).nodeModules();
    await model.save(path.join(this.dir, `trial_${trialId}`, 'model'));
  }
}

/** Random search: `maxTrials` configurations drawn uniformly (log-uniformly for log sampling). */
export class RandomSearch extends Tuner {
  constructor(options: TunerOptions) {
    super(options);
  }

  protected next(rand: () => number) {
    if (this.trials.length >= this.maxTrials) return null;
    const values = randomUnseen(this.hyperparameters, this.trials, rand);
    return values ? { values } : null;
  }
}

export interface BayesianOptions extends TunerOptions {
  /** Random trials before the Gaussian process guides the search; default max(3, 2·dimensions). */
  numInitialPoints?: number;
  /** Observation noise added to the kernel's diagonal; default 1e-4. */
  alpha?: number;
  /** Exploration weight of the confidence bound; default 2.6 (KerasTuner's). */
  beta?: number;
}

/** Bayesian optimization with a Gaussian process (see oracles.ts). */
export class BayesianOptimization extends Tuner {
  constructor(readonly bayes: BayesianOptions) {
    super(bayes, ['numInitialPoints', 'alpha', 'beta']);
  }

  protected next(rand: () => number) {
    if (this.trials.length >= this.maxTrials) return null;
    const dims = this.hyperparameters.space.filter((s) => s.kind !== 'fixed').length;
    const values = bayesianNext(this.hyperparameters, this.trials, rand, {
      numInitialPoints: this.bayes.numInitialPoints ?? Math.max(3, 2 * dims), alpha: this.bayes.alpha ?? 1e-4, beta: this.bayes.beta ?? 2.6, sign: this.sign,
    });
    return values ? { values } : null;
  }
}

export interface HyperbandOptions extends Omit<TunerOptions, 'maxTrials'> {
  /** Epochs of the longest-trained configurations (required). */
  maxEpochs: number;
  /** Reduction factor between rounds; default 3. */
  factor?: number;
  /** Times the whole set of brackets runs; default 1. */
  hyperbandIterations?: number;
}

/**
 * Hyperband (Li et al. 2018): many configurations on few epochs, the best promoted to more (see oracles.ts).
 * Keras: KerasTuner resumes a promoted configuration from its checkpoint (initial_epoch); here it trains from
 * scratch for the round's epochs, which costs more but keeps trials independent and the state a plain list.
 */
export class Hyperband extends Tuner {
  constructor(readonly hb: HyperbandOptions) {
    super({ ...hb, maxTrials: Number.MAX_SAFE_INTEGER }, ['maxEpochs', 'factor', 'hyperbandIterations']);
    if (!Number.isInteger(hb.maxEpochs) || hb.maxEpochs < 1) throw new ConfigError(`Hyperband needs maxEpochs, a positive integer; got ${hb.maxEpochs}`);
    if (hb.factor !== undefined && !(hb.factor >= 2)) throw new ConfigError(`factor must be ≥ 2, got ${hb.factor}`);
  }

  protected next(rand: () => number) {
    return hyperbandNext(this.hyperparameters, this.trials, rand, { maxEpochs: this.hb.maxEpochs, factor: this.hb.factor ?? 3, iterations: this.hb.hyperbandIterations ?? 1, sign: this.sign });
  }
}

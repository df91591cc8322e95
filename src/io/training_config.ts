// What `compile` set, as model files store it (TF.js `trainingConfig`, Keras 3 `compile_config`):
// {optimizer_config: {class_name, config}, loss, metrics}. Reading (compile_config.ts) accepts every form Keras 2,
// Keras 3 and TF.js wrote, with Keras 2 names ('lr'), and ignores optimizer options rnnkit does not have (ema …).
import { getMetric } from '../metrics/metrics.js';
import type { Model } from '../models/model.js';
import { compileArgsFromFile, lossFromFile, metricsFromFile, optimizerFromFile } from './compile_config.js';
import { toSnakeCase } from './names.js';

export interface TrainingConfig {
  optimizer_config: { class_name: string; config: Record<string, unknown> };
  loss: unknown;
  metrics?: unknown;
  /** Several outputs: the weight of each output's loss, by output name. */
  loss_weights?: Record<string, number> | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Keras spells Adam's betas beta_1 / beta_2 (TF.js reads them back as beta1 / beta2)
const fileKey = (k: string): string => (/^beta[12]$/.test(k) ? `beta_${k[4]}` : toSnakeCase(k));

function snakeKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [fileKey(k), v]));
}

/** The model's compile settings in file form, or null when it is not compiled. */
export function trainingConfigOf(model: Model): TrainingConfig | null {
  if (!model.optimizer || !model.loss) return null;
  const config = model.optimizer.getConfig();
  const lr = config.learningRate;
  const fileConfig = snakeKeys(config);
  if (isObject(lr)) fileConfig.learning_rate = { class_name: lr.className, config: snakeKeys(lr.config as Record<string, unknown>) };
  const optimizer_config = { class_name: model.optimizer.getClassName(), config: fileConfig };
  const outputs = model.trainer.outputs!;
  if (outputs.length === 1) return { optimizer_config, loss: model.loss.name, metrics: model.metrics.map((m) => m.name) };
  // several outputs: Keras's dicts keyed by output name
  const names = model.outputNames;
  const byName = <T>(f: (o: (typeof outputs)[number]) => T): Record<string, T> => Object.fromEntries(outputs.map((o, i) => [names[i], f(o)]));
  return {
    optimizer_config,
    loss: byName((o) => o.loss?.name ?? null),
    metrics: byName((o) => o.metrics.map((m) => (typeof m === 'string' ? m : m.name))),
    loss_weights: byName((o) => o.weight),
  };
}

/** Several outputs: losses, metrics and loss weights per output (lists in output order or objects by name). */
function compileOutputsFromFile(model: Model, tc: Record<string, unknown>): void {
  const optimizer = optimizerFromFile(tc.optimizer_config ?? tc.optimizer);
  const names = model.outputNames;
  const perOutput = <T>(v: unknown, f: (x: unknown) => T): T[] | undefined => {
    if (Array.isArray(v) && v.length === names.length) return v.map(f);
    if (isObject(v) && !('class_name' in v)) return names.map((n) => f(v[n]));
    return undefined;
  };
  const loss = perOutput(tc.loss, (l) => (l === null || l === undefined ? null : lossFromFile(l)));
  if (!loss) throw new Error(`the losses ${JSON.stringify(tc.loss)?.slice(0, 120)} do not give one per output (${names.join(', ')})`);
  const metrics = perOutput(tc.metrics, (m) => metricsFromFile(m === undefined ? null : Array.isArray(m) ? m : [m], null).map((f) => f.id)) ?? names.map(() => []);
  const lossWeights = perOutput(tc.loss_weights, (w) => (typeof w === 'number' ? w : 1));
  model.compile({ optimizer, loss, metrics, ...(lossWeights ? { lossWeights } : {}) });
}

/**
 * Compiles `model` as the file's training config says (any form, see compile_config.ts); returns one warning
 * naming the unusable piece instead, leaving the model uncompiled, when the settings cannot be used.
 */
export function compileFromFile(model: Model, tc: unknown): string | null {
  try {
    if (model.outputs.length > 1 && isObject(tc)) {
      compileOutputsFromFile(model, tc);
      return null;
    }
    const { optimizer, loss, metrics } = compileArgsFromFile(tc);
    // resolve the metrics first so a bad name leaves the model uncompiled rather than half compiled
    const width = model.outputShape ? model.outputShape[model.outputShape.length - 1] : 1;
    const resolved = metrics.map(({ id, name }) => {
      const metric = getMetric(id, loss, width);
      metric.name = name;
      return metric;
    });
    model.compile({ optimizer, loss, metrics: resolved });
    return null;
  } catch (e) {
    return `the model is not compiled: its training config could not be used (${(e as Error).message})`;
  }
}

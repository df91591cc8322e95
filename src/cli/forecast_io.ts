// The forecasting CLI's inputs: flag parsers, config files (unknown keys rejected), CSV reading with the
// saved layout, output-path checks done before any work, forecaster loading with messages that say what is
// expected, and the season inferred from the time column.
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../errors.js';
import { readCsv, readCsvGroups, type Series } from '../forecast/csv.js';
import { inferFrequency, parseDates, seasonOf } from '../forecast/dates.js';
import { type CsvFormat, type Forecaster, type ForecastConfig } from '../forecast/forecaster.js';
import { loadForecastModel, type Ensemble, type ForecastModel } from '../forecast/ensemble.js';

export const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
export const char = (v: string) => {
  const c = v === '\\t' || v === 'tab' ? '\t' : v;
  if (c.length !== 1) throw new InvalidArgumentError(`expected one character, got '${v}'`);
  return c;
};
export const num = (v: string) => {
  const n = v.trim() === '' ? NaN : Number(v); // Number('') is 0
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${v}'`);
  return n;
};
export const int = (v: string) => {
  const n = num(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${v}'`);
  return n;
};

export type Options = Record<string, unknown>;
export const recipeKeys = ['recipe', 'target', 'features', 'lookback', 'horizon', 'stride', 'model', 'epochs', 'batchSize', 'optimizer', 'learningRate', 'validation', 'patience', 'normalize', 'difference', 'season', 'ensemble', 'seed'] as const;

/** Reads a text file; a missing file or a directory gets a message saying which file was expected. */
export async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`${what} '${file}' does not exist`);
    if (code === 'EISDIR') throw new ConfigError(`${what} '${file}' is a directory, not a file`);
    throw new ConfigError(`${what} '${file}': ${(e as Error).message}`);
  }
}

/** Config file values, then flags given on the command line. Unknown keys in the file are rejected. */
export async function merged(cmd: Command, opts: Options): Promise<Options> {
  let file: Options = {};
  if (typeof opts.config === 'string') {
    const text = await readText(opts.config, 'the --config file');
    try {
      file = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`${opts.config}: malformed JSON (${(e as Error).message})`);
    }
    if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new ConfigError(`${opts.config}: expected a JSON object of options, e.g. {"target": "value", "lookback": 8}`);
    const known = cmd.options.map((o) => o.attributeName()).filter((k) => k !== 'config');
    for (const k of Object.keys(file)) {
      if (!known.includes(k)) throw new ConfigError(`${opts.config}: unknown option '${k}'. Known options: ${known.join(', ')}`);
    }
    if (typeof file.target === 'string') file.target = [file.target];
    if (typeof file.features === 'string') file.features = [file.features];
  }
  const out: Options = { ...file };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined && cmd.getOptionValueSource(k) !== 'default') out[k] = v;
  if (out.difference === undefined && cmd.getOptionValueSource('difference') === 'default') delete out.difference;
  return out;
}

/** The recipe options; without --recipe, giving --model, --normalize or --difference means 'manual'. */
export function recipe(o: Options): ForecastConfig & { recipe: string } {
  if (!o.target) throw new ConfigError('--target is required (the column to forecast)');
  const config: Options = {};
  for (const k of recipeKeys) if (o[k] !== undefined) config[k] = o[k];
  config.recipe ??= ['model', 'normalize', 'difference'].some((k) => o[k] !== undefined) ? 'manual' : 'auto';
  return config as unknown as ForecastConfig & { recipe: string };
}

/** The season a time column suggests (dates: 12 monthly, 4 quarterly, 7 daily; fractional years: 1/step). */
export function inferSeason(time: string[] | null): number {
  if (!time || time.length < 3) return 1;
  const dates = parseDates(time);
  if (dates) return seasonOf(inferFrequency(dates.ms));
  const t = time.map(Number);
  if (!t.every(Number.isFinite)) return 1;
  const step = t[1] - t[0];
  const per = Math.round(1 / step);
  return step > 0 && step < 1 && [4, 12].includes(per) && Math.abs(per * step - 1) < 1e-6 && Math.abs(Math.floor(t[0]) - t[0]) < 1 ? per : 1;
}

/** Sets the season from the time column when it was not given, and says so. */
export function withSeason<C extends ForecastConfig>(config: C, series: Series, o: Options): C {
  if (config.season !== undefined) return config;
  const season = inferSeason(series.time);
  if (season > 1 && !o.json) console.error(`season ${season} (inferred from the time column; give --season to change it)`);
  return { ...config, season };
}

/** The CSV layout flags given (missing policy, delimiter, separators). */
export function csvFormat(o: Options): CsvFormat {
  const out: CsvFormat = {};
  for (const k of ['missing', 'delimiter', 'thousands', 'decimal'] as const) if (o[k] !== undefined) (out as Record<string, unknown>)[k] = o[k];
  if (typeof o.id === 'string') out.idColumn = o.id;
  return out;
}

export async function readSeries(file: string, o: Options): Promise<Series> {
  const columns = o.target || o.features ? [...new Set([...((o.target as string[]) ?? []), ...((o.features as string[]) ?? [])])] : undefined;
  return readCsv(await readText(file, 'the data file'), { columns, timeColumn: o.time as string | undefined, ...csvFormat(o), source: file });
}

/** The series of a long-format CSV (--id), with the recipe's columns. */
export async function readGroups(file: string, o: Options, columns?: string[], idColumn = o.id as string): Promise<{ id: string; series: Series }[]> {
  const cols = columns ?? (o.target || o.features ? [...new Set([...((o.target as string[]) ?? []), ...((o.features as string[]) ?? [])])] : undefined);
  const { idColumn: _, ...format } = csvFormat(o);
  return readCsvGroups(await readText(file, 'the data file'), { columns: cols, timeColumn: o.time as string | undefined, ...format, idColumn, source: file });
}

/** A CSV read as the forecaster's training file was (columns, time column, layout, missing policy); flags override. */
export async function readForForecaster(file: string, f: ForecastModel, o: Options): Promise<Series> {
  const format = { ...f.csv, ...csvFormat(o) };
  return readCsv(await readText(file, 'the data file'), { columns: f.columns, timeColumn: (o.time as string | undefined) ?? f.timeColumn ?? undefined, ...format, source: file });
}

/** Checks output paths before any work: chart and result extensions, and that their folders exist. */
export async function checkOutputs(o: Options): Promise<void> {
  const folder = async (file: string, flag: string) => {
    const dir = dirname(file);
    const s = await stat(dir).catch(() => null);
    if (!s?.isDirectory()) throw new ConfigError(`${flag} ${file}: the folder '${dir}' does not exist`);
  };
  if (o.plot !== undefined) {
    if (typeof o.plot !== 'string' || !/\.(svg|png)$/i.test(o.plot)) throw new ConfigError(`--plot ${String(o.plot)}: a chart file must end in .svg or .png`);
    await folder(o.plot, '--plot');
  }
  if (o.output !== undefined) {
    if (typeof o.output !== 'string' || !/\.(json|csv)$/i.test(o.output)) throw new ConfigError(`--output ${String(o.output)}: a results file must end in .json or .csv`);
    await folder(o.output, '--output');
  }
  if (typeof o.out === 'string') {
    const s = await stat(o.out).catch(() => null);
    if (s && !s.isDirectory()) throw new ConfigError(`--out ${o.out}: exists and is not a directory`);
    await folder(o.out, '--out');
  }
}

/** Loads a forecaster directory, saying what is expected when it is missing. */
export async function loadForecaster(dir: string): Promise<Forecaster | Ensemble> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new ConfigError(`forecaster directory '${dir}' does not exist (create one with \`rnnkit train data.csv --target COLUMN --out ${dir}\`)`);
  if (!s.isDirectory()) throw new ConfigError(`'${dir}' is a file; give the directory written by \`rnnkit train --out DIR\``);
  return loadForecastModel(dir);
}

export const verbosity = (o: Options) => (o.verbose ?? (process.stdout.isTTY ? 1 : 0)) as 0 | 1 | 2;

// `rnnkit train | evaluate | backtest | forecast`: the forecasting workflow on CSV files. Thin: options (flags,
// or a JSON config file whose keys are the same names in camelCase; flags win) → the library in src/forecast.
import { Command, Option } from 'commander';
import { ConfigError, ValueError } from '../errors.js';
import { backtest, compare, type Comparison } from '../forecast/backtest.js';
import { missingPolicies, type Series } from '../forecast/csv.js';
import { timeAxis } from '../forecast/dates.js';
import { Forecaster } from '../forecast/forecaster.js';
import { trainRecipe } from '../forecast/auto.js';
import { tuneNetwork } from '../forecast/tune.js';
import { conformalHalfWidth, Ensemble, type ForecastModel } from '../forecast/ensemble.js';
import { char, checkOutputs, csvFormat, int, list, loadForecaster, merged, num, readForForecaster, readGroups, readSeries, recipe, verbosity, withSeason, type Options } from './forecast_io.js';
import { normalizeModes } from '../forecast/pipeline.js';
import { lineChartSvg, lossCurvesSvg, writeChart } from '../forecast/plot.js';
import { comparisonTable, forecastCsv, forecastTable, futureLabels, predictionsCsv, selectionTable, type ForecastBounds } from '../forecast/report.js';
import { writeFileAtomic } from '../io/files.js';


/** Flags of every command that reads a CSV: its layout and the missing-value policy. */
function csvOptions(cmd: Command, saved = false): Command {
  const dflt = saved ? ' (default: as at training)' : '';
  return cmd
    .option('--time <column>', `time column${dflt || " (default: a column named like 'date' or 'Order Date', or a first column of dates)"}`)
    .addOption(new Option('--missing <policy>', `missing cells: error, drop, ffill or interpolate${dflt}`).choices([...missingPolicies]))
    .option('--delimiter <char>', `field delimiter, e.g. ';' or tab${dflt || ' (default: detected from the header)'}`, char)
    .option('--thousands <char>', `thousands separator inside numbers, e.g. ',' for "12,037.88"${dflt}`, char)
    .option('--decimal <char>', `decimal mark, e.g. ',' for "12,5"${dflt || " (default '.')"}`, char)
    .option('--id <column>', `long format: the column naming each series; one global network is trained over all of them${dflt}`);
}

/** Flags shared by train and backtest: data selection and the recipe. */
function recipeOptions(cmd: Command): Command {
  return csvOptions(cmd)
    .option('--target <columns>', 'target column(s), comma-separated', list)
    .option('--recipe <name>', "auto (default: chosen by validation inside the training rows), manual (the --model/--normalize/--difference given), or a candidate: naive, seasonal-naive, linear-AR, linear-AR-on-differences, linear-seasonal, network-on-levels, network-on-differences, hybrid")
    .option('--features <columns>', 'input columns (default: the targets)', list)
    .option('--lookback <n>', 'input window length (default 12)', int)
    .option('--horizon <n>', 'steps predicted at once (default 1)', int)
    .option('--stride <n>', 'step between training windows (default 1)', int)
    .option('--model <spec>', "recurrent layers, e.g. lstm:64 or gru:64,lstm:32 (default lstm:32)")
    .option('--epochs <n>', 'maximum training epochs (default 300)', int)
    .option('--batch-size <n>', 'batch size (default 16)', int)
    .option('--optimizer <name>', 'adam, rmsprop, sgd, … (default adam)')
    .option('--learning-rate <x>', 'learning rate (default 0.01)', num)
    .option('--validation <fraction>', 'last fraction of training windows for early stopping, 0 for none (default 0.25)', num)
    .option('--patience <n>', 'early-stopping patience in epochs (default 50)', int)
    .addOption(new Option('--normalize <mode>', 'window (default), global (min-max) or none').choices([...normalizeModes]))
    .option('--difference', 'model first differences (default)')
    .option('--no-difference', 'model the values themselves')
    .option('--season <n>', 'season length for the seasonal baseline, MASE and window targets (default 1)', int)
    .option('--ensemble <n>', 'networks averaged (default 5)', int)
    .option('--seed <n>', 'random seed (default 42)', int)
    .option('--config <file>', 'JSON file with any of these options (camelCase); flags override it')
    .option('--json', 'print results as JSON')
    .option('--output <file>', 'also write results to a .json or .csv file')
    .option('--plot <file>', 'write a chart (.svg or .png)')
    .option('--verbose <n>', '0 silent, 1 progress bars, 2 one line per epoch (default: 1 on a terminal)', int);
}

/** `train --id`: one network over the training part of every series, scored per series on its own test part. */
async function trainGlobal(data: string, o: Options, test: number): Promise<void> {
  const groups = await readGroups(data, o);
  const { recipe: name, ...plain } = withSeason(recipe(o), groups[0].series, o);
  if (name !== 'manual' && name !== 'auto') throw new ConfigError(`--id trains one global network (the manual recipe); --recipe ${name} is not available with it`);
  const parts = groups.map(({ id, series }) => {
    const trainEnd = series.values.length - Math.ceil(series.values.length * test);
    if (trainEnd < (plain.lookback ?? 12) + 3) throw new ValueError(`series '${id}' has ${series.values.length} rows: too few for lookback ${plain.lookback ?? 12} with ${Math.round(test * 100)} % held out`);
    return { id, series, trainEnd };
  });
  const train = parts.map((p) => ({ ...p.series, values: p.series.values.slice(0, p.trainEnd), time: p.series.time?.slice(0, p.trainEnd) ?? null }));
  const { forecaster } = await Forecaster.train(train, plain, { verbose: verbosity(o) });
  forecaster.timeColumn = (o.time as string | undefined) ?? groups[0].series.timeColumn ?? null;
  forecaster.csv = csvFormat(o);
  if (typeof o.out === 'string') await forecaster.save(o.out);
  const results = test > 0 ? parts.map((p) => ({ id: p.id, rows: p.series.values.length, comparison: compare(forecaster, p.series, p.trainEnd) })) : [];
  if (o.json) console.log(JSON.stringify({ series: results.map(({ id, rows, comparison: { rows: _, ...scores } }) => ({ id, rows, ...scores })) }, null, 2));
  else if (results.length) {
    const mase = (r: (typeof results)[0], prefix: string) => r.comparison.scores.find((s) => s.method.startsWith(prefix))?.metrics.mase;
    const fmt = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(3));
    console.log(`one global ${forecaster.label} over ${parts.length} series; MASE on each series' last ${Math.round(test * 100)} %`);
    console.log(['id', 'rows', 'network', 'naive', 'seasonal naive', 'linear AR'].join('\t'));
    for (const r of results) console.log([r.id, r.rows, fmt(mase(r, 'network')), fmt(mase(r, 'naive')), fmt(mase(r, 'seasonal')), fmt(mase(r, 'linear'))].join('\t'));
    const mean = (prefix: string) => results.reduce((s, r) => s + (mase(r, prefix) ?? NaN), 0) / results.length;
    console.log(['mean', '', fmt(mean('network')), fmt(mean('naive')), '', fmt(mean('linear'))].join('\t'));
  }
  if (typeof o.output === 'string') {
    const rows = results.flatMap((r) => (r.comparison.rows ?? []).map((row) => ({ ...row, time: row.time, target: `${r.id}/${row.target}` })));
    await writeFileAtomic(o.output, new TextEncoder().encode(/\.csv$/i.test(o.output) ? predictionsCsv(rows) : JSON.stringify(results, null, 2)));
  }
  if (typeof o.out === 'string' && !o.json) console.log(`saved to ${o.out}`);
}


/** Prints the comparison (table or JSON); --output writes every scored point (.csv) or the whole result (.json). */
async function report(c: Comparison, o: Options, extra: Record<string, unknown> = {}): Promise<void> {
  const { rows, ...summary } = c;
  if (o.json) console.log(JSON.stringify({ ...extra, ...summary }, null, 2));
  else console.log(comparisonTable(c));
  if (typeof o.output === 'string') {
    const text = /\.csv$/i.test(o.output) ? predictionsCsv(rows ?? []) : JSON.stringify({ ...extra, ...summary, predictions: rows ?? [] }, null, 2);
    await writeFileAtomic(o.output, new TextEncoder().encode(text));
  }
}

/** Actual values, the network's one-step-ahead forecasts and the naive forecast over the test rows. */
function testChart(f: ForecastModel, series: Series, trainEnd: number): string {
  const origins = f.origins(trainEnd - 1, series.values.length);
  const k = f.targetIndices[0];
  const axis = timeAxis(series.time, series.values.length);
  const x = (o: number) => axis.x[o];
  const at = series.values.map((_, t) => t).filter((t) => t >= Math.max(0, trainEnd - 3 * f.config.lookback));
  const pred = f.predict(series.values, origins);
  return lineChartSvg({
    title: `${f.config.targets[0]}: test forecasts (1 step ahead)`, xLabel: axis.title, yLabel: f.config.targets[0], xFormat: axis.format, xTicks: axis.ticks,
    series: [
      { name: 'actual', x: at.map(x), y: at.map((t) => series.values[t][k]) },
      { name: f.label, x: origins.map((o) => x(o + 1)), y: pred.map((p) => p[0][0]), band: bandsOf(f, pred.map((p) => p[0][0]), series.values, origins) },
      // the baseline: seasonal naive for seasonal data, naive otherwise
      f.config.season > 1
        ? { name: `seasonal naive (${f.config.season})`, x: origins.map((o) => x(o + 1)), y: origins.map((o) => series.values[o + 1 - f.config.season][k]), dashed: true }
        : { name: 'naive', x: origins.map((o) => x(o + 1)), y: origins.map((o) => series.values[o][k]), dashed: true },
    ],
  });
}

/** Conformal bands (80 % and 95 %) around one-step-ahead values from `origins`, when the model carries validation residuals. */
function bandsOf(f: ForecastModel, y: number[], raw: number[][], origins: number[]): { lower: number[]; upper: number[] }[] | undefined {
  const c = f instanceof Ensemble ? f.conformal : null;
  if (!c) return undefined;
  return [0.95, 0.8].map((l) => {
    const w = y.map((_, i) => conformalHalfWidth(c, l, 1, raw, origins[i], f.targetIndices[0]));
    return { lower: y.map((v, i) => v - w[i]), upper: y.map((v, i) => v + w[i]) };
  });
}

/** Steps past which a recursive forecast is mostly its own pattern repeated: max(horizon, lookback, 2 seasons). */
function usefulSteps(f: ForecastModel): number {
  return Math.max(f.config.horizon, f.config.lookback, 2 * f.config.season);
}

export function registerForecastCommands(program: Command): void {
  recipeOptions(program.command('train').description('train a forecaster on a CSV file; reports the held-out test part against baselines'))
    .argument('<data>', 'CSV file')
    .option('--test <fraction>', 'last fraction of the rows held out for testing (default 0.2; 0 trains on everything)', num)
    .option('--out <dir>', 'save the forecaster here (forecaster.json + model/)')
    .option('--tune <trials>', 'first tune the network (cell, units, learning rate) with this many Bayesian-optimization trials on the training windows', int)
    .addHelpText('after', '\n--output preds.csv writes every test point (time, actual, the model, each baseline, interval bounds); .json the whole result.\n--plot: with --recipe manual, the loss curves and NAME-test.svg; else the test forecasts with 80/95 % bands.')
    .action(async function (this: Command, data: string) {
      const o = await merged(this, this.opts());
      await checkOutputs(o);
      const test = (o.test as number | undefined) ?? 0.2;
      if (!(test >= 0 && test < 1)) throw new ConfigError(`--test must be in [0, 1), got ${test}`);
      if (o.tune !== undefined && !((o.tune as number) >= 1)) throw new ConfigError(`--tune must be a positive number of trials, got ${o.tune}`);
      if (typeof o.id === 'string') return trainGlobal(data, o, test);
      const series = await readSeries(data, o);
      let config = withSeason(recipe(o), series, o);
      const trainEnd = series.values.length - Math.ceil(series.values.length * test);
      if (typeof o.tune === 'number') {
        const { recipe: name, ...plain } = config;
        // tuned on the pipeline it will run in: as given (manual), else the network-on-differences candidate's
        const tuned = await tuneNetwork(series, name === 'manual' ? plain : { ...plain, normalize: 'window', difference: true }, { trainEnd, trials: o.tune });
        if (!o.json) console.log(`${tuned.summary}\n\ntuned network: ${tuned.model}, learning rate ${tuned.learningRate.toPrecision(3)}\n`);
        config = { ...config, model: tuned.model, learningRate: tuned.learningRate };
      }
      let history: Record<string, number[]> | null = null;
      let forecaster: ForecastModel;
      if (config.recipe === 'manual') {
        const { recipe: _, ...plain } = config;
        const trained = await Forecaster.train(series, plain, { trainEnd, verbose: verbosity(o) });
        forecaster = trained.forecaster;
        history = trained.history.history;
      } else {
        forecaster = await trainRecipe(series, config, { trainEnd, verbose: 0, onProgress: (m) => { if (verbosity(o) > 0) process.stderr.write(`${m}\n`); } });
        const selection = (forecaster as Ensemble).selection;
        if (selection && !o.json) console.log(selectionTable(selection) + '\n');
      }
      forecaster.timeColumn = (o.time as string | undefined) ?? series.timeColumn ?? null;
      forecaster.csv = csvFormat(o);
      if (typeof o.out === 'string') await forecaster.save(o.out);
      const comparison = test > 0 ? compare(forecaster, series, trainEnd) : null;
      const selection = forecaster instanceof Ensemble ? { recipe: forecaster.name, selection: forecaster.selection } : {};
      if (comparison) await report(comparison, o, { trainRows: trainEnd, ...selection });
      else if (o.json) console.log(JSON.stringify({ trainRows: trainEnd, ...selection }, null, 2));
      else console.log(`trained on all ${trainEnd} rows${history ? `; final loss ${history.loss.at(-1)?.toExponential(3)}` : ''}`);
      if (typeof o.plot === 'string') {
        if (history) await writeChart(o.plot, lossCurvesSvg(history));
        if (comparison) await writeChart(history ? o.plot.replace(/(\.\w+)$/, '-test$1') : o.plot, testChart(forecaster, series, trainEnd));
      }
      if (typeof o.out === 'string' && !o.json) console.log(`saved to ${o.out}`);
    });

  csvOptions(program.command('evaluate'), true).description('score a saved forecaster on the rows after its training rows, against baselines')
    .argument('<model>', 'forecaster directory (from train --out)')
    .argument('<data>', 'CSV file (the training file, or one continuing it)')
    .option('--from <row>', 'first test row (default: the number of training rows)', int)
    .option('--json', 'print results as JSON').option('--output <file>', 'also write results to .json or .csv')
    .option('--plot <file>', 'write the test forecasts chart (.svg or .png)')
    .action(async function (this: Command, dir: string, data: string) {
      const o = this.opts();
      await checkOutputs(o);
      const f = await loadForecaster(dir);
      if (o.id !== undefined || f.csv.idColumn) throw new ConfigError(`evaluate scores one series; ${f.csv.idColumn ? `${dir} is a global model over the series of '${f.csv.idColumn}': ` : ''}its per-series scores come from \`rnnkit train --id\`, and \`forecast --data\` forecasts each series`);
      const series = await readForForecaster(data, f, o);
      const from = (o.from as number | undefined) ?? f.trainRows;
      await report(compare(f, series, from), o, { from });
      if (typeof o.plot === 'string') await writeChart(o.plot, testChart(f, series, from));
    });

  recipeOptions(program.command('backtest').description('walk-forward backtest of the recipe against naive, seasonal-naive and linear-AR baselines'))
    .argument('<data>', 'CSV file')
    .option('--folds <n>', 'test folds (default 4)', int)
    .option('--test <fraction>', 'fraction of the series covered by the folds (default 0.2)', num)
    .addOption(new Option('--mode <mode>', 'expanding (default) or sliding training window').choices(['expanding', 'sliding']))
    .option('--no-refit', 'train once on the first fold instead of retraining per fold')
    .action(async function (this: Command, data: string) {
      const o = await merged(this, this.opts());
      await checkOutputs(o);
      if (o.id !== undefined) throw new ConfigError('backtest runs on one series; --id (several series) is supported by train and forecast only');
      const series = await readSeries(data, o);
      const config = withSeason(recipe(o), series, o);
      const result = await backtest(series, config, {
        folds: o.folds as number | undefined, testFraction: o.test as number | undefined, mode: o.mode as 'expanding' | 'sliding' | undefined, refit: o.refit !== false,
        verbose: 0, onFold: (k, n) => { if (verbosity(o) > 0) process.stderr.write(`fold ${k}/${n} done\n`); },
      });
      await report(result, o);
    });

  csvOptions(program.command('forecast'), true).description('forecast the next steps in original units, from the end of the data')
    .argument('<model>', 'forecaster directory (from train --out)')
    .option('--data <file>', 'CSV whose last rows start the forecast (default: the end of the training data)')
    .option('--steps <n>', 'steps ahead (default: the horizon)', int)
    .option('--interval <levels>', 'prediction intervals, e.g. 0.8,0.95 (conformal, from the validation residuals of a recipe other than manual)', (v: string) => list(v).map(num))
    .option('--json', 'print JSON').option('--output <file>', 'also write the forecast to .json or .csv')
    .option('--plot <file>', 'write a chart of the recent values and the forecast (.svg or .png)')
    .action(async function (this: Command, dir: string) {
      const o = this.opts();
      await checkOutputs(o);
      if (o.steps !== undefined && !((o.steps as number) >= 1)) throw new ConfigError(`--steps must be a positive integer, got ${o.steps}`);
      const levels = (o.interval as number[] | undefined) ?? [];
      for (const l of levels) if (!(l > 0 && l < 1)) throw new ConfigError(`--interval levels must be in (0, 1), e.g. 0.8,0.95; got ${l}`);
      const f = await loadForecaster(dir);
      const conformal = f instanceof Ensemble ? f.conformal : null;
      if (levels.length > 0 && !conformal) throw new ConfigError(`${dir} has no validation residuals for intervals: train it with the automatic recipe (the default) or a named --recipe, not --recipe manual`);
      const steps = (o.steps as number | undefined) ?? f.config.horizon;
      const idColumn = (o.id as string | undefined) ?? f.csv.idColumn;
      if (idColumn) {
        if (typeof o.data !== 'string') throw new ConfigError(`${dir} is a global model over several series: give --data FILE with the '${idColumn}' column to forecast each`);
        const groups = await readGroups(o.data, { ...f.csv, ...o }, f.columns, idColumn);
        const out = groups.map(({ id, series }) => ({ id, time: futureLabels(series.time, steps), forecast: f.forecast(steps, series.values) }));
        if (o.json) console.log(JSON.stringify({ targets: f.config.targets, series: out }, null, 2));
        else console.log(out.map((g) => `${idColumn} ${g.id}\n${forecastTable(g.time, f.config.targets, g.forecast)}`).join('\n\n'));
        if (typeof o.output === 'string') {
          const text = /\.csv$/i.test(o.output)
            ? [[idColumn, 'time', ...f.config.targets].join(','), ...out.flatMap((g) => g.forecast.map((v, i) => [g.id, g.time[i], ...v].join(',')))].join('\n') + '\n'
            : JSON.stringify({ targets: f.config.targets, series: out });
          await writeFileAtomic(o.output, new TextEncoder().encode(text));
        }
        return;
      }
      const series = typeof o.data === 'string' ? await readForForecaster(o.data, f, o) : { names: f.columns, values: f.tail, time: f.tailTime };
      const useful = usefulSteps(f);
      if (steps > useful) process.stderr.write(`rnnkit: warning: ${steps} steps go far past the horizon (${f.config.horizon}): each step feeds predictions back as inputs, and beyond about ${useful} steps (max of 2 seasons, the lookback and the horizon) the forecast mostly repeats its own pattern\n`);
      const values = f.forecast(steps, series.values);
      const labels = futureLabels(series.time, steps);
      const bounds: ForecastBounds[] = levels.map((level) => {
        const o = series.values.length - 1;
        const w = values.map((v, i) => v.map((_, k) => conformalHalfWidth(conformal!, level, i + 1, series.values, o, f.targetIndices[k])));
        return { level, lower: values.map((v, i) => v.map((x, k) => x - w[i][k])), upper: values.map((v, i) => v.map((x, k) => x + w[i][k])) };
      });
      const json = { targets: f.config.targets, time: labels, forecast: values, ...(bounds.length ? { intervals: bounds } : {}) };
      if (o.json) console.log(JSON.stringify(json, null, 2));
      else console.log(forecastTable(labels, f.config.targets, values, bounds));
      if (typeof o.output === 'string') {
        const text = /\.csv$/i.test(o.output) ? forecastCsv(labels, f.config.targets, values, bounds) : JSON.stringify(json);
        await writeFileAtomic(o.output, new TextEncoder().encode(text));
      }
      if (typeof o.plot === 'string') {
        const k = f.targetIndices[0];
        const recent = series.values.slice(-4 * f.config.lookback);
        const T = series.values.length;
        const axis = timeAxis(series.time && !labels[0].startsWith('+') ? [...series.time, ...labels] : null, T + steps);
        const hx = recent.map((_, i) => axis.x[T - recent.length + i]);
        const fx = labels.map((_, i) => axis.x[T + i]);
        await writeChart(o.plot, lineChartSvg({
          title: `${f.config.targets[0]}: ${steps}-step forecast`, xLabel: axis.title, yLabel: f.config.targets[0], xFormat: axis.format, xTicks: axis.ticks,
          series: [
            { name: 'history', x: hx, y: recent.map((r) => r[k]) },
            {
              name: 'forecast', x: [hx[hx.length - 1], ...fx], y: [recent[recent.length - 1][k], ...values.map((v) => v[0])], dashed: true,
              band: bounds.length ? bounds.map((b) => ({ lower: [recent[recent.length - 1][k], ...b.lower.map((v) => v[0])], upper: [recent[recent.length - 1][k], ...b.upper.map((v) => v[0])] })) : undefined,
            },
          ],
        }));
      }
    });
}

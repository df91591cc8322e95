// The forecasting workflow as a library (what `rnnkit train | evaluate | backtest | forecast` use).
export { readCsv, readCsvGroups, detectDelimiter, missingPolicies, type MissingPolicy, type ReadCsvOptions, type Series } from './csv.js';
export { Scaler, MinMaxScaler, StandardScaler, identityScaler, type ScalerState } from './scalers.js';
export { Pipeline, normalizeModes, type Normalize, type PipelineConfig, type PipelineState } from './pipeline.js';
export { LinearAR, naiveForecast, seasonalNaiveForecast, type Forecast } from './baselines.js';
export { forecastMetrics, maseScale, actuals, type ForecastMetrics } from './metrics.js';
export { Forecaster, forecastDefaults, parseModelSpec, resolveConfig, modelKind, recursiveForecast, type CsvFormat, type ForecastConfig, type ResolvedConfig } from './forecaster.js';
export { Ensemble, loadForecastModel, conformalHalfWidth, localScale, type ForecastModel, type SelectionReport, type CandidateScore, type ConformalResiduals } from './ensemble.js';
export { autoTrain, trainRecipe, validateCandidates, candidates, conformalResiduals, type AutoOptions, type Candidate, type Validation } from './auto.js';
export { tuneNetwork, type TuneResult } from './tune.js';
export { parseDates, inferFrequency, futureDates, formatDate, seasonOf, timeAxis, type DateStyle, type Frequency, type ParsedDates } from './dates.js';
export { backtest, compare, type BacktestOptions, type Comparison, type FoldInfo, type MethodScore, type IntervalScore, type PredictionRow } from './backtest.js';
export { lineChartSvg, lossCurvesSvg, writeChart, type ChartOptions, type LineSeries } from './plot.js';
export { svgToPng, initPngRenderer, type PngRendererOptions, type SvgToPngOptions, type BinarySource } from './png.js';
export { comparisonTable, comparisonCsv, forecastTable, forecastCsv, futureLabels, predictionsCsv, selectionTable, type ForecastBounds } from './report.js';

// The forecasting workflow as a library (what `rnnkit train | evaluate | backtest | forecast` use).
export { readCsv, missingPolicies, type MissingPolicy, type ReadCsvOptions, type Series } from './csv.js';
export { Scaler, MinMaxScaler, StandardScaler, identityScaler, type ScalerState } from './scalers.js';
export { Pipeline, normalizeModes, type Normalize, type PipelineConfig, type PipelineState } from './pipeline.js';
export { LinearAR, naiveForecast, seasonalNaiveForecast, type Forecast } from './baselines.js';
export { forecastMetrics, maseScale, actuals, type ForecastMetrics } from './metrics.js';
export { Forecaster, forecastDefaults, parseModelSpec, resolveConfig, type ForecastConfig, type ResolvedConfig } from './forecaster.js';
export { backtest, compare, type BacktestOptions, type Comparison, type FoldInfo, type MethodScore } from './backtest.js';
export { lineChartSvg, lossCurvesSvg, svgToPng, writeChart, type ChartOptions, type LineSeries } from './plot.js';
export { comparisonTable, comparisonCsv, forecastTable, forecastCsv, futureLabels } from './report.js';

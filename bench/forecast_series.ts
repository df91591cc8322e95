// The real series the forecasting benchmarks use: the shipped examples/data and the extra shared series
// (/work/shared/data, R's `datasets`; sources in their README.md), each with its season (R's frequency:
// quarterly 4, monthly 12; annual and others 1).
export const SERIES: [string, number, 'examples' | 'shared'][] = [
  ['us_accidental_deaths', 12, 'examples'], ['uk_gas', 4, 'examples'], ['johnson_johnson', 4, 'examples'],
  ['australian_residents', 4, 'examples'], ['lake_huron', 1, 'examples'], ['new_haven_temperature', 1, 'examples'],
  ['www_usage', 1, 'examples'], ['uk_lung_deaths', 12, 'shared'], ['us_presidential_approval', 4, 'shared'],
  ['great_discoveries', 1, 'shared'], ['us_airline_miles', 1, 'shared'], ['luteinizing_hormone', 1, 'shared'],
  ['us_population', 1, 'shared'], ['treering', 1, 'examples'],
];

export const folders: Record<string, URL> = { examples: new URL('../../examples/data/', import.meta.url), shared: new URL('file:///work/shared/data/') };

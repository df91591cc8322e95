// Time labels as dates: parse the common written forms (ISO 8601 dates and date-times, 2020/01/31, 31.01.2020,
// 01/31/2020 or 31/01/2020 decided over the whole column, "Jan 2020", "2020-Q1"), infer the series' frequency
// (calendar months, quarters and years, or a fixed step in milliseconds), and continue it past the last label
// in the column's own granularity. All arithmetic is in UTC, so labels never shift with the machine's time zone.
import { ValueError } from '../errors.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** How a column's labels are written: the granularity output labels keep. */
export type DateStyle = 'year' | 'quarter' | 'month' | 'day' | 'datetime';

export interface ParsedDates {
  /** Milliseconds since 1970-01-01 UTC, one per label. */
  ms: number[];
  style: DateStyle;
}

/** The calendar step between labels, or a fixed step in milliseconds. */
export type Frequency = { unit: 'month'; step: number } | { unit: 'ms'; step: number };

const utc = (y: number, m = 1, d = 1, hh = 0, mm = 0, ss = 0) => Date.UTC(y, m - 1, d, hh, mm, ss);

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function monthIndex(word: string): number {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i < 0 ? -1 : i + 1;
}

/** One label → [ms, style] with the day-month order of slash dates given; null when it is not a date. */
function parseOne(text: string, dayFirst: boolean): [number, DateStyle] | null {
  const s = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDay(y, mo, d)) return null;
    if (m[4] === undefined) return [utc(y, mo, d), 'day'];
    let ms = utc(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    if (m[7] && m[7] !== 'Z') {
      const sign = m[7][0] === '-' ? -1 : 1;
      const digits = m[7].slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
    }
    return [ms, 'datetime'];
  }
  if ((m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? [utc(y, mo, d), 'day'] : null;
  }
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dotted = s.includes('.');
    const [d, mo] = dotted || dayFirst ? [a, b] : [b, a];
    return validDay(y, mo, d) ? [utc(y, mo, d), 'day'] : null;
  }
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s)) || (m = /^(\d{4})\/(\d{1,2})$/.exec(s))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return mo >= 1 && mo <= 12 ? [utc(y, mo), 'month'] : null;
  }
  if ((m = /^(\d{4})[- ]?Q([1-4])$/i.exec(s))) return [utc(Number(m[1]), 3 * Number(m[2]) - 2), 'quarter'];
  if ((m = /^([A-Za-z]{3,9})\.?[ -](\d{4})$/.exec(s))) {
    const mo = monthIndex(m[1]);
    return mo > 0 ? [utc(Number(m[2]), mo), 'month'] : null;
  }
  if ((m = /^(\d{4})[ -]([A-Za-z]{3,9})$/.exec(s))) {
    const mo = monthIndex(m[2]);
    return mo > 0 ? [utc(Number(m[1]), mo), 'month'] : null;
  }
  if ((m = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/.exec(s))) {
    const mo = monthIndex(m[2]);
    return mo > 0 && validDay(Number(m[3]), mo, Number(m[1])) ? [utc(Number(m[3]), mo, Number(m[1])), 'day'] : null;
  }
  return null;
}

/**
 * Parses a column of labels as dates; null when any label is not a date (plain numbers such as 1973.25 are
 * not dates: they stay numeric labels). Slash dates are month-first unless some first field exceeds 12.
 */
export function parseDates(labels: string[]): ParsedDates | null {
  if (labels.length === 0) return null;
  const dayFirst = labels.some((l) => {
    const m = /^(\d{1,2})\/(\d{1,2})\/\d{4}$/.exec(l.trim());
    return m !== null && Number(m[1]) > 12;
  });
  const ms: number[] = [];
  let style: DateStyle | null = null;
  for (const l of labels) {
    const p = parseOne(l, dayFirst);
    if (!p) return null;
    ms.push(p[0]);
    // a column mixing granularities is labelled by the finest one
    const order: DateStyle[] = ['year', 'quarter', 'month', 'day', 'datetime'];
    if (style === null || order.indexOf(p[1]) > order.indexOf(style)) style = p[1];
  }
  return { ms, style: style! };
}

const monthsOf = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/** The most common step between consecutive labels: calendar months when every date is a month start. */
export function inferFrequency(ms: number[]): Frequency | null {
  if (ms.length < 2) return null;
  const mode = (values: number[]) => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  };
  const monthStarts = ms.every((t) => new Date(t).getUTCDate() === 1 && t % 86400000 === 0);
  if (monthStarts) {
    const step = mode(ms.slice(1).map((t, i) => monthsOf(t) - monthsOf(ms[i])));
    if (step > 0) return { unit: 'month', step };
  }
  const step = mode(ms.slice(1).map((t, i) => t - ms[i]));
  return step > 0 ? { unit: 'ms', step } : null;
}

/** The season length a frequency suggests: 12 for monthly, 4 for quarterly, 7 for daily, 24 for hourly, else 1. */
export function seasonOf(freq: Frequency | null): number {
  if (!freq) return 1;
  if (freq.unit === 'month') return freq.step === 1 ? 12 : freq.step === 3 ? 4 : 1;
  return freq.step === 86400000 ? 7 : freq.step === 3600000 ? 24 : 1;
}

export function formatDate(ms: number, style: DateStyle): string {
  const iso = new Date(ms).toISOString();
  switch (style) {
    case 'year': return iso.slice(0, 4);
    case 'quarter': return `${iso.slice(0, 4)}-Q${Math.floor(new Date(ms).getUTCMonth() / 3) + 1}`;
    case 'month': return iso.slice(0, 7);
    case 'day': return iso.slice(0, 10);
    default: return iso.slice(0, 19).replace('T', ' ');
  }
}

/** `steps` labels after the last of `parsed`, at the inferred frequency; throws when there is none. */
export function futureDates(parsed: ParsedDates, steps: number): string[] {
  const freq = inferFrequency(parsed.ms);
  if (!freq) throw new ValueError('cannot infer a frequency from fewer than two distinct dates');
  const last = parsed.ms[parsed.ms.length - 1];
  return Array.from({ length: steps }, (_, i) => {
    if (freq.unit === 'ms') return formatDate(last + freq.step * (i + 1), parsed.style);
    const d = new Date(last);
    return formatDate(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + freq.step * (i + 1), 1), parsed.style);
  });
}

/**
 * Positions on a chart's x axis for a list of time labels: dates → milliseconds (ticks written as dates),
 * numbers → themselves, anything else (or null) → the row index.
 */
export function timeAxis(labels: string[] | null, count = labels?.length ?? 0): { x: number[]; format?: (x: number) => string; ticks?: (lo: number, hi: number) => number[]; title: string } {
  const dates = labels && labels.length === count ? parseDates(labels) : null;
  if (dates) return { x: dates.ms, format: (v) => formatDate(v, tickStyle(dates.style, v)), ticks: dateTicks, title: 'date' };
  if (labels && labels.length === count && labels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)))) return { x: labels.map(Number), title: 'time' };
  return { x: Array.from({ length: count }, (_, i) => i), title: 'row' };
}

function tickStyle(style: DateStyle, v: number): DateStyle {
  if (style === 'datetime') return 'datetime';
  const d = new Date(v);
  if (d.getUTCDate() !== 1) return 'day';
  return d.getUTCMonth() === 0 && style === 'year' ? 'year' : 'month';
}

/** Round date ticks over [lo, hi] ms: month starts every 1, 2, 3, 6, 12, 24, … months, or whole days / hours. */
export function dateTicks(lo: number, hi: number): number[] {
  const day = 86400000;
  if (hi - lo >= 60 * day) {
    const months = (hi - lo) / (30.44 * day);
    const step = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200].find((s) => months / s <= 7) ?? 1200;
    const d = new Date(lo);
    let m = d.getUTCFullYear() * 12 + d.getUTCMonth() + 1;
    m = Math.ceil(m / step) * step;
    const out: number[] = [];
    for (let t = Date.UTC(Math.floor(m / 12), m % 12, 1); t <= hi; m += step, t = Date.UTC(Math.floor(m / 12), m % 12, 1)) out.push(t);
    return out;
  }
  const unit = hi - lo >= 3 * day ? day : 3600000;
  const step = unit * Math.max(1, Math.ceil((hi - lo) / unit / 7));
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) out.push(t);
  return out;
}

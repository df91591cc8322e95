// Small helpers shared by the benchmarks.
import os from 'node:os';

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One line naming the machine and runtime, for the record in docs/PERFORMANCE.md. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}`;
}

/** TF.js prints a hint to install tfjs-node on first use in Node; it is noise in benchmark output. */
export function silenceTfjsBanner(): void {
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('tfjs-node')) return;
    log(...args);
  };
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && /tfjs-node|backend was already registered|Orthogonal initializer/.test(args[0])) return;
    warn(...args);
  };
}

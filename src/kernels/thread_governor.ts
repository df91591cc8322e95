// Chooses, batch by batch, whether the WebAssembly kernels run on one thread or two, by timing both (issue 14: two
// threads must never be slower than one). On an idle machine two threads win and keep winning; when another
// process holds one of the cores, our two threads share the cores with it and one thread wins. Results
// are bit-identical either way (each output element is computed by one thread), so switching is invisible in the
// numbers.
//
// Per kind of batch (training steps, inference batches), in cycles: one warm-up batch on two threads (not timed:
// it warms the worker's code too, which a first two-thread probe would otherwise pay for),
// then probe batches alternating one and two threads, then a run of batches on the faster setting (time per
// sample). A first pair of probes that differs by more than DECISIVE decides at once (an idle machine: two threads
// take 0.5–0.75 of one's time; a busy one: 1.2–2×), so a clearly slower setting costs one batch per probe; a
// closer pair gets PROBE batches each and the medians decide, two threads only when at least TIE faster (a
// tie goes to one thread, which leaves the other core to whoever else needs it). A run starts at MIN_RUN batches
// and doubles, up to MAX_RUN, each time the same setting wins again, so a settled choice costs little probing.

/** Turns the second thread on or off for the next jobs. */
export type ThreadSwitch = (threads: 1 | 2) => void;

const PROBE = 3; // batches per setting per probe, unless the first pair decides
const DECISIVE = 1.25; // a first pair whose slower batch took this many times the faster's decides
const TIE = 0.97; // two threads win only below this fraction of one thread's time per sample
const MIN_RUN = 16, MAX_RUN = 256;

interface KindState {
  phase: 'warm' | 'probe' | 'run';
  /** Threads the current batch runs on. */
  current: 1 | 2;
  /** Seconds per sample of the probe batches, per setting. */
  probes: { 1: number[]; 2: number[] };
  runLeft: number;
  runLength: number;
  winner: 1 | 2 | null;
  started: number;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Times batches on one and two threads and keeps the faster; one instance drives the kernels' single splitter. */
export class ThreadGovernor {
  private readonly kinds = new Map<string, KindState>();

  constructor(private readonly setThreads: ThreadSwitch, private readonly now: () => number = () => performance.now()) {}

  /** Before a batch of `kind`: sets the thread count it runs on. */
  begin(kind: string): void {
    let s = this.kinds.get(kind);
    if (!s) this.kinds.set(kind, (s = { phase: 'warm', current: 2, probes: { 1: [], 2: [] }, runLeft: 0, runLength: MIN_RUN, winner: null, started: 0 }));
    this.setThreads(s.current);
    s.started = this.now();
  }

  /** After that batch, which held `samples` samples: records its time and picks the next batch's setting. */
  end(kind: string, samples: number): void {
    const s = this.kinds.get(kind);
    if (!s) return;
    const perSample = (this.now() - s.started) / Math.max(1, samples);
    if (s.phase === 'warm') {
      this.startProbe(s);
    } else if (s.phase === 'probe') {
      s.probes[s.current].push(perSample);
      const p1 = s.probes[1], p2 = s.probes[2];
      const pairDecides = p1.length === 1 && p2.length === 1 && Math.max(p1[0], p2[0]) > DECISIVE * Math.min(p1[0], p2[0]);
      if (pairDecides || (p1.length >= PROBE && p2.length >= PROBE)) this.decide(s);
      else s.current = s.current === 1 ? 2 : 1;
    } else if (--s.runLeft <= 0) {
      this.startProbe(s);
    }
  }

  /** The setting the current run uses for `kind` (null before the first decision); for tests and benchmarks. */
  choice(kind: string): 1 | 2 | null {
    return this.kinds.get(kind)?.winner ?? null;
  }

  private startProbe(s: KindState): void {
    s.phase = 'probe';
    s.probes = { 1: [], 2: [] };
    s.current = 1;
  }

  private decide(s: KindState): void {
    const winner: 1 | 2 = median(s.probes[2]) < TIE * median(s.probes[1]) ? 2 : 1;
    s.runLength = winner === s.winner ? Math.min(MAX_RUN, s.runLength * 2) : MIN_RUN;
    s.winner = winner;
    s.current = winner;
    s.phase = 'run';
    s.runLeft = s.runLength;
  }
}

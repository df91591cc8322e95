// Chooses, batch by batch, whether the WebAssembly kernels run on one thread or two, by timing both (issue 14: two
// threads must never be slower than one). On an idle machine two threads win and keep winning; when another
// process holds one of the cores, the second thread's halves wait for the scheduler and one thread wins. Results
// are bit-identical either way (each output element is computed by one thread), so switching is invisible in the
// numbers.
//
// Per kind of batch (training steps, inference batches), in cycles: one warm-up batch (not timed), then PROBE
// batches alternating one and two threads, then a run of batches on the faster setting (time per sample,
// median of each setting's probes). A run starts at MIN_RUN batches and doubles, up to MAX_RUN, each time the
// same setting wins again, so a settled choice costs little probing (about 3 slow batches in 256 at most).

/** Turns the second thread on or off for the next jobs. */
export type ThreadSwitch = (threads: 1 | 2) => void;

const PROBE = 3; // batches per setting per probe
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
      if (s.probes[1].length >= PROBE && s.probes[2].length >= PROBE) this.decide(s);
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
    const winner: 1 | 2 = median(s.probes[2]) <= median(s.probes[1]) ? 2 : 1;
    s.runLength = winner === s.winner ? Math.min(MAX_RUN, s.runLength * 2) : MIN_RUN;
    s.winner = winner;
    s.current = winner;
    s.phase = 'run';
    s.runLeft = s.runLength;
  }
}

// The calling convention between the main thread and the worker, written once: the jobs a thread can run from
// the shared control block, with their argument counts, and the states of a posted job.
//
// Control block (Int32Array over a SharedArrayBuffer): [STATE, _, JOB, _, ARGS…].
// A job is posted by writing JOB and ARGS, then STATE = RUN. Whichever thread claims it first runs it: the worker
// (RUN → TAKEN, then DONE or FAILED) or, when the worker has not started it by the time the main thread finished
// its own half, the main thread itself (RUN → MINE). So a descheduled worker (another busy process on a 2-core
// machine) costs one half's time, never a wait, and two threads are never slower than one by more than a CAS.

export const STATE = 0, JOB = 2, ARGS = 4;
export const IDLE = 0, RUN = 1, DONE = 2, TAKEN = 3, MINE = 4, FAILED = 5;

/** Job index → kernel export and argument count. */
export const JOBS = [
  ['gemm', 11], ['simpleRnnForwardRows', 10], ['simpleRnnBackwardRows', 13], ['gruForwardRows', 13],
  ['gruBackwardRows', 17], ['lstmForwardRows', 15], ['lstmBackwardRows', 19],
] as const;

export type JobName = (typeof JOBS)[number][0];
export type Kernels = Record<JobName, (...args: number[]) => void>;

/** Argument lists allocated once per thread (a job call allocates nothing). */
export function jobArgBuffers(): number[][] {
  return JOBS.map(([, n]) => new Array<number>(n).fill(0));
}

/** Runs the posted job on this thread with the arguments in the control block. */
export function runPostedJob(k: Kernels, ctl: Int32Array, args: number[][]): void {
  const job = ctl[JOB];
  const list = args[job];
  for (let i = 0; i < list.length; i++) list[i] = ctl[ARGS + i];
  k[JOBS[job][0]](...list);
}

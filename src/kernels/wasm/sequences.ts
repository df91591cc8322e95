// Whole SimpleRNN, LSTM and GRU (both resetAfter forms) time loops in WebAssembly, the batch rows shared in chunks
// by the two threads: one hand-off per sequence instead of two per step. Dropout (input masks, in the
// whole-batch input projection; recurrent masks, inside the loops) and step masks (Masking, Embedding maskZero:
// masked rows carry state, output and gradients through) run inside the loops too. Taken when every buffer lives
// in the kernels' memory and the activations are ones the WebAssembly kernels have; otherwise the caller runs the
// reference-structured kernel. In training the input projection (before the loop) and the weight gradients
// (after it) stay whole-batch products, so only the row-independent recurrence is split; in inference
// (io.inference, no input dropout) the loops project each step's input themselves and keep one step's caches.
//
// Numbers: with any mask the loops and the weight gradients after them repeat the per-step path's operations in
// its order (src/kernels/ref/*.ts over the WebAssembly kernels), so they are bit-identical to it. Without masks,
// every cell takes dU (GRU resetAfter: and its recurrent bias) as one product after the loop (the per-step path does
// so from backwardTuning.deferMin entries on, and never for GRU resetAfter): float32 rounding.
import { beginRecurrentBackward, copyRow, deferredRecurrentWeightGrad, inputProjection, inputProjectionBackward, recurrentWeightGradStep, type StateCopies } from '../ref/recurrent_common.js';
import { Act, type FloatArray, type RecurrentBuffers, type RecurrentGrads } from '../types.js';
import { rowArgList, type Kernels, type RowArgs, type RowKernel } from './jobs.js';
import { inWasm, wasmFloats, type WasmRuntime } from './runtime.js';
import type { GemmSplitter } from './threads.js';

const SUPPORTED = new Set<number>([Act.linear, Act.relu, Act.tanh, Act.sigmoid, Act.hardSigmoid, Act.hardSigmoidTfjs]);
/** Below this many multiply-adds per step (B·H·H) sharing the rows does not pay for the hand-off. */
const SPLIT_MIN_WORK = 200_000;
const split = (B: number, H: number) => B >= 8 && B * H * H >= SPLIT_MIN_WORK;

export interface SequenceKernels {
  simpleRnnForward(io: RecurrentBuffers): boolean;
  simpleRnnBackward(io: RecurrentBuffers, g: RecurrentGrads): boolean;
  gruForward(io: RecurrentBuffers, resetAfter: boolean): boolean;
  gruBackward(io: RecurrentBuffers, g: RecurrentGrads, resetAfter: boolean): boolean;
  lstmForward(io: RecurrentBuffers): boolean;
  lstmBackward(io: RecurrentBuffers, g: RecurrentGrads): boolean;
}

const ptr = (a: FloatArray | null): number => (a ? a.byteOffset : 0);

/** Calls f(t, h_prev, offset, row stride) for the steps s = T−1 … 0, the backward pass's order. */
function backSteps(io: RecurrentBuffers, f: (t: number, hp: FloatArray, pOff: number, ldp: number) => void): void {
  const { T, H, h0, hs, goBackwards } = io;
  for (let s = T - 1; s >= 0; s--) f(goBackwards ? T - 1 - s : s, s === 0 ? h0 : hs, s === 0 ? 0 : (s - 1) * H, s === 0 ? H : T * H);
}

/** dU of SimpleRNN or LSTM after the loop: the deferred product, or the per-step path's step products in order. */
function recurrentWeightGrad(io: RecurrentBuffers, g: RecurrentGrads, G: number, copies: StateCopies): void {
  if (io.deferDU) return deferredRecurrentWeightGrad(io, g, G, 0, G, copies);
  const TGH = io.T * G * io.H;
  backSteps(io, (t, hp, pOff, ldp) => recurrentWeightGradStep(io, g.dU, g.dzs, t * G * io.H, TGH, hp, pOff, ldp, G, 0, G));
}

export function wasmSequences(rt: WasmRuntime, threads: GemmSplitter | null): SequenceKernels {
  const k = rt.exports as unknown as Kernels;
  // the backward pass's state copies in WebAssembly (every buffer they touch is in its memory on this path)
  const copies: StateCopies = {
    transposeU: (io, G) => rt.exports.transpose(ptr(io.Ut), ptr(io.U), io.H, G * io.H, G * io.H),
    previousStates: (io) => rt.exports.previousStates(ptr(io.hprev), ptr(io.h0), ptr(io.hs), io.B, io.T, io.H, io.goBackwards ? 1 : 0),
  };
  const inMem = (...arrays: (FloatArray | null)[]) => arrays.every((a) => a === null || inWasm(rt, a));
  const eligible = (io: RecurrentBuffers, gated: boolean) =>
    SUPPORTED.has(io.act) && (!gated || SUPPORTED.has(io.recAct)) && inMem(io.zs, io.hs, io.h0, io.U, io.Ut, io.hd, io.recMask);
  const plain = (io: RecurrentBuffers) => !io.stepMask && !io.inMask && !io.recMask;
  const run = <K extends RowKernel>(name: K, args: RowArgs<K>): void => {
    const list = rowArgList(name, args);
    const { B, H } = args as unknown as { B: number; H: number };
    if (threads && split(B, H)) threads.rows(name, list);
    else k[name](...list);
  };
  // the step mask [B, T] (bytes) copied into the kernels' memory
  let maskBuf = wasmFloats(rt, 0);
  const stepMaskPtr = (io: RecurrentBuffers): number => {
    if (!io.stepMask) return 0;
    const n = io.B * io.T;
    if (maskBuf.length * 4 < n) maskBuf = wasmFloats(rt, Math.ceil(n / 4));
    new Uint8Array(maskBuf.buffer, maskBuf.byteOffset, n).set(io.stepMask.subarray(0, n));
    return maskBuf.byteOffset;
  };
  /**
   * The forward loops' `keep` and projection arguments: in inference without input dropout the loop projects
   * each step itself and keeps one step's zs, gs and aux (keep 0); otherwise the whole-batch projection runs
   * here first and every step's caches are kept for the backward pass (keep 1).
   */
  const project = (io: RecurrentBuffers, G: number) => {
    const keep = io.inference && !io.inMask && inMem(io.x, io.W, io.b) ? 0 : 1;
    if (keep) {
      io.wholeSequenceCaches(); // the caches for every step (inference sizes them for one); before the pointers are read
      inputProjection(io, G);
    }
    return { keep, x: keep ? 0 : ptr(io.x), W: keep ? 0 : ptr(io.W), bIn: keep ? 0 : ptr(io.b), I: io.I };
  };
  // A kernel's named arguments are common(io) and its own, merged with Object.assign: V8's object spread
  // ({ ...common(io), … }) took 13 µs per call in a micro-benchmark (Object.assign 0.9), about a tenth of one
  // training step of the Keras tutorial.
  const common = (io: RecurrentBuffers) => ({
    hd: ptr(io.hd), recMask: ptr(io.recMask), stepMask: stepMaskPtr(io), B: io.B, T: io.T, H: io.H, act: io.act, goBackwards: io.goBackwards ? 1 : 0,
  });
  /** Starts a backward pass: Uᵀ, dU deferral (always without masks; else as the per-step path), dh (and dc) in. */
  const begin = (io: RecurrentBuffers, g: RecurrentGrads, G: number): void => {
    beginRecurrentBackward(io, G, copies);
    if (plain(io)) io.deferDU = true;
    const n = io.B * io.H;
    if (g.dhLast) copyRow(g.dh, 0, g.dhLast, 0, n); else g.dh.fill(0, 0, n);
    if (g.dc) { if (g.dcLast) copyRow(g.dc, 0, g.dcLast, 0, n); else g.dc.fill(0, 0, n); }
  };
  const end = (io: RecurrentBuffers, g: RecurrentGrads, G: number): void => {
    const n = io.B * io.H;
    if (g.dh0) copyRow(g.dh0, 0, g.dh, 0, n);
    if (g.dc0 && g.dc) copyRow(g.dc0, 0, g.dc, 0, n);
    inputProjectionBackward(io, g, G);
  };
  return {
    simpleRnnForward(io) {
      if (!eligible(io, false)) return false;
      const projection = project(io, 1); // first: it may grow zs (whole-sequence caches)
      run('simpleRnnForwardRows', Object.assign(common(io), projection, { zs: ptr(io.zs), hs: ptr(io.hs), h0: ptr(io.h0), U: ptr(io.U) }));
      return true;
    },
    simpleRnnBackward(io, g) {
      if (!eligible(io, false) || !inMem(io.hprev, g.dzs, g.dh, g.tmp, g.dhs, g.dU)) return false;
      begin(io, g, 1);
      run('simpleRnnBackwardRows', Object.assign(common(io), {
        dzs: ptr(g.dzs), zs: ptr(io.zs), hs: ptr(io.hs), dh: ptr(g.dh), tmp: ptr(g.tmp), dhs: ptr(g.dhs), U: ptr(io.U), Ut: ptr(io.Ut),
      }));
      recurrentWeightGrad(io, g, 1, copies);
      end(io, g, 1);
      return true;
    },
    lstmForward(io) {
      if (!eligible(io, true) || !inMem(io.gs, io.cs, io.c0, io.aux)) return false;
      const projection = project(io, 4); // first: it may grow zs, gs and aux (whole-sequence caches)
      run('lstmForwardRows', Object.assign(common(io), projection, {
        zs: ptr(io.zs), gs: ptr(io.gs), hs: ptr(io.hs), cs: ptr(io.cs), ac: ptr(io.aux), h0: ptr(io.h0), c0: ptr(io.c0), U: ptr(io.U), recAct: io.recAct,
      }));
      return true;
    },
    lstmBackward(io, g) {
      if (!eligible(io, true) || !inMem(io.gs, io.cs, io.c0, io.aux, io.hprev, g.dzs, g.dh, g.dc, g.tmp, g.dhs, g.dU)) return false;
      begin(io, g, 4);
      const dhOut = ptr(g.tmp), da = dhOut + 4 * io.B * io.H; // tmp [B, 4H] holds both [B, H] scratch blocks
      run('lstmBackwardRows', Object.assign(common(io), {
        dzs: ptr(g.dzs), zs: ptr(io.zs), gs: ptr(io.gs), cs: ptr(io.cs), ac: ptr(io.aux), c0: ptr(io.c0), dh: ptr(g.dh), dc: ptr(g.dc),
        dhOut, da, dhs: ptr(g.dhs), U: ptr(io.U), Ut: ptr(io.Ut), recAct: io.recAct,
      }));
      recurrentWeightGrad(io, g, 4, copies);
      end(io, g, 4);
      return true;
    },
    gruForward(io, resetAfter) {
      if (!eligible(io, true) || !inMem(io.gs, io.aux, io.b)) return false;
      // resetAfter: the first 3H bias values are the input row (the projection's bias)
      const projection = project(io, 3); // first: it may grow zs, gs and aux (whole-sequence caches)
      const args = Object.assign(common(io), projection, { zs: ptr(io.zs), gs: ptr(io.gs), hs: ptr(io.hs), aux: ptr(io.aux), h0: ptr(io.h0), U: ptr(io.U), recAct: io.recAct });
      if (resetAfter) run('gruResetAfterForwardRows', Object.assign(args, { bRec: io.b ? ptr(io.b) + 4 * 3 * io.H : 0 }));
      else run('gruForwardRows', args);
      return true;
    },
    gruBackward(io, g, resetAfter) {
      if (!eligible(io, true) || !inMem(io.gs, io.aux, io.hprev, g.dzs, g.dh, g.tmp, g.dzRec, g.dhs, g.dU, g.db)) return false;
      const { B, T, H } = io;
      const GH = 3 * H, TGH = T * GH, TH = T * H;
      begin(io, g, 3);
      const args = Object.assign(common(io), {
        dzs: ptr(g.dzs), zs: ptr(io.zs), gs: ptr(io.gs), hs: ptr(io.hs), h0: ptr(io.h0), dh: ptr(g.dh), tmp: ptr(g.tmp),
        dhs: ptr(g.dhs), U: ptr(io.U), Ut: ptr(io.Ut), recAct: io.recAct,
      });
      if (resetAfter && plain(io)) {
        // dL/d rec = [dz_z, dz_r, dRecH], dRecH written over aux's h̃ block (read there first each step); then the
        // recurrent-bias row and dU over all B·T rows at once, as the other cells' deferred dU (float32 rounding
        // against the per-step sums)
        run('gruResetAfterBackwardRows', Object.assign(args, { aux: ptr(io.aux), dRec: ptr(g.dzRec), dRecH: ptr(io.aux) + 4 * 2 * H, dRecHStep: GH }));
        const aux = io.aux!;
        if (g.db) {
          io.mm.colSumAcc(g.db, GH, g.dzs, 0, GH, B * T, 2 * H);
          io.mm.colSumAcc(g.db, GH + 2 * H, aux, 2 * H, GH, B * T, H);
        }
        copies.previousStates(io);
        io.mm.tnAcc(g.dU, 0, GH, io.hprev, 0, H, g.dzs, 0, GH, B * T, H, 2 * H);
        io.mm.tnAcc(g.dU, 2 * H, GH, io.hprev, 0, H, aux, 2 * H, GH, B * T, H, H);
      } else if (resetAfter) {
        // hprev holds dL/d rec_h̃ by input time here (the deferred dU product, its usual use, is not taken)
        run('gruResetAfterBackwardRows', Object.assign(args, { aux: ptr(io.aux), dRec: ptr(g.dzRec), dRecH: ptr(io.hprev), dRecHStep: H }));
        // the recurrent-bias row and dU as the per-step path adds them, step by step: dL/d rec = [dz, dr, dRecH]
        backSteps(io, (t, hp, pOff, ldp) => {
          if (g.db) {
            io.mm.colSumAcc(g.db, GH, g.dzs, t * GH, TGH, B, 2 * H);
            io.mm.colSumAcc(g.db, 3 * H + 2 * H, io.hprev, t * H, TH, B, H);
          }
          recurrentWeightGradStep(io, g.dU, g.dzs, t * GH, TGH, hp, pOff, ldp, 3, 0, 2);
          recurrentWeightGradStep(io, g.dU, io.hprev, t * H, TH, hp, pOff, ldp, 3, 2, 3);
        });
      } else {
        run('gruBackwardRows', Object.assign(args, { dv: ptr(g.dzRec) }));
        const aux = io.aux!;
        if (io.deferDU) {
          io.mm.tnAcc(g.dU, 2 * H, GH, aux, 0, H, g.dzs, 2 * H, GH, B * T, H, H); // dU_h += Σ_t (r⊙h)ᵀ·dh̃
          deferredRecurrentWeightGrad(io, g, 3, 0, 2, copies);
        } else {
          backSteps(io, (t, hp, pOff, ldp) => {
            io.mm.tnAcc(g.dU, 2 * H, GH, aux, t * H, TH, g.dzs, t * GH + 2 * H, TGH, B, H, H);
            recurrentWeightGradStep(io, g.dU, g.dzs, t * GH, TGH, hp, pOff, ldp, 3, 0, 2);
          });
        }
      }
      end(io, g, 3);
      return true;
    },
  };
}

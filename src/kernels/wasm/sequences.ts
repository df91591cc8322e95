// Whole SimpleRNN, LSTM and GRU (resetAfter = false) time loops in WebAssembly, the batch split in two halves run by the two threads: one hand-off per
// sequence instead of two per step. Taken when every buffer lives in the kernels' memory and nothing per-step
// needs the reference path (no Masking, no dropout masks, an activation the WebAssembly kernels have); otherwise
// the caller runs the reference-structured kernel. The input projection and the weight gradients stay whole-batch
// products (dU as one product after the loop), so only the row-independent recurrence is split.
import { copyRow, beginRecurrentBackward, deferredRecurrentWeightGrad, inputProjection, inputProjectionBackward } from '../ref/recurrent_common.js';
import { Act, type FloatArray, type RecurrentBuffers, type RecurrentGrads } from '../types.js';
import { inWasm, type WasmRuntime } from './runtime.js';
import type { GemmSplitter } from './threads.js';

const SUPPORTED = new Set<number>([Act.linear, Act.relu, Act.tanh, Act.sigmoid, Act.hardSigmoid, Act.hardSigmoidTfjs]);
/** Below this many multiply-adds per step (B·H·H) the halves are too small to pay for the hand-off. */
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

export function wasmSequences(rt: WasmRuntime, threads: GemmSplitter | null): SequenceKernels {
  const k = rt.exports;
  const inMem = (...arrays: (FloatArray | null)[]) => arrays.every((a) => a === null || inWasm(rt, a));
  const eligible = (io: RecurrentBuffers) => !io.stepMask && !io.inMask && !io.recMask && SUPPORTED.has(io.act) && inMem(io.zs, io.hs, io.h0, io.U, io.Ut);
  return {
    simpleRnnForward(io) {
      if (!eligible(io)) return false;
      const { B, T, H, zs, hs, h0, U, act } = io;
      inputProjection(io, 1);
      const gb = io.goBackwards ? 1 : 0;
      if (threads && split(B, H)) threads.simpleRnnForward(zs.byteOffset, hs.byteOffset, h0.byteOffset, U.byteOffset, B, T, H, act, gb);
      else k.simpleRnnForwardRows(zs.byteOffset, hs.byteOffset, h0.byteOffset, U.byteOffset, 0, B, T, H, act, gb);
      return true;
    },
    simpleRnnBackward(io, g) {
      if (!eligible(io) || !inMem(g.dzs, g.dh, g.tmp, g.dhs, g.dU)) return false;
      const { B, T, H, zs, hs, act } = io;
      const { dzs, dh, tmp, dhs } = g;
      beginRecurrentBackward(io, 1);
      io.deferDU = true; // the split loop leaves dU to one product after it, whatever the size
      if (g.dhLast) copyRow(dh, 0, g.dhLast, 0, B * H); else dh.fill(0, 0, B * H);
      const gb = io.goBackwards ? 1 : 0, dhsPtr = dhs ? dhs.byteOffset : 0;
      if (threads && split(B, H)) threads.simpleRnnBackward(dzs.byteOffset, zs.byteOffset, hs.byteOffset, dh.byteOffset, tmp.byteOffset, dhsPtr, io.Ut.byteOffset, B, T, H, act, gb);
      else k.simpleRnnBackwardRows(dzs.byteOffset, zs.byteOffset, hs.byteOffset, dh.byteOffset, tmp.byteOffset, dhsPtr, io.Ut.byteOffset, 0, B, T, H, act, gb);
      deferredRecurrentWeightGrad(io, g, 1, 0, 1);
      if (g.dh0) copyRow(g.dh0, 0, dh, 0, B * H);
      inputProjectionBackward(io, g, 1);
      return true;
    },
    // GRU: only the resetAfter = false form (TF.js's); resetAfter = true keeps the per-step kernel
    gruForward(io, resetAfter) {
      if (resetAfter || !eligible(io) || !SUPPORTED.has(io.recAct) || !inMem(io.gs, io.aux)) return false;
      const { B, T, H, zs, gs, hs, h0, U, act, recAct } = io;
      const aux = io.aux!;
      inputProjection(io, 3);
      const gb = io.goBackwards ? 1 : 0;
      if (threads && split(B, H)) threads.gruForward(zs.byteOffset, gs.byteOffset, hs.byteOffset, aux.byteOffset, h0.byteOffset, U.byteOffset, B, T, H, act, recAct, gb);
      else k.gruForwardRows(zs.byteOffset, gs.byteOffset, hs.byteOffset, aux.byteOffset, h0.byteOffset, U.byteOffset, 0, B, T, H, act, recAct, gb);
      return true;
    },
    gruBackward(io, g, resetAfter) {
      if (resetAfter || !eligible(io) || !SUPPORTED.has(io.recAct) || !inMem(io.gs, io.aux, g.dzs, g.dh, g.tmp, g.dzRec, g.dhs, g.dU)) return false;
      const { B, T, H, zs, gs, hs, h0, act, recAct } = io;
      const { dzs, dh, tmp, dhs } = g;
      const GH = 3 * H, dv = g.dzRec!;
      beginRecurrentBackward(io, 3);
      io.deferDU = true;
      if (g.dhLast) copyRow(dh, 0, g.dhLast, 0, B * H); else dh.fill(0, 0, B * H);
      const gb = io.goBackwards ? 1 : 0, dhsPtr = dhs ? dhs.byteOffset : 0;
      if (threads && split(B, H)) threads.gruBackward(dzs.byteOffset, zs.byteOffset, gs.byteOffset, hs.byteOffset, h0.byteOffset, dh.byteOffset, tmp.byteOffset, dv.byteOffset, dhsPtr, io.Ut.byteOffset, B, T, H, act, recAct, gb);
      else k.gruBackwardRows(dzs.byteOffset, zs.byteOffset, gs.byteOffset, hs.byteOffset, h0.byteOffset, dh.byteOffset, tmp.byteOffset, dv.byteOffset, dhsPtr, io.Ut.byteOffset, 0, B, T, H, act, recAct, gb);
      io.mm.tnAcc(g.dU, 2 * H, GH, io.aux!, 0, H, dzs, 2 * H, GH, B * T, H, H); // dU_h += Σ_t (r⊙h)ᵀ·dh̃
      deferredRecurrentWeightGrad(io, g, 3, 0, 2);
      if (g.dh0) copyRow(g.dh0, 0, dh, 0, B * H);
      inputProjectionBackward(io, g, 3);
      return true;
    },
    lstmForward(io) {
      if (!eligible(io) || !SUPPORTED.has(io.recAct) || !inMem(io.gs, io.cs, io.c0, io.aux)) return false;
      const { B, T, H, zs, gs, hs, h0, U, act, recAct } = io;
      const cs = io.cs!, c0 = io.c0!, ac = io.aux!;
      inputProjection(io, 4);
      const gb = io.goBackwards ? 1 : 0;
      if (threads && split(B, H)) threads.lstmForward(zs.byteOffset, gs.byteOffset, hs.byteOffset, cs.byteOffset, ac.byteOffset, h0.byteOffset, c0.byteOffset, U.byteOffset, B, T, H, act, recAct, gb);
      else k.lstmForwardRows(zs.byteOffset, gs.byteOffset, hs.byteOffset, cs.byteOffset, ac.byteOffset, h0.byteOffset, c0.byteOffset, U.byteOffset, 0, B, T, H, act, recAct, gb);
      return true;
    },
    lstmBackward(io, g) {
      if (!eligible(io) || !SUPPORTED.has(io.recAct) || !inMem(io.gs, io.cs, io.c0, io.aux, g.dzs, g.dh, g.dc, g.tmp, g.dhs, g.dU)) return false;
      const { B, T, H, zs, gs, act, recAct } = io;
      const cs = io.cs!, c0 = io.c0!, ac = io.aux!;
      const { dzs, dh, tmp, dhs } = g;
      const dc = g.dc!;
      beginRecurrentBackward(io, 4);
      io.deferDU = true;
      if (g.dhLast) copyRow(dh, 0, g.dhLast, 0, B * H); else dh.fill(0, 0, B * H);
      if (g.dcLast) copyRow(dc, 0, g.dcLast, 0, B * H); else dc.fill(0, 0, B * H);
      const gb = io.goBackwards ? 1 : 0, dhsPtr = dhs ? dhs.byteOffset : 0;
      const dhOut = tmp.byteOffset, da = tmp.byteOffset + 4 * B * H; // tmp [B, 4H] holds both [B, H] scratch blocks
      if (threads && split(B, H)) threads.lstmBackward(dzs.byteOffset, zs.byteOffset, gs.byteOffset, cs.byteOffset, ac.byteOffset, c0.byteOffset, dh.byteOffset, dc.byteOffset, dhOut, da, dhsPtr, io.Ut.byteOffset, B, T, H, act, recAct, gb);
      else k.lstmBackwardRows(dzs.byteOffset, zs.byteOffset, gs.byteOffset, cs.byteOffset, ac.byteOffset, c0.byteOffset, dh.byteOffset, dc.byteOffset, dhOut, da, dhsPtr, io.Ut.byteOffset, 0, B, T, H, act, recAct, gb);
      deferredRecurrentWeightGrad(io, g, 4, 0, 4);
      if (g.dh0) copyRow(g.dh0, 0, dh, 0, B * H);
      if (g.dc0) copyRow(g.dc0, 0, dc, 0, B * H);
      inputProjectionBackward(io, g, 4);
      return true;
    },
  };
}

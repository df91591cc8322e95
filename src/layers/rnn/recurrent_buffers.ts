// The buffers one recurrent layer hands its kernels (RecurrentBuffers io, RecurrentGrads g) and the layer's own
// per-batch buffers (initial and carried-over states, outputs, dropout masks), sized for the largest batch seen.
// Promises: forward buffers are allocated by ensure(), backward ones only at the first backward pass
// (ensureGrad), so predict and evaluate never hold gradients; in inference the gate caches (zs, gs, aux) hold one
// step's rows until a kernel asks for every step's (io.wholeSequenceCaches); a capacity is raised only after
// every buffer of that size exists (after an allocation refused at the WebAssembly memory limit the capacities
// are unchanged, the last pass's caches may be gone, and the next call allocates again).
import { kernels } from '../../kernels/kernels.js';
import type { ActivationId, FloatArray, RecurrentBuffers, RecurrentGrads } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';

const empty = (): FloatArray => floats(0);

/** What sizes a recurrent layer's buffers: units H, gates per unit G, states, cache per row, activations. */
export interface RecurrentShape {
  units: number;
  gates: number;
  /** 1 (SimpleRNN, GRU) or 2 (LSTM: c). */
  stateCount: number;
  /** Elements of the kernel's auxiliary cache per (batch, time) row (RecurrentBuffers.aux), 0 for none. */
  auxPerStep: number;
  act: ActivationId;
  recAct: ActivationId;
  goBackwards: boolean;
}

export class RecurrentBufferSet {
  /** The kernels' buffers; weights are bound by the layer before each call. */
  readonly io: RecurrentBuffers<FloatArray>;
  readonly g: RecurrentGrads<FloatArray>;
  /** Initial states [B, H] as the kernels read them (copied from given, carried or zero states). */
  h0: FloatArray = empty();
  c0: FloatArray = empty();
  /** Zero initial states [B, H]. */
  zeroState: FloatArray = empty();
  /** The last step's output [B, H] (returnSequences false). */
  last: FloatArray = empty();
  /** The output sequence [B, T, H] when masked steps are zeroed (io.hs otherwise); see maskedSequence(). */
  private seqOut: FloatArray = empty();
  /** The output gradient [B, T, H] (or [B, H]) after masking and final-state gradients. */
  dySeq: FloatArray = empty();
  /** Keras dropout masks: input [G, B, I] and recurrent [G, B, H] (used G = 1 or gates). */
  inMask: FloatArray = empty();
  recMask: FloatArray = empty();
  private rowCapacity = 0;
  /** Rows zs, gs and aux hold: the most any call asked for (B·T in training, B in inference). */
  private cacheRowCapacity = 0;
  private batchCapacity = 0;
  private gradRowCapacity = 0;
  private gradBatchCapacity = 0;

  constructor(private readonly shape: RecurrentShape) {
    const { units: H, gates: G, act, recAct, goBackwards } = shape;
    const k = kernels();
    this.io = {
      B: 0, T: 0, I: 0, H, act, recAct, goBackwards, mm: k.matmul, af: k.activations, gk: k.gates,
      x: empty(), h0: empty(), c0: null, W: empty(), U: empty(), b: null, inMask: null, recMask: null, stepMask: null,
      hs: empty(), cs: null, zs: empty(), gs: empty(), aux: null, xd: empty(), hd: empty(), hprev: empty(), Ut: floats(G * H * H), deferDU: false, inference: false,
      wholeSequenceCaches: () => this.ensureCaches(this.io.B * this.io.T),
    };
    this.g = {
      dhs: null, dhLast: null, dcLast: null, dx: null, dh0: null, dc0: null, dW: empty(), dU: empty(), db: null,
      dzs: empty(), dh: empty(), dc: null, tmp: empty(), row: floats(H), dzRec: null,
    };
  }

  /**
   * The forward pass's buffers for B sequences of T steps of I features; with `inference`, the gate caches for
   * one step (B rows: the fused loops' inference keeps no more; io.wholeSequenceCaches grows them). Throws past
   * the memory limit (capacities unchanged).
   */
  ensure(B: number, T: number, I: number, inference: boolean): void {
    const { units: H, gates: G, stateCount } = this.shape, io = this.io;
    this.ensureCaches(inference ? B : B * T);
    if (B * T > this.rowCapacity) {
      const rows = B * T;
      io.hs = floats(rows * H);
      io.cs = stateCount === 2 ? floats(rows * H) : null;
      io.xd = floats(rows * I);
      this.rowCapacity = rows;
    }
    if (B > this.batchCapacity) {
      this.zeroState = floats(B * H);
      this.h0 = floats(B * H);
      this.c0 = floats(B * H);
      this.last = floats(B * H);
      io.hd = floats(B * H);
      io.inMask = null;
      io.recMask = null;
      this.inMask = floats(G * B * I);
      this.recMask = floats(G * B * H);
      this.batchCapacity = B;
    }
  }

  /** The buffer for a masked output sequence of `rows` rows [B·T, H], allocated at its first use (masks only). */
  maskedSequence(rows: number): FloatArray {
    if (this.seqOut.length < rows * this.shape.units) this.seqOut = floats(rows * this.shape.units);
    return this.seqOut;
  }

  /** zs [rows, G·H], gs [rows, G·H] (gated cells) and aux [rows, auxPerStep] for at least `rows` rows. */
  private ensureCaches(rows: number): void {
    if (rows <= this.cacheRowCapacity) return;
    const { units: H, gates: G, auxPerStep } = this.shape, io = this.io;
    io.zs = floats(rows * G * H);
    io.gs = G > 1 ? floats(rows * G * H) : empty();
    io.aux = auxPerStep > 0 ? floats(rows * auxPerStep) : null;
    this.cacheRowCapacity = rows;
  }

  /** The backward pass's buffers, allocated at its first use: predict and evaluate never need them. */
  ensureGrad(B: number, T: number): void {
    const { units: H, gates: G, stateCount } = this.shape, io = this.io, g = this.g;
    if (B * T > this.gradRowCapacity) {
      const rows = B * T;
      io.hprev = floats(rows * H);
      g.dzs = floats(rows * G * H);
      g.dx = floats(rows * io.I);
      this.dySeq = floats(rows * H);
      this.gradRowCapacity = rows;
    }
    if (B > this.gradBatchCapacity) {
      g.dh = floats(B * H);
      g.dc = stateCount === 2 ? floats(B * H) : null;
      g.tmp = floats(B * G * H);
      g.dzRec = G === 3 ? floats(B * G * H) : null;
      this.gradBatchCapacity = B;
    }
  }
}

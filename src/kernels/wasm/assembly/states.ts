// AssemblyScript source: the state copy the deferred recurrent-weight gradient needs, in WebAssembly so that a
// small layer (the Keras tutorial's) does not pay a JavaScript loop per batch row. Same contract as
// src/kernels/ref/recurrent_common.ts previousStates (copies only: bit-identical).

/**
 * hprev[b, t] = the state before the step that reads input time t: h0[b] for the first step, else hs[b, s − 1]
 * (s the step of t; t = s, or T − 1 − s under goBackwards). hprev, hs [B, T, H]; h0 [B, H].
 */
export function previousStates(hprev: usize, h0: usize, hs: usize, B: i32, T: i32, H: i32, goBackwards: i32): void {
  const H4 = <usize>H << 2, TH4 = <usize>T * H4;
  for (let b = 0; b < B; b++) {
    const dst = hprev + <usize>b * TH4, src = hs + <usize>b * TH4, first = h0 + <usize>b * H4;
    if (!goBackwards) {
      memory.copy(dst, first, H4);
      if (T > 1) memory.copy(dst + H4, src, <usize>(T - 1) * H4);
      continue;
    }
    memory.copy(dst + <usize>(T - 1) * H4, first, H4); // step 0 reads time T − 1
    for (let s = 1; s < T; s++) memory.copy(dst + <usize>(T - 1 - s) * H4, src + <usize>(s - 1) * H4, H4);
  }
}

// Declaration of the generated module dist/src/kernels/wasm/binary.js (scripts/build-wasm.mjs).
/** The WebAssembly kernels, base64-encoded. */
export declare const wasmBase64: string;
/** The same kernels built with relaxed SIMD (fused multiply-adds in the matrix products). */
export declare const wasmRelaxedBase64: string;

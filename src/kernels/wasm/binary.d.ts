// Declaration of the generated module dist/src/kernels/wasm/binary.js (scripts/build-wasm.mjs).
/** The WebAssembly kernels, base64-encoded. */
export declare const wasmBase64: string;

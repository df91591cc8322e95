// Entry point of the WebAssembly kernels (AssemblyScript). See scripts/build-wasm.mjs; the time-loop kernels'
// arguments are listed once in src/kernels/wasm/jobs.ts (ROW_KERNELS), which a test checks against these exports.
export { gemm, gemmBias, gemmBlocked, gemmNT, transpose, addRows, colSum } from './matmul';
export { actForward, actBackward } from './activations';
export { lstmCell, lstmOut, lstmBackOut, lstmBackCell, mulRows, addRowsTo, gruOut, gruBackOut, gruBackReset } from './gates';
export { simpleRnnForwardRows, simpleRnnBackwardRows, lstmForwardRows, lstmBackwardRows } from './sequence';
export { gruForwardRows, gruBackwardRows, gruResetAfterForwardRows, gruResetAfterBackwardRows } from './sequence_gru';
export { adamUpdate, sgdUpdate } from './optimizers';
export { embeddingGather, embeddingScatterAdd } from './embedding';
export { previousStates } from './states';

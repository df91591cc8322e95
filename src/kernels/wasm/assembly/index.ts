// Entry point of the WebAssembly kernels (AssemblyScript). See scripts/build-wasm.mjs.
export { gemm, gemmNT, transpose, addRows, colSum } from './matmul';
export { actForward, actBackward } from './activations';
export { lstmCell, lstmOut, lstmBackOut, lstmBackCell, mulRows, addRowsTo, gruOut, gruBackOut, gruBackReset } from './gates';
export { simpleRnnForwardRows, simpleRnnBackwardRows, gruForwardRows, gruBackwardRows, lstmForwardRows, lstmBackwardRows } from './sequence';

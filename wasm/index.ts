// The WebAssembly kernels of the pipeline (src/pipeline/wasm/kernels.ts loads them; each has a
// JavaScript twin in src/pipeline/kernels/ that it must equal byte for byte).

export { mapBytes, tableToFloats, histogram, byteRanges, channelSums } from './tables';
export { saturate, toGrey } from './colour';
export { sharpen } from './filters';
export { warpNearest, shiftColumns } from './warp';
export { gatherByTables, warpPair } from './chain';
export { warpBilinear, bilinearByTables } from './bilinear';
export { noiseTail } from './pointwise';
export { blendKeeping } from './mix';

/** First free byte of memory after the module's static data: JavaScript lays out buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}

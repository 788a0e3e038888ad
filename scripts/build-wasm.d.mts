/** Path of the generated module that holds the kernels' bytes (src/pipeline/wasm/binary.ts). */
export const BINARY_MODULE: string;
/** Compiles wasm/index.ts (AssemblyScript) into the kernels' WebAssembly bytes. */
export function compileKernels(): Promise<Uint8Array>;
/** The text of src/pipeline/wasm/binary.ts for these bytes. */
export function binaryModuleText(binary: Uint8Array): string;

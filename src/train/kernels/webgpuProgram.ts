// The slice of tfjs-backend-webgpu's program interface our WGSL kernels use. WebGPUBackend's
// program runner is not in tfjs's public types, so it is declared here, once.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/** What the backend's runner reads from a program (tfjs-backend-webgpu webgpu_program.ts). */
export interface WebGpuProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  uniforms?: string;
  workgroupSize: [number, number, number];
  size?: boolean;
  getUserCode(): string;
}

export type ProgramUniform = { type: 'int32' | 'float32'; data: number[] }[];

export interface WebGpuBackendLike {
  runWebGPUProgram(program: WebGpuProgram, inputs: TensorInfo[], outputDtype: 'float32', uniforms?: ProgramUniform): TensorInfo;
}

export function isWebGpuBackend(backend: KernelBackend): backend is KernelBackend & WebGpuBackendLike {
  return typeof (backend as Partial<WebGpuBackendLike>).runWebGPUProgram === 'function';
}

// Small CPU-to-GPU uploads on tfjs-webgpu through queue.writeBuffer into a pooled buffer.
//
// tfjs-webgpu 4.22 uploads a tensor whose values are on the CPU through a buffer created mapped
// (createBuffer every time: a mapped buffer cannot come from the pool) and, when the pool hands
// back an unmapped one, a second mapped staging buffer. Each training step uploads a few scalars
// and batch-sized vectors (the loss's 1/n, the initial gradient of 1, labels' weights); on an H200
// host that was ~10% of the small CNN's CPU time per step (V8 profile, bench/gpu/README.md).
// queue.writeBuffer into a buffer from the pool costs no allocation. It is ordered before the
// commands recorded but not yet submitted, which is safe here: a pooled buffer's earlier users
// were all submitted before it was released (tfjs releases at submit), and its new users are
// recorded after this call.

import type { DataId } from '@tensorflow/tfjs-core';

/** Uploads up to this many bytes go through writeBuffer; larger ones keep tfjs's mapped path. */
export const SMALL_UPLOAD_BYTES = 1 << 16;

interface UploadBackend {
  uploadToGPU(dataId: DataId): void;
  tensorMap: { get(dataId: DataId): { resource?: unknown; values?: ArrayLike<number> | null; dtype: string; shape: number[] } | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer };
  queue: GPUQueue;
}

let patched: { proto: UploadBackend; stock: UploadBackend['uploadToGPU'] } | undefined;
let uploads = 0;

/** Small uploads served by ours since load. */
export function smallUploadCount(): number {
  return uploads;
}

function isUploadBackend(backend: unknown): backend is UploadBackend {
  const b = backend as Partial<UploadBackend> | null;
  return b != null && typeof b.uploadToGPU === 'function' && b.tensorMap != null && b.bufferManager != null && b.queue != null;
}

/** Patches the WebGPU backend class of `backend` (once; a no-op for other backends). */
export function installSmallUploads(backend: unknown): void {
  if (patched || !isUploadBackend(backend) || typeof GPUBufferUsage === 'undefined') return;
  const proto = Object.getPrototypeOf(backend) as UploadBackend;
  const stock = proto.uploadToGPU;
  proto.uploadToGPU = function (this: UploadBackend, dataId: DataId) {
    const data = this.tensorMap.get(dataId);
    const values = data?.values;
    if (!data || data.resource != null || !values || !['float32', 'int32', 'bool'].includes(data.dtype)) return stock.call(this, dataId);
    const bytes = 4 * values.length;
    if (bytes === 0 || bytes > SMALL_UPLOAD_BYTES) return stock.call(this, dataId);
    // tfjs stores bool as Uint8Array on the CPU and int32 on the GPU.
    const array = data.dtype === 'float32' ? (values instanceof Float32Array ? values : Float32Array.from(values)) : values instanceof Int32Array ? values : Int32Array.from(values);
    const buffer = this.bufferManager.acquireBuffer(bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    this.queue.writeBuffer(buffer, 0, array.buffer, array.byteOffset, bytes);
    data.values = null;
    data.resource = buffer;
    uploads++;
  };
  patched = { proto, stock };
}

/** Puts tfjs's upload back. */
export function uninstallSmallUploads(): void {
  if (!patched) return;
  patched.proto.uploadToGPU = patched.stock;
  patched = undefined;
}

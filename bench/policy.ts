// Issue 15: RandAugment(2, 9) through the fused executor (the drawn ops in the plan, runs of
// geometric steps as one resampling, of per-value steps as one table) vs the same drawn ops applied
// one at a time (the reference path), and the fused executor with the JavaScript twins of the
// WebAssembly kernels, at 64 and 224 px, in one Node thread. Prints one JSON object.
// With IMAGES_DIR, writes the images as policy_<size>.u8 for bench/policy_opencv.py.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipeline, runPipelineInto } from '../src/pipeline/index.js';
import { benchImages } from './s1.js';
import { setWasmKernels, wasmKernels } from '../src/pipeline/wasm/kernels.js';
import { measureRounds } from './timing.js';

const SIZES = [64, 224] as const;
const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);
const pipeline = parsePipeline({ format: 'augplay.pipeline', version: 2, seed: 5, steps: [{ op: 'randAugment', p: 1, params: { numOps: 2, magnitude: 9 } }] });
const rows = [];
for (const size of SIZES) {
  const images = benchImages(size);
  const imagesDir = process.env.IMAGES_DIR;
  if (imagesDir) {
    mkdirSync(imagesDir, { recursive: true });
    writeFileSync(join(imagesDir, `policy_${size}.u8`), Buffer.concat(images.map((im) => Buffer.from(im.data.buffer, im.data.byteOffset, im.data.byteLength))));
  }
  const out = new Float32Array(size * size * 3);
  const work = (reference: boolean, wasm = true) => {
    let index = 0;
    return () => {
      setWasmKernels(wasm);
      const image = images[index % images.length]!;
      runPipelineInto(pipeline, image, { epoch: 0, index: index++, mode: 'train', reference }, { data: out, offset: 0, layout: 'NHWC' });
      return 1;
    };
  };
  if (!wasmKernels()) throw new Error('the WebAssembly kernels did not start');
  const r = measureRounds({ fused: work(false), opByOp: work(true), fusedJs: work(false, false) }, seconds);
  setWasmKernels(true);
  const row = {
    size,
    policy: 'randAugment numOps 2, magnitude 9',
    fused_images_per_s: r.fused.perSecond,
    op_by_op_images_per_s: r.opByOp.perSecond,
    fused_images_per_cpu_s: r.fused.perCpuSecond,
    op_by_op_images_per_cpu_s: r.opByOp.perCpuSecond,
    fused_speedup: r.fused.perSecond / r.opByOp.perSecond,
    fused_js_kernels_images_per_s: r.fusedJs.perSecond,
    fused_js_kernels_images_per_cpu_s: r.fusedJs.perCpuSecond,
  };
  rows.push(row);
  process.stderr.write(`policy ${size}px: fused ${row.fused_images_per_s.toFixed(0)}/s, op by op ${row.op_by_op_images_per_s.toFixed(0)}/s (x${row.fused_speedup.toFixed(2)}), fused with JavaScript kernels ${row.fused_js_kernels_images_per_s.toFixed(0)}/s\n`);
}
process.stdout.write(JSON.stringify({ policy: rows }) + '\n');

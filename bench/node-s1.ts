// Workload 1: S1 in one Node thread, fused (compiled) vs op by op (`reference: true`), per size.
// Prints one JSON object on stdout; writes the input images to IMAGES_DIR for the OpenCV run.

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../src/pipeline/index.js';
import { benchImages, s1Pipeline, S1_SIZES, type BenchImage } from './s1.js';
import { measureRounds } from './timing.js';

const pipeline = s1Pipeline();

function throughput(images: BenchImage[], reference: boolean): () => number {
  let index = 0;
  return () => {
    // A new sample index each call: new draws (flip or not, angle, factors, noise) every time.
    const image = images[index % images.length]!;
    runPipeline(pipeline, image, { epoch: 0, index: index++, mode: 'train', reference });
    return 1;
  };
}

/** Largest difference between the two paths over a few samples, as a sanity check of what is timed. */
function maxDifference(images: BenchImage[]): number {
  let max = 0;
  for (let index = 0; index < 16; index++) {
    const image = images[index % images.length]!;
    const a = runPipeline(pipeline, image, { epoch: 0, index, mode: 'train' }).data;
    const b = runPipeline(pipeline, image, { epoch: 0, index, mode: 'train', reference: true }).data;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  }
  return max;
}

const imagesDir = process.env.IMAGES_DIR;
const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);
const rows = [];
for (const size of S1_SIZES) {
  const images = benchImages(size);
  if (imagesDir) {
    mkdirSync(imagesDir, { recursive: true });
    writeFileSync(join(imagesDir, `s1_${size}.u8`), Buffer.concat(images.map((im) => Buffer.from(im.data.buffer, im.data.byteOffset, im.data.byteLength))));
  }
  const result = measureRounds({ fused: throughput(images, false), op_by_op: throughput(images, true) }, seconds);
  rows.push({
    size,
    fused_images_per_s: result.fused.perSecond,
    op_by_op_images_per_s: result.op_by_op.perSecond,
    fused_images_per_cpu_s: result.fused.perCpuSecond,
    op_by_op_images_per_cpu_s: result.op_by_op.perCpuSecond,
    fused_vs_op_by_op_max_abs_diff: maxDifference(images),
  });
  const f = result.fused;
  const r = result.op_by_op;
  process.stderr.write(`s1_node ${size}px: fused ${f.perSecond.toFixed(0)}/s (${f.perCpuSecond?.toFixed(0)}/cpu-s), op by op ${r.perSecond.toFixed(0)}/s (${r.perCpuSecond?.toFixed(0)}/cpu-s)\n`);
}
process.stdout.write(JSON.stringify({ s1_node: rows }) + '\n');

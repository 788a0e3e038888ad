// Issue 15: AugMix (severity 3, width 3, depth 1-3, torchvision's defaults) through the fused executor
// (each chain fused, one float64 accumulation) vs op by op (each chain's ops one at a time), at 64 and
// 224 px, in one Node thread, with RandAugment(2, 9) in the same run as the yardstick. Prints JSON.
// Run: node -e "import('rolldown').then(({build}) => build({input: 'bench/augmix.ts', platform: 'node', output: {format: 'esm', file: 'bench/tmp/augmix.mjs'}}))" && node bench/tmp/augmix.mjs

import { parsePipeline, runPipelineInto } from '../src/pipeline/index.js';
import { benchImages } from './s1.js';
import { measureRounds } from './timing.js';

const SIZES = [64, 224] as const;
const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);
const doc = (step: unknown) => parsePipeline({ format: 'augplay.pipeline', version: 2, seed: 5, steps: [step] });
const augMix = doc({ op: 'augMix', p: 1 });
const randAugment = doc({ op: 'randAugment', p: 1, params: { numOps: 2, magnitude: 9 } });
const rows = [];
for (const size of SIZES) {
  const images = benchImages(size);
  const out = new Float32Array(size * size * 3);
  const work = (pipeline: typeof augMix, reference: boolean) => {
    let index = 0;
    return () => {
      runPipelineInto(pipeline, images[index % images.length]!, { epoch: 0, index: index++, mode: 'train', reference }, { data: out, offset: 0, layout: 'NHWC' });
      return 1;
    };
  };
  const r = measureRounds({ fused: work(augMix, false), opByOp: work(augMix, true), randAugment: work(randAugment, false) }, seconds);
  const row = {
    size,
    augmix_fused_images_per_s: r.fused.perSecond,
    augmix_op_by_op_images_per_s: r.opByOp.perSecond,
    augmix_fused_images_per_cpu_s: r.fused.perCpuSecond,
    rand_augment_fused_images_per_cpu_s: r.randAugment.perCpuSecond,
    fused_speedup: r.fused.perSecond / r.opByOp.perSecond,
    augmix_cost_vs_rand_augment: (r.randAugment.perCpuSecond ?? NaN) / (r.fused.perCpuSecond ?? NaN),
  };
  rows.push(row);
  process.stderr.write(`augMix ${size}px: fused ${row.augmix_fused_images_per_s.toFixed(0)}/s, op by op ${row.augmix_op_by_op_images_per_s.toFixed(0)}/s (x${row.fused_speedup.toFixed(2)}); ${row.augmix_cost_vs_rand_augment.toFixed(2)}x RandAugment(2, 9)'s time\n`);
}
process.stdout.write(JSON.stringify({ augmix: rows }) + '\n');

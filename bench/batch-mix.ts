// Issue 15: the cost of batch steps. A worker's batch of S1 (the standard pipeline) with and without
// mixUp or cutMix (p = 1, so every batch is mixed, soft targets included), at 64 and 224 px, in one
// Node thread on the worker's own code. Target: at most 10% more per sample (the median over
// alternating rounds of the CPU time of a mixed batch over a plain one). Prints one JSON object.

import { createWorkerApi } from '../src/workers/api.js';
import { parsePipeline, type Pipeline } from '../src/pipeline/index.js';
import { benchImages, s1Pipeline } from './s1.js';
import { measureRounds } from './timing.js';

const SIZES = [64, 224] as const;
const BATCH = 32;
const SAMPLES = 32;
const CLASSES = 10;
/** Alternating plain / mixed rounds for the median overhead. */
const OVERHEAD_ROUNDS = 25;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);
const plain = s1Pipeline();
const withBatch = (op: 'mixUp' | 'cutMix'): Pipeline => parsePipeline({ ...plain, batch: [{ op, alpha: op === 'mixUp' ? 0.2 : 1, p: 1 }] });
const rows = [];
for (const size of SIZES) {
  const images = benchImages(size);
  const n = size * size * 3;
  const pixels = new Uint8Array(SAMPLES * n);
  for (let i = 0; i < SAMPLES; i++) pixels.set(images[i % images.length]!.data, i * n);
  const api = createWorkerApi({ transfer: (value) => value });
  api.setDataset({ generation: 1, sizePx: size, pixels, labels: Int32Array.from({ length: SAMPLES }, (_, i) => i % CLASSES) });
  const work = (pipeline: Pipeline) => {
    let epoch = 0;
    return () => {
      const sampleIndices = Int32Array.from({ length: BATCH }, (_, k) => (k + epoch) % SAMPLES);
      api.batch({ generation: 1, pipeline, mode: 'train', epoch: epoch++, sampleIndices, numClasses: CLASSES });
      return BATCH;
    };
  };
  const candidates = { plain: work(plain), mixup: work(withBatch('mixUp')), cutmix: work(withBatch('cutMix')) };
  const r = measureRounds(candidates, seconds);
  // The overhead itself: CPU time of a mixed batch over the plain batch just before it, in many
  // alternating rounds, median (on a shared machine the best round of each alone moves by more
  // than the blend costs).
  const ratios = { mixup: [] as number[], cutmix: [] as number[] };
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const timed = (w: () => number, reps: number) => {
    const t = cpuMs();
    for (let i = 0; i < reps; i++) w();
    return cpuMs() - t;
  };
  const reps = size > 100 ? 3 : 20;
  for (let round = 0; round < OVERHEAD_ROUNDS; round++) {
    const base = timed(candidates.plain, reps);
    ratios.mixup.push(timed(candidates.mixup, reps) / base - 1);
    ratios.cutmix.push(timed(candidates.cutmix, reps) / base - 1);
  }
  const row = {
    size,
    batch: BATCH,
    plain_per_s: r.plain.perSecond,
    mixup_per_s: r.mixup.perSecond,
    cutmix_per_s: r.cutmix.perSecond,
    plain_per_cpu_s: r.plain.perCpuSecond,
    mixup_per_cpu_s: r.mixup.perCpuSecond,
    cutmix_per_cpu_s: r.cutmix.perCpuSecond,
    mixup_overhead: r.plain.perSecond / r.mixup.perSecond - 1,
    cutmix_overhead: r.plain.perSecond / r.cutmix.perSecond - 1,
    mixup_overhead_per_cpu_s: r.plain.perCpuSecond && r.mixup.perCpuSecond ? r.plain.perCpuSecond / r.mixup.perCpuSecond - 1 : null,
    cutmix_overhead_per_cpu_s: r.plain.perCpuSecond && r.cutmix.perCpuSecond ? r.plain.perCpuSecond / r.cutmix.perCpuSecond - 1 : null,
    mixup_overhead_cpu_median: median(ratios.mixup),
    cutmix_overhead_cpu_median: median(ratios.cutmix),
    overhead_rounds: OVERHEAD_ROUNDS,
    target_max_overhead: 0.1,
  };
  rows.push(row);
  process.stderr.write(`batch_mix ${size}px: plain ${row.plain_per_s.toFixed(0)}/s, mixUp ${row.mixup_per_s.toFixed(0)}/s (+${(row.mixup_overhead * 100).toFixed(1)}%), cutMix ${row.cutmix_per_s.toFixed(0)}/s (+${(row.cutmix_overhead * 100).toFixed(1)}%); per CPU-s +${((row.mixup_overhead_per_cpu_s ?? NaN) * 100).toFixed(1)}% / +${((row.cutmix_overhead_per_cpu_s ?? NaN) * 100).toFixed(1)}%; CPU, median of ${OVERHEAD_ROUNDS} alternating rounds +${(row.mixup_overhead_cpu_median * 100).toFixed(1)}% / +${(row.cutmix_overhead_cpu_median * 100).toFixed(1)}%\n`);
}
process.stdout.write(JSON.stringify({ batch_mix: rows }) + '\n');

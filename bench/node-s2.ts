// Workload S2 in one Node thread: series per second through runSeriesPipeline, per length.
// Prints one JSON object on stdout; writes the input series to S2_DIR for the NumPy run.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSeriesPipeline } from '../src/pipeline/series/run.js';
import { s2Pipeline, s2Series, S2_LENGTHS } from './s2.js';
import { measureRounds } from './timing.js';

const pipeline = s2Pipeline();
const dir = process.env.S2_DIR;
const seconds = Number(process.env.BENCH_SECONDS ?? 1.5);
const rows = [];
for (const length of S2_LENGTHS) {
  const series = s2Series(length);
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `s2_${length}.f32`), Buffer.concat(series.map((s) => Buffer.from(s.data.buffer, s.data.byteOffset, s.data.byteLength))));
  }
  let index = 0;
  const result = measureRounds(
    {
      ours: () => {
        runSeriesPipeline(pipeline, series[index % series.length]!, { epoch: 0, index: index++, mode: 'train' });
        return 1;
      },
    },
    seconds,
  );
  rows.push({ length, channels: 3, ours_series_per_s: result.ours.perSecond, ours_series_per_cpu_s: result.ours.perCpuSecond });
  process.stderr.write(`s2_node ${length} steps: ${result.ours.perSecond.toFixed(0)}/s (${result.ours.perCpuSecond?.toFixed(0)}/cpu-s)\n`);
}
process.stdout.write(JSON.stringify({ s2_node: rows }) + '\n');

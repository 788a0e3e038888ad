// Workload 2, the pool: the real DataEngine and loader of src/workers on the bench page, at the
// app's working size and larger, best of interleaved rounds, then one traced round per worker count.
import { log } from '../serve.mjs';
import { SECONDS, round1, traced } from './harness.mjs';

/** Image size of workload 2, in pixels per side: the app's working size. */
export const POOL_SIZE_PX = 64;
/** Further sizes for the pool (224: what ImageNet-sized models take). */
const POOL_EXTRA_SIZES_PX = [224];
/** Images per batch the loader delivers (as the tfjs baseline's batches). */
export const POOL_BATCH = 32;
/** tfjs backends tried for the tfjs-ops baseline; the fastest is the headline figure. */
export const TFJS_BACKENDS = ['webgpu', 'webgl', 'cpu'];

/** Rounds per worker count, interleaved; the best is the figure (as measureRounds does on one thread). */
const POOL_ROUNDS = 5;
/**
 * Workload 2, the pool: the real DataEngine/loader at each size, best of interleaved rounds; then
 * one traced round per worker count (not counted in the figures: tracing costs time), which gives
 * each worker thread's busy and CPU time, hence images per worker CPU-second and the share of a
 * core the workers actually got on this shared machine.
 */
export async function poolWorkload(page) {
  const roundMs = (size) => Math.round((size <= 64 ? 700 : 1500) * Math.max(1, SECONDS / 2));
  const bySize = [];
  for (const size of [POOL_SIZE_PX, ...POOL_EXTRA_SIZES_PX]) {
    log(`browser: workload 2 pool at ${size} px`);
    const { workers, workers_default } = await page.evaluate(([s, b]) => window.augplayBench.openPools(s, b, [1, 2, Math.max(1, navigator.hardwareConcurrency - 1)]), [size, POOL_BATCH]);
    const rounds = Object.fromEntries(workers.map((w) => [w, []]));
    for (let r = 0; r < POOL_ROUNDS; r++) {
      for (const w of workers) rounds[w].push(await page.evaluate(([w, b, ms]) => window.augplayBench.poolRoundOf(w, b, ms), [w, POOL_BATCH, roundMs(size)]));
    }
    const rate = (x) => (x.images * 1000) / x.ms;
    const best = (list) => list.reduce((a, b) => (rate(b) > rate(a) ? b : a));
    const traces = {};
    for (const w of workers) {
      const { value, trace } = await traced(page, () => page.evaluate(([w, b, ms]) => window.augplayBench.poolRoundOf(w, b, ms), [w, POOL_BATCH, roundMs(size)]));
      const pool = trace.threads.filter((t) => t.thread === 'DedicatedWorker thread' && t.busy_ms > 0.05 * value.ms);
      const cpu = pool.reduce((a, t) => a + t.cpu_ms, 0);
      const busy = pool.reduce((a, t) => a + t.busy_ms, 0);
      traces[w] = {
        images_per_s: rate(value),
        images_per_worker_cpu_s: cpu > 0 ? (value.images * 1000) / cpu : null,
        worker_busy_fraction: round1((busy / (value.ms * w)) * 100) / 100,
        worker_cpu_per_busy: busy > 0 ? Math.round((cpu / busy) * 100) / 100 : null,
        ...trace,
      };
    }
    await page.evaluate(() => window.augplayBench.closePools());
    const r = {
      size,
      batch: POOL_BATCH,
      workers_default,
      images_per_s_by_workers: Object.fromEntries(workers.map((w) => [String(w), rate(best(rounds[w]))])),
      wait_fraction_by_workers: Object.fromEntries(workers.map((w) => [String(w), best(rounds[w]).waitMs / best(rounds[w]).ms])),
      rounds_images_per_s_by_workers: Object.fromEntries(workers.map((w) => [String(w), rounds[w].map((x) => Math.round(rate(x)))])),
      traced_round_by_workers: traces,
    };
    log(`browser: pool ${size} px: ${Object.entries(r.images_per_s_by_workers).map(([w, v]) => `${w} worker(s) ${v.toFixed(0)}/s (traced: ${traces[w].images_per_worker_cpu_s?.toFixed(0)}/worker CPU-s, CPU/busy ${traces[w].worker_cpu_per_busy})`).join(', ')}`);
    bySize.push(r);
  }
  return { bySize };
}

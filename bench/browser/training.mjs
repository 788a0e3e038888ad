// Workload 3: the app's Trainer on the bench page (bench/page/training.ts), one page load per tfjs
// backend, each model trained ideal (tensors in memory) and fed (by the worker pool).
import { log } from '../serve.mjs';
import { withTimeout } from './harness.mjs';

/** Workload 3: tfjs backends tried, in the app's order; each gets a fresh page (one backend per page load). */
const TRAIN_BACKENDS = (process.env.BENCH_TRAIN_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',');
const TRAIN_MODELS = (process.env.BENCH_TRAIN_MODELS ?? 'mlp,cnn-small').split(',');
export const TRAIN_BATCH = 32;
/**
 * Steps per model: warm-up steps not counted, then up to `steps` counted or `maxSeconds` of them
 * (at least `minSteps`). SwiftShader and the JS CPU backend train the CNN slowly, so its windows
 * are short, and a (backend, model) whose variants do not finish within TRAIN_VARIANT_TIMEOUT_S
 * is recorded as null with the step times it reached.
 */
const PLANS = {
  mlp: { model: 'mlp', batchSize: TRAIN_BATCH, warmup: 3, steps: 20, maxSeconds: 6, minSteps: 5 },
  'cnn-small': { model: 'cnn-small', batchSize: TRAIN_BATCH, warmup: 2, steps: 12, maxSeconds: 12, minSteps: 3 },
};
const TRAIN_VARIANT_TIMEOUT_S = Number(process.env.BENCH_TRAIN_VARIANT_TIMEOUT_S ?? 40);
/**
 * BENCH_TRAIN_SLOW=1: the small CNN on SwiftShader (webgpu, webgl) and the JS CPU backend too, at
 * 1 warm-up + 2 counted steps per variant and up to 110 s each (many minutes in all; not the default).
 */
const TRAIN_SLOW = process.env.BENCH_TRAIN_SLOW === '1';
const SLOW_BACKENDS = ['webgpu', 'webgl', 'cpu'];
const planFor = (backend, model) =>
  TRAIN_SLOW && model === 'cnn-small' && SLOW_BACKENDS.includes(backend) ? { ...PLANS[model], warmup: 1, steps: 2, minSteps: 2, maxSeconds: 0, timeoutS: 110 } : { ...PLANS[model], timeoutS: TRAIN_VARIANT_TIMEOUT_S };


function trainingRow(backend, plan, ideal, fed, idealRuns) {
  return {
    backend,
    model: plan.model,
    ideal_samples_per_s: ideal.samples_per_s,
    fed_samples_per_s: fed.samples_per_s,
    wait_fraction: fed.wait_fraction,
    fed_over_ideal: fed.samples_per_s / ideal.samples_per_s,
    batch_size: plan.batchSize,
    size_px: 64,
    params: fed.params,
    warmup_steps: plan.warmup,
    ideal_steps: ideal.steps,
    fed_steps: fed.steps,
    ideal_samples_per_s_runs: idealRuns.map((r) => r.samples_per_s),
    ideal_wall_samples_per_s: ideal.wall_samples_per_s,
    fed_wall_samples_per_s: fed.wall_samples_per_s,
    ideal_wait_fraction: ideal.wait_fraction,
    ideal_step_ms_median: ideal.step_ms_median,
    fed_step_ms_median: fed.step_ms_median,
    fed_step_ms_max: fed.step_ms_max,
    fed_wait_ms_total: fed.wait_ms_total,
    fed_compute_ms_total: fed.compute_ms_total,
    ideal_compute_ms_total: ideal.compute_ms_total,
    warmup_ms: { ideal: idealRuns[0].warmup_ms, fed: fed.warmup_ms },
    longest_task_ms: Math.max(fed.longest_task_ms, ...idealRuns.map((r) => r.longest_task_ms)),
    longest_task_ms_fed: fed.longest_task_ms,
    long_tasks_fed: fed.long_tasks,
  };
}

/**
 * Workload 3 on the bench page (bench/page/training.ts): per backend one page load; per model the
 * app's Trainer ideal, then fed, then ideal again when time allows (the ideal figure is the better
 * of the two, so the order does not favour fed). Each call has its own time limit; on a timeout the
 * row is null with the step times reached, and the backend's page is dropped.
 */
export async function trainingWorkload(browser, url) {
  const rows = [];
  const runs = [];
  for (const backend of TRAIN_BACKENDS) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    log(`browser: workload 3 on ${backend}`);
    const started = Date.now();
    const run = { backend };
    runs.push(run);
    const models = TRAIN_MODELS.map((m) => planFor(backend, m));
    const nullRow = (plan, why) => ({ backend, model: plan.model, ideal_samples_per_s: null, fed_samples_per_s: null, wait_fraction: null, batch_size: plan.batchSize, size_px: 64, note: `not measured: ${why}` });
    try {
      await page.goto(url);
      await page.waitForFunction(() => window.augplayBench?.ready === true, null, { timeout: 60_000 });
      Object.assign(run, await withTimeout(page.evaluate(([b, conv]) => window.augplayBench.trainingOpen(b, conv), [backend, models.some((p) => p.model !== 'mlp')]), 90_000, `starting ${backend}`));
      let broken = null;
      for (const plan of models) {
        if (broken) {
          rows.push(nullRow(plan, broken));
          continue;
        }
        const variant = (v) => withTimeout(page.evaluate(([p, v]) => window.augplayBench.trainingVariant(p, v), [plan, v]), plan.timeoutS * 1000, `${plan.model} ${v} on ${backend}`);
        const t0 = Date.now();
        try {
          const ideal1 = await variant('ideal');
          const fed = await variant('fed');
          const idealRuns = [ideal1];
          if (Date.now() - t0 < TRAIN_VARIANT_TIMEOUT_S * 1000) idealRuns.push(await variant('ideal'));
          else log(`browser: ${backend} ${plan.model}: no second ideal run (over ${TRAIN_VARIANT_TIMEOUT_S} s already)`);
          const ideal = idealRuns.reduce((a, b) => (b.samples_per_s > a.samples_per_s ? b : a));
          const row = trainingRow(run.backend, plan, ideal, fed, idealRuns);
          rows.push(row);
          log(`browser: ${row.backend} ${row.model}: ideal ${row.ideal_samples_per_s.toFixed(1)}/s (${row.ideal_samples_per_s_runs.map((v) => v.toFixed(1)).join(', ')}), fed ${row.fed_samples_per_s.toFixed(1)}/s, wait ${(row.wait_fraction * 100).toFixed(1)}%, steps ${row.ideal_steps}/${row.fed_steps}, median step ${row.ideal_step_ms_median.toFixed(0)}/${row.fed_step_ms_median.toFixed(0)} ms, longest task ${row.longest_task_ms.toFixed(0)} ms`);
        } catch (error) {
          const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
          const reached = await withTimeout(page.evaluate(() => ({ ...window.augplayBench.trainingProgress })), 5_000, 'reading progress').catch(() => null);
          const detail = reached ? `; ${reached.variant} had done ${reached.stepsMs.length} step(s)${reached.stepsMs.length ? ` of ${reached.stepsMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}` : ''}` : '; the page did not answer (a step was still running)';
          log(`browser: workload 3 ${backend} ${plan.model}: ${why}${detail}`);
          rows.push(nullRow(plan, `${why}${detail}`));
          broken = `skipped: the previous model on ${backend} timed out`;
        }
      }
    } catch (error) {
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`browser: workload 3 on ${backend} failed: ${why}`);
      run.error = why;
      for (const plan of models) if (!rows.some((r) => r.backend === backend && r.model === plan.model)) rows.push(nullRow(plan, why));
    } finally {
      run.seconds = Math.round((Date.now() - started) / 1000);
      // A page stuck in a CPU-backend step does not answer: closing it ends its renderer.
      await withTimeout(page.close(), 20_000, 'closing the page').catch(() => {});
    }
    if (errors.length) run.page_errors = errors;
  }
  return { rows, runs };
}

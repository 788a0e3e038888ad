// Workloads 2-4 in Chromium: builds the bench page (bench/vite.config.ts) into dist-bench/, serves
// it with `vite preview`, drives Debian's Chromium through playwright-core and runs each
// measurement through the page's window.augplayBench hook (workload 2: baselines and the real
// worker pool and loader of src/workers). Workload 4 builds the app itself into dist-bench-app/,
// serves it on its own port and drives the real UI (the preview's "Variants" and a step's slider),
// reading the preview's latencies through the app's ?bench hook (src/main.tsx). Both record a
// Chromium trace (per-thread wall and CPU time, main-thread time by trace event) and, for the
// preview, a V8 CPU profile: the "where the time goes" of BENCHMARKS.md. Workload 3 trains the
// app's Trainer on the bench page (bench/page/training.ts), one page load per tfjs backend, ideal
// and fed; workload 4's "longest task during training" trains in the built app through its UI.
// Prints one JSON object.
//
// Usage: node bench/browser.mjs [seconds per candidate]
// Environment: BENCH_ONLY (pool,training,preview,uitrain,scale), BENCH_PORT, BENCH_APP_PORT,
// BENCH_OUT_DIR, BENCH_APP_OUT_DIR, BENCH_TRAIN_BACKENDS, BENCH_TRAIN_MODELS,
// BENCH_TRAIN_VARIANT_TIMEOUT_S, BENCH_TRAIN_SLOW=1, BENCH_UI_TRAIN_MODEL, BENCH_UI_TRAIN_WINDOW_S.
// The harness and one module per workload live in bench/browser/.

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { log } from './serve.mjs';
import { buildApp, ONLY, PORT, SECONDS, serve, VITE } from './browser/harness.mjs';
import { POOL_BATCH, POOL_SIZE_PX, poolWorkload, TFJS_BACKENDS } from './browser/pool.mjs';
import { previewWorkload } from './browser/preview.mjs';
import { trainingWorkload } from './browser/training.mjs';
import { trainingLongTasks } from './browser/uitrain.mjs';
import { autoBackendWorkload, scaleWorkload } from './browser/scale.mjs';

async function main() {
  execFileSync('npx', [...VITE.slice(0, 1), 'build', ...VITE.slice(1)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = await serve(VITE.slice(1), {}, PORT);
  const url = `http://localhost:${PORT}/`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => window.augplayBench?.ready === true, null, { timeout: 60_000 });

    let w2 = { main_thread_images_per_s: null, tfjs: [], tfjs_failed: [], webgl_renderer: null, cross_origin_isolated: null, hardware_concurrency: null };
    let pool = null;
    let poolError = 'skipped (BENCH_ONLY)';
    if (ONLY.has('pool')) {
      log(`browser: workload 2 baselines at ${POOL_SIZE_PX} px`);
      w2 = await page.evaluate(([size, seconds, backends]) => window.augplayBench.workload2(size, seconds, backends), [POOL_SIZE_PX, SECONDS, TFJS_BACKENDS]);
      log(`browser: main thread ${w2.main_thread_images_per_s.toFixed(0)}/s; tfjs ${w2.tfjs.map((t) => `${t.backend} ${t.images_per_s.toFixed(0)}/s`).join(', ')}`);

      poolError = null;
      try {
        pool = await poolWorkload(page);
        for (const r of pool.bySize) if (r.size !== POOL_SIZE_PX) r.main_thread_images_per_s = await page.evaluate(([s, sec]) => window.augplayBench.mainThreadOnly(s, sec), [r.size, SECONDS]);
      } catch (error) {
        poolError = error instanceof Error ? error.message : String(error);
        log(`browser: pool workload failed: ${poolError}`);
      }
    }
    const headline = [...w2.tfjs].sort((a, b) => b.images_per_s - a.images_per_s)[0] ?? null;
    const pool64 = pool?.bySize.find((r) => r.size === POOL_SIZE_PX);
    const tfjsVersion = await page.evaluate(() => window.augplayBench.tfjsVersion);
    const s1Json = await page.evaluate(() => window.augplayBench.s1PipelineJson);
    await page.close();

    let training = { rows: [], runs: [] };
    if (ONLY.has('training')) training = await trainingWorkload(browser, url);

    if (ONLY.has('preview') || ONLY.has('uitrain') || ONLY.has('scale')) buildApp();
    let ui = { preview_p50_ms: null, preview_p95_ms: null, longest_task_ms_preview: null, note: 'not measured: skipped (BENCH_ONLY)' };
    if (ONLY.has('preview')) {
      try {
        ui = await previewWorkload(browser);
        log(`browser: preview p50 ${ui.preview_p50_ms?.toFixed(1)} ms, p95 ${ui.preview_p95_ms?.toFixed(1)} ms, longest task ${ui.longest_task_ms_preview.toFixed(0)} ms`);
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        log(`browser: preview workload failed: ${why}`);
        ui = { preview_p50_ms: null, preview_p95_ms: null, longest_task_ms_preview: null, note: `not measured: the preview run failed (${why})` };
      }
    }
    let uiTrain = { longest_task_ms: null, note: 'skipped (BENCH_ONLY)' };
    if (ONLY.has('uitrain')) {
      try {
        uiTrain = await trainingLongTasks(browser, s1Json);
        log(`browser: app training on ${uiTrain.training_backend} (${uiTrain.training_model}): longest task after epoch 1 ${uiTrain.longest_task_ms.toFixed(0)} ms (${uiTrain.long_tasks_training} over 50 ms in ${uiTrain.training_window_s} s); epoch 1 ${uiTrain.longest_task_ms_epoch1.toFixed(0)} ms`);
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        log(`browser: app training long-task run failed: ${why}`);
        uiTrain = { longest_task_ms: null, note: `not measured: ${why}` };
      }
    }
    // Issue 16: the longest task during training per backend (WASM and CPU train in a worker).
    if (ONLY.has('uitrain') && uiTrain.longest_task_ms != null) {
      const byBackend = { [uiTrain.training_backend]: uiTrain.longest_task_ms };
      const attributed = { [uiTrain.training_backend]: uiTrain.long_tasks_attributed };
      const cpuByBackend = { [uiTrain.training_backend]: uiTrain.longest_task_cpu_ms };
      const tracedByBackend = { [uiTrain.training_backend]: uiTrain.long_tasks_traced_from_train };
      for (const backend of ['webgl', 'wasm', 'cpu']) {
        try {
          const run = await trainingLongTasks(browser, s1Json, backend);
          byBackend[backend] = run.training_backend === backend ? run.longest_task_ms : null;
          attributed[backend] = run.long_tasks_attributed;
          cpuByBackend[backend] = run.training_backend === backend ? run.longest_task_cpu_ms : null;
          tracedByBackend[backend] = run.long_tasks_traced_from_train;
          log(`browser: app training on ${backend}: longest task after epoch 1 ${run.longest_task_ms.toFixed(0)} ms`);
        } catch (error) {
          byBackend[backend] = null;
          log(`browser: app training on ${backend} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        }
      }
      uiTrain.longest_task_ms_by_backend = byBackend;
      uiTrain.long_tasks_attributed_by_backend = attributed;
      uiTrain.longest_task_cpu_ms_by_backend = cpuByBackend;
      uiTrain.long_tasks_traced_by_backend = tracedByBackend;
      // Auto (nothing forced, nothing stored): the longest task from the Train click on, the backends' measurement included.
      try {
        const run = await trainingLongTasks(browser, s1Json, 'auto');
        uiTrain.auto_start = { longest_task_ms_from_train: run.longest_task_ms_from_train, long_tasks_from_train_ms: run.long_tasks_from_train_ms, longest_task_ms_after_epoch1: run.longest_task_ms, train_click_to_first_batch_ms: run.train_click_to_first_batch_ms, long_tasks_attributed: run.long_tasks_attributed, chosen: run.training_backend, header: run.auto_header };
        uiTrain.train_click_longest_task_ms = run.train_click_longest_task_ms;
        uiTrain.train_click_longest_task_cpu_ms = run.train_click_longest_task_cpu_ms;
        uiTrain.auto_start.long_tasks_traced = run.long_tasks_traced_from_train;
        log(`browser: app training on auto (chose ${run.training_backend}): longest task from the Train click ${run.longest_task_ms_from_train.toFixed(0)} ms`);
      } catch (error) {
        uiTrain.train_click_longest_task_ms = null;
        uiTrain.train_click_longest_task_cpu_ms = null;
        uiTrain.auto_start = { longest_task_ms_from_train: null, note: `not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
      }
    }
    // Issue 16: the measured Auto choice (small CNN, batch 32), then 10,000 images through the UI.
    let backendAuto = null;
    let scale = null;
    if (ONLY.has('scale')) {
      try {
        backendAuto = await autoBackendWorkload(browser);
        log(`browser: auto backend chose ${backendAuto.chosen}: ${backendAuto.header}`);
      } catch (error) {
        backendAuto = { chosen: null, candidates: null, note: `not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
      }
      try {
        scale = await scaleWorkload(browser, join(dirname(fileURLToPath(import.meta.url)), 'tmp'));
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        log(`browser: scale workload failed: ${why}`);
        scale = { images: null, note: `not measured: ${why}` };
      }
    }
    const { page_errors: scaleErrors = [], ...scaleFigures } = scale ?? {};
    const { page_errors: trainErrors = [], note: uiTrainNote, ...uiTrainFigures } = uiTrain;
    const { page_errors: appErrors = [], ...uiFigures } = ui;

    return {
      browser: `Chromium ${browser.version()}`,
      tfjs_version: tfjsVersion,
      pool: {
        size: POOL_SIZE_PX,
        workers_default: pool64 ? pool64.workers_default : Math.max(1, w2.hardware_concurrency - 1),
        images_per_s_by_workers: pool64 ? pool64.images_per_s_by_workers : null,
        ...(pool64 ? {} : { images_per_s_by_workers_note: `not measured: ${poolError}` }),
        batch: POOL_BATCH,
        pipeline: 'S1 (bench/s1.ts)',
        main_thread_images_per_s: w2.main_thread_images_per_s,
        tfjs_ops_images_per_s: headline ? headline.images_per_s : null,
        tfjs_ops_backend: headline ? headline.backend : null,
        tfjs_ops_batch: headline ? headline.batch : null,
        tfjs_ops_by_backend: Object.fromEntries(w2.tfjs.map((t) => [t.backend, t.images_per_s])),
        tfjs_ops_failed: w2.tfjs_failed,
        wait_fraction_by_workers: pool64?.wait_fraction_by_workers ?? null,
        by_size: pool ? pool.bySize.map((r) => ({ ...r, main_thread_images_per_s: r.size === POOL_SIZE_PX ? w2.main_thread_images_per_s : r.main_thread_images_per_s })) : [],
        webgl_renderer: w2.webgl_renderer,
        cross_origin_isolated: w2.cross_origin_isolated,
        hardware_concurrency: w2.hardware_concurrency,
      },
      training: training.rows,
      training_runs: training.runs,
      training_note: training.rows.length ? null : 'not measured: skipped (BENCH_ONLY)',
      ui: {
        ...uiFigures,
        ...uiTrainFigures,
        ...(uiTrainNote ? { longest_task_note: `longest_task_ms (training after epoch 1) ${uiTrainNote}` } : {}),
      },
      ...(scale ? { scale: scaleFigures } : {}),
      ...(backendAuto ? { backend_auto: backendAuto } : {}),
      page_errors: [...pageErrors, ...appErrors, ...trainErrors, ...scaleErrors, ...training.runs.flatMap((r) => r.page_errors ?? [])],
    };
  } finally {
    await browser?.close();
    stop();
  }
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (error) => {
    log(`browser bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);

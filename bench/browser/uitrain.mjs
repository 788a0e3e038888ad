// Workload 4's "longest task during training": the built app trained through its UI, with a
// PerformanceObserver('longtask') from the page's start.
import { APP_OUT_DIR, APP_PORT, round1, serve } from './harness.mjs';
import { TRAIN_BATCH } from './training.mjs';

/** The app's model for the long-task run: the MLP (an epoch of the small CNN on SwiftShader WebGPU takes minutes). */
const UI_TRAIN_MODEL = process.env.BENCH_UI_TRAIN_MODEL ?? 'mlp';
const UI_TRAIN_BACKEND = 'webgpu';
/** Seconds observed after epoch 1 ends (or until the run finishes). */
const UI_TRAIN_WINDOW_S = Number(process.env.BENCH_UI_TRAIN_WINDOW_S ?? 20);

/**
 * Workload 4's "longest task during training after the first epoch": the built app with S1 as its
 * pipeline (localStorage 'augplay.pipeline', read at start-up), `backend` forced (?backend=webgpu by default;
 * every backend trains in the app's worker), or 'auto' (nothing forced, nothing stored: Auto times the
 * candidates, in the worker, from the Train click: `train_click_longest_task_ms` is the longest task from the
 * click until the status shows a trained batch),
 * trained through its UI (Model, Epochs, Batch size, Train), so the charts and readouts redraw as
 * they do for a user. A PerformanceObserver('longtask') runs from the page's start; the tasks that
 * start after the status first reads "epoch 2" count, for UI_TRAIN_WINDOW_S or until the end. Each long
 * task from the click on is attributed with the scripts of the long animation frame that holds it.
 */
export async function trainingLongTasks(browser, s1Json, backend = UI_TRAIN_BACKEND) {
  const stop = await serve([], { AUGPLAY_OUT_DIR: APP_OUT_DIR }, APP_PORT);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript((pipeline) => {
      window.localStorage.setItem('augplay.pipeline', pipeline);
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      // Which scripts a long frame ran (Long Animation Frames API): the attribution of a long task.
      window.__benchLongFrames = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const scripts = (e.scripts ?? []).filter((sc) => sc.duration >= 5).sort((a, b) => b.duration - a.duration).slice(0, 3);
            window.__benchLongFrames.push({ start: e.startTime, duration: e.duration, scripts: scripts.map((sc) => `${sc.invoker || sc.invokerType} ${sc.sourceFunctionName || ''} ${(sc.sourceURL || '').split('/').pop()} ${Math.round(sc.duration)} ms`.replace(/\s+/g, ' ')) });
          }
        }).observe({ type: 'long-animation-frame', buffered: true });
      } catch {
        // No LoAF in this browser: long tasks go unattributed.
      }
    }, s1Json);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // 'auto': no backend forced; the measured Auto times the candidates at Train (no stored choice in a fresh context).
    const auto = backend === 'auto';
    await page.goto(`http://localhost:${APP_PORT}/?bench${auto ? '' : `&backend=${backend}`}`);
    await page.getByText(new RegExp(`^Backend: (${auto ? '\\w+' : backend}|none)$`)).waitFor({ timeout: 90_000 });
    const pipelineName = await page.evaluate(() => JSON.parse(window.localStorage.getItem('augplay.pipeline') ?? '{}').name ?? null);
    const training = page.getByRole('region', { name: 'Training' });
    await training.getByLabel('Model', { exact: true }).selectOption(UI_TRAIN_MODEL);
    await training.getByLabel('Epochs', { exact: true }).fill('3');
    await training.getByLabel('Batch size', { exact: true }).fill(String(TRAIN_BATCH));
    const status = training.getByRole('status', { name: 'Training status' });
    const trainButton = training.getByRole('button', { name: 'Train', exact: true });
    // A loaded machine can take long to make the page ready (WebGL's start-up on SwiftShader): wait
    // for the button, then say what the page showed if it never came.
    try {
      await trainButton.waitFor({ state: 'visible', timeout: 120_000 });
      await page.waitForFunction((el) => el && !el.disabled, await trainButton.elementHandle(), { timeout: 120_000 });
    } catch (error) {
      const shown = await status.innerText({ timeout: 5_000 }).catch(() => '?');
      throw new Error(`the Train button did not become usable in 120 s on ${backend} (status: ${shown.replace(/\s+/g, ' ')}): ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    }
    // A trace of the page's top-level tasks (wall and thread CPU time): on a loaded machine a task
    // waits for a core as well as running, and its CPU time says how much of it was our code.
    const tracing = await startTaskTrace(page);
    const mark = (name) => page.evaluate((n) => (performance.mark(n), performance.now()), name);
    const clickedAt = await mark('bench:click');
    await trainButton.click({ timeout: 120_000 });
    const deadline = Date.now() + 180_000;
    let text = '';
    /** When the status first showed a trained batch: the end of "the Train click" (Auto's measurement, model build, first step). */
    let firstBatchAt = null;
    while (Date.now() < deadline) {
      text = await status.innerText();
      if (firstBatchAt == null && (/batch [1-9]/.test(text) || /epoch [2-9] of/.test(text))) firstBatchAt = await mark('bench:first-batch');
      if (/epoch [2-9] of/.test(text) || text.startsWith('Finished') || text.startsWith('Failed')) break;
      await page.waitForTimeout(250);
    }
    if (!/epoch [2-9] of/.test(text)) throw new Error(`epoch 1 did not end in time (status: ${text})`);
    const from = await mark('bench:epoch-2');
    const windowStarted = Date.now();
    while (Date.now() - windowStarted < UI_TRAIN_WINDOW_S * 1000) {
      text = await status.innerText();
      if (text.startsWith('Finished') || text.startsWith('Failed')) break;
      await page.waitForTimeout(250);
    }
    const to = await mark('bench:end');
    const trace = await tracing.stop();
    const readout = await training.locator('dl[aria-label="Throughput"]').innerText().catch(() => '');
    const stopButton = training.getByRole('button', { name: 'Stop' });
    if (await stopButton.isEnabled()) await stopButton.click();
    const tasks = (await page.evaluate(() => window.__benchLongTasks)).filter((t) => t.start >= from && t.start <= to);
    const all = await page.evaluate(() => window.__benchLongTasks);
    const epoch1 = all.filter((t) => t.start < from);
    // From the Train click on: the backend's measurement ('auto'), the model build, epoch 1 and the window.
    const fromTrain = all.filter((t) => t.start >= clickedAt && t.start <= to);
    const trainClick = all.filter((t) => t.start >= clickedAt && t.start <= (firstBatchAt ?? from));
    const frames = await page.evaluate(() => window.__benchLongFrames);
    /** The long animation frames that hold a long task, with the scripts that ran in them. */
    const attribute = (list) =>
      list.map((t) => {
        const frame = frames.find((f) => f.start <= t.start + 1 && f.start + f.duration >= t.start + t.duration - 1);
        return { ms: round1(t.duration), at_ms: Math.round(t.start - clickedAt), scripts: frame?.scripts ?? [] };
      });
    const header = auto ? await page.getByLabel('Measured backends').first().innerText({ timeout: 5_000 }).catch(() => '') : '';
    const ranOn = /On (\w+)/.exec(text)?.[1] ?? backend;
    const afterEpoch1 = trace.between('bench:epoch-2', 'bench:end');
    const clickToBatch = trace.between('bench:click', firstBatchAt == null ? 'bench:epoch-2' : 'bench:first-batch');
    return {
      longest_task_ms: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
      longest_task_cpu_ms: afterEpoch1.maxCpuMs,
      train_click_longest_task_cpu_ms: clickToBatch.maxCpuMs,
      long_tasks_traced_from_train: trace.between('bench:click', 'bench:end').long,
      long_tasks_training: tasks.length,
      long_tasks_training_ms: tasks.map((t) => round1(t.duration)),
      longest_task_ms_epoch1: epoch1.length ? Math.max(...epoch1.map((t) => t.duration)) : 0,
      longest_task_ms_from_train: fromTrain.length ? Math.max(...fromTrain.map((t) => t.duration)) : 0,
      long_tasks_from_train_ms: fromTrain.map((t) => round1(t.duration)),
      train_click_longest_task_ms: trainClick.length ? Math.max(...trainClick.map((t) => t.duration)) : 0,
      train_click_to_first_batch_ms: firstBatchAt == null ? null : Math.round(firstBatchAt - clickedAt),
      long_tasks_attributed: attribute(fromTrain),
      training_window_s: round1((to - from) / 1000),
      training_backend: auto ? ranOn : backend,
      ...(auto ? { training_backend_request: 'auto', auto_header: header.replace(/\s+/g, ' ') } : {}),
      training_model: UI_TRAIN_MODEL,
      training_pipeline: pipelineName,
      training_status_at_end: text.replace(/\s+/g, ' '),
      training_readout_at_end: readout.replace(/\s+/g, ' '),
      page_errors: pageErrors,
    };
  } finally {
    await context.close();
    stop();
  }
}

/**
 * Traces the page's top-level tasks (Chromium's 'toplevel' category: wall and thread CPU time of
 * each) with the bench's performance.mark()s; `stop()` gives, between two marks, the tasks over
 * 50 ms of wall time (with their CPU time) and the most CPU time any one task took.
 */
async function startTaskTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { recordMode: 'recordContinuously', includedCategories: ['toplevel', 'blink.user_timing'] } });
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const marks = new Map();
      for (const e of events) if (e.cat?.includes('blink.user_timing') && String(e.name).startsWith('bench:')) marks.set(e.name, { ts: e.ts, pid: e.pid, tid: e.tid });
      const main = marks.get('bench:click');
      const tasks = [];
      let end = -Infinity;
      const top = events.filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask')).sort((a, b) => a.ts - b.ts);
      for (const e of top) {
        if (e.ts < end) continue; // nested in the task before
        end = e.ts + (e.dur ?? 0);
        tasks.push({ ts: e.ts, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 });
      }
      return {
        between(a, b) {
          const from = marks.get(a)?.ts;
          const to = marks.get(b)?.ts;
          if (from == null || to == null) return { maxCpuMs: null, long: [] };
          const inside = tasks.filter((t) => t.ts >= from && t.ts <= to);
          return {
            maxCpuMs: round1(Math.max(0, ...inside.map((t) => t.cpuMs))),
            long: inside.filter((t) => t.wallMs > 50).map((t) => ({ wall_ms: round1(t.wallMs), cpu_ms: round1(t.cpuMs), at_ms: Math.round((t.ts - marks.get('bench:click').ts) / 1000) })),
          };
        },
      };
    },
  };
}

// Workload 4, the preview: the built app driven through its UI (the "Variants" select and a step's
// slider), latencies read through the app's ?bench hook (src/workers/benchHook.ts), with a trace
// and a V8 profile of the main thread.
import { APP_OUT_DIR, APP_PORT, firstChunk, percentile, profileTop, round1, serve, traced } from './harness.mjs';

/** Workload 4: slider changes timed, variants shown (the app's working size is 64 px). */
const PREVIEW_CHANGES = Number(process.env.BENCH_PREVIEW_CHANGES ?? 40);
const PREVIEW_VARIANTS = '16';

/** Workload 4: the built app, driven through its UI. */
export async function previewWorkload(browser) {
  const stop = await serve([], { AUGPLAY_OUT_DIR: APP_OUT_DIR }, APP_PORT);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Time to first preview: from navigation start to the first moment the Variants grid holds drawn
    // variants and is no longer busy (a MutationObserver, so no polling delay).
    await page.addInitScript(() => {
      const done = () => {
        const grid = document.querySelector('ul[aria-label="Variants"][aria-busy="false"]');
        if (!grid || !grid.querySelector('canvas')) return false;
        window.__firstPreviewMs = performance.now();
        return true;
      };
      const observer = new MutationObserver(() => done() && observer.disconnect());
      observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
    });
    await page.goto(`http://localhost:${APP_PORT}/?bench`);
    // The hook module loads after first paint (src/main.tsx): wait for it before counting.
    await page.waitForFunction(() => 'augplayBench' in window, null, { timeout: 60_000 });
    const preview = page.getByRole('region', { name: 'Preview' });
    const grid = preview.getByRole('list', { name: 'Variants' });
    const count = () => page.evaluate(() => window.augplayBench.previewLatenciesMs.length);
    const settled = async (before) => {
      await page.waitForFunction((n) => window.augplayBench.previewLatenciesMs.length > n, before, { timeout: 60_000 });
      await grid.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 60_000 });
    };
    await grid.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: 120_000 });
    const timeToFirstPreview = await page.waitForFunction(() => window.__firstPreviewMs, null, { timeout: 60_000 }).then((h) => h.jsonValue());
    let before = await count();
    await preview.getByRole('combobox', { name: 'Variants' }).selectOption(PREVIEW_VARIANTS);
    await settled(before);
    await preview.getByRole('img', { name: `Variant ${PREVIEW_VARIANTS}`, exact: true }).waitFor();
    // The default pipeline's rotate step, wherever it is in the list.
    const rotate = page.getByRole('region', { name: 'Pipeline' }).getByRole('group', { name: /^Step \d+: Rotate$/ });
    const slider = rotate.getByRole('slider', { name: 'degrees maximum' });
    // Warm-up edits (JIT, canvases), not counted.
    for (let i = 0; i < 5; i++) {
      before = await count();
      await slider.fill(String(20 + i));
      await settled(before);
    }
    await page.evaluate(() => {
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__benchLongTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const first = await count();
    const { trace } = await traced(page, async () => {
      await cdp.send('Profiler.start');
      for (let i = 0; i < PREVIEW_CHANGES; i++) {
        before = await count();
        // 16..45 degrees and back: every change is a new pipeline.
        await slider.fill(String(16 + (i % 30)));
        await settled(before);
      }
    });
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    const latencies = await page.evaluate((from) => window.augplayBench.previewLatenciesMs.slice(from), first);
    const longTasks = await page.evaluate(() => window.__benchLongTasks);
    return {
      time_to_first_preview_ms: round1(timeToFirstPreview),
      first_chunk_gzip_kb: firstChunk(APP_OUT_DIR).gzip_kb,
      preview_p50_ms: percentile(latencies, 0.5),
      preview_p95_ms: percentile(latencies, 0.95),
      preview_max_ms: Math.max(...latencies),
      preview_changes: latencies.length,
      preview_variants: Number(PREVIEW_VARIANTS),
      preview_latencies_ms: latencies.map(round1),
      longest_task_ms_preview: longTasks.length ? Math.max(...longTasks) : 0,
      long_tasks_preview: longTasks.length,
      preview_trace: trace,
      preview_profile_top: profileTop(profile),
      page_errors: pageErrors,
    };
  } finally {
    await context.close();
    stop();
  }
}

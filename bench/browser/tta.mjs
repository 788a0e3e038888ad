// Time to accuracy through the page (issue #17): one run = a fresh browser context (no stored
// data, settings or backend choice) on the built app, the dataset imported with the page's own
// "Add folder" input (or the built-in shapes it opens with), the Data panel's split seed, the
// pipeline editor's Preset, the Model setting, then Train with everything else at its default
// (Backend Auto). While it trains, the accuracy chart's caption is read every POLL_MS: the wall
// seconds from the Train click to each epoch's validation accuracy appearing on the page. At the
// end the page's ?bench hook gives the exact per-epoch figures and the pixels and split it trained
// on, for the scikit-learn baselines.

import { readdirSync, readFileSync } from 'node:fs';

/** How often the page is read while it trains (a read costs the 2-core machine little). */
const POLL_MS = 250;
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU seconds (user + system) of every process below `rootPid` (this Node process: Chromium's browser,
 * renderer, GPU and utility processes, whose threads include the page's workers; the idle page
 * server too), from /proc; null off Linux. On a
 * shared machine wall seconds grow with the load; CPU seconds much less, so the two together say
 * what the run would take on an idle core.
 */
export function treeCpuSeconds(rootPid) {
  if (!rootPid) return null;
  try {
    const parent = new Map();
    const ticks = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(name), Number(fields[1]));
        ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
      } catch {
        // the process ended while we read
      }
    }
    let total = 0;
    for (const [pid, t] of ticks) {
      if (pid === rootPid) continue;
      for (let p = pid; p > 1; p = parent.get(p) ?? 0) {
        if (p === rootPid) {
          total += t;
          break;
        }
      }
    }
    return total / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Seconds from the Train click to the first epoch whose validation accuracy is >= `target` (null if none). */
export function secondsToReach(epochs, target, key = 'seconds') {
  return epochs.find((e) => e.val_accuracy !== null && e.val_accuracy >= target - 1e-9)?.[key] ?? null;
}

/**
 * One run. `run`: {url, folder (a class-folder directory, or null for the built-in shapes), preset
 * (null: the page's default model), pipeline (null: the page's default pipeline, else a Preset name),
 * splitSeed (null: the default), cpuRootPid (CPU seconds of the processes below it), backend ('auto' or null: the page's Auto; else forced with ?backend=), timeoutS}.
 */
export async function pageRun(browser, run) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${run.url}?bench${run.backend && run.backend !== 'auto' ? `&backend=${run.backend}` : ''}`);
    const data = page.getByRole('region', { name: 'Data' });
    await data.getByText(/^(Built-in sample|Your images):/).waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => typeof window.augplayBench?.trainingData === 'function', null, { timeout: 60_000 });
    if (run.folder) {
      await data.getByLabel('Add folder').setInputFiles(run.folder);
      await data.getByText(/^Imported \d+ image/).waitFor({ timeout: 300_000 });
      await data.getByText(/^Your images:/).waitFor({ timeout: 60_000 });
    }
    if (run.splitSeed !== null && run.splitSeed !== undefined) {
      const field = data.getByLabel('Split seed');
      await field.fill(String(run.splitSeed));
      await field.blur();
    }
    if (run.pipeline) await page.getByLabel('Preset', { exact: true }).selectOption(run.pipeline);
    const training = page.getByRole('region', { name: 'Training' });
    if (run.preset) await training.getByLabel('Model', { exact: true }).selectOption(run.preset);
    const before = await page.evaluate(() => {
      const d = window.augplayBench.trainingData();
      return { workingSizePx: d.sizePx, samples: d.labels.length, train: d.train.length, validation: d.validation.length, splitSeedOk: true };
    });
    const trainButton = training.getByRole('button', { name: 'Train', exact: true });
    await page.waitForFunction((el) => el && !el.disabled, await trainButton.elementHandle(), { timeout: 180_000 });
    const budgetNote = await training.getByLabel('Step budget').innerText().catch(() => '');
    const sizeNote = await training.getByLabel('Model size note').innerText({ timeout: 500 }).catch(() => '');

    const cpuAtClick = treeCpuSeconds(run.cpuRootPid);
    await trainButton.click();
    const clicked = Date.now();
    const cpuSince = () => {
      const now = treeCpuSeconds(run.cpuRootPid);
      return now === null || cpuAtClick === null ? null : +(now - cpuAtClick).toFixed(2);
    };
    const status = training.getByRole('status', { name: 'Training status' });
    const caption = training.locator('figure:has([aria-label="Accuracy chart"]) figcaption');
    const seen = [];
    const seenCpu = [];
    const captions = [];
    let text = '';
    while (Date.now() - clicked < run.timeoutS * 1000) {
      text = (await status.innerText()).replace(/\s+/g, ' ');
      const points = await page.evaluate(() => window.augplayBench.trainingData()?.epochs.filter((e) => e.valAccuracy !== undefined).length ?? 0);
      if (points > seen.length) {
        // One entry per epoch as its validation figure shows; a poll may see two epochs at once.
        const at = (Date.now() - clicked) / 1000;
        const cpu = cpuSince();
        while (seen.length < points) {
          seen.push(at);
          seenCpu.push(cpu);
        }
        captions.push(await caption.innerText({ timeout: 1_000 }).catch(() => ''));
      }
      if (text.startsWith('Finished') || text.startsWith('Failed') || text.startsWith('Stopped')) break;
      await page.waitForTimeout(POLL_MS);
    }
    const totalSeconds = (Date.now() - clicked) / 1000;
    const totalCpuSeconds = cpuSince();
    if (!text.startsWith('Finished')) {
      const alerts = await training.getByRole('alert').allInnerTexts().catch(() => []);
      throw new Error(`the run did not finish (${Math.round((Date.now() - clicked) / 1000)} s, status: ${text}; epochs shown at ${seen.map((x) => x.toFixed(0)).join(', ')} s, last: ${captions.at(-1) ?? ''}; ${[...alerts, ...pageErrors].join('; ')})`);
    }
    const backend = /On (\w+)/.exec(text)?.[1]?.toLowerCase() ?? null;
    const autoHeader = await page.getByLabel('Measured backends').first().innerText({ timeout: 2_000 }).catch(() => '');
    const view = await page.evaluate(() => {
      const d = window.augplayBench.trainingData();
      let binary = '';
      for (let i = 0; i < d.pixels.length; i += 0x8000) binary += String.fromCharCode(...d.pixels.subarray(i, i + 0x8000));
      return { classes: d.classes, sizePx: d.sizePx, labels: [...d.labels], train: [...d.train], validation: [...d.validation], epochs: d.epochs, pixelsBase64: btoa(binary) };
    });
    const epochs = view.epochs.map((e, i) => ({
      epoch: e.epoch + 1,
      val_accuracy: e.valAccuracy ?? null,
      // Wall seconds from the Train click to this epoch's figure on the page (the poll's resolution).
      seconds: seen[i] ?? totalSeconds,
      // CPU seconds of the browser's processes from the click to then.
      cpu_seconds: seenCpu[i] ?? totalCpuSeconds,
      train_ms: Math.round(e.durationMs),
    }));
    return { ...before, backend, autoHeader: autoHeader.replace(/\s+/g, ' '), budgetNote: budgetNote.replace(/\s+/g, ' '), sizeNote, epochs, totalSeconds, totalCpuSeconds, lastCaption: captions.at(-1) ?? '', status: text, pageErrors, view };
  } finally {
    await context.close();
  }
}

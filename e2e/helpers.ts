// Page helpers shared by the specs: open the app and wait for its first preview, the page's areas
// by accessible name, a short training run with the tiny settings of training.spec.ts, and the
// layout and accessibility checks of layout.spec.ts.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The page's areas, by the accessible names every spec uses. Results sits inside Training. */
export const AREAS = ['Data', 'Pipeline', 'Preview', 'Training', 'Results'] as const;
export type Area = (typeof AREAS)[number];

/** SwiftShader runs WebGPU on the CPU: one epoch of the MLP takes seconds to a minute there. */
export const TRAIN_TIMEOUT_MS = 150_000;

export function area(page: Page, name: Area): Locator {
  return page.getByRole('region', { name, exact: true });
}

/** Opens the page and waits until the preview has drawn its variants (first preview). */
export async function openApp(page: Page, count = 8): Promise<void> {
  await page.goto('/');
  await expect(area(page, 'Preview').getByRole('img', { name: `Variant ${count}`, exact: true })).toBeVisible();
  await expect(area(page, 'Preview').getByRole('list', { name: 'Variants' })).toHaveAttribute('aria-busy', 'false');
}

/** One short run: the MLP, one epoch, batch 64 (the settings training.spec.ts trains with); waits for "Finished.". */
export async function trainTiny(page: Page, batchSize = 64): Promise<void> {
  const training = area(page, 'Training');
  await training.getByLabel('Model', { exact: true }).selectOption('mlp');
  await training.getByLabel('Epochs', { exact: true }).fill('1');
  await training.getByLabel('Batch size', { exact: true }).fill(String(batchSize));
  await training.getByLabel('Learning rate', { exact: true }).fill('0.002');
  await training.getByRole('button', { name: 'Train' }).click();
  await expect(training.getByRole('status', { name: 'Training status' })).toContainText('Finished.', { timeout: TRAIN_TIMEOUT_MS });
}

/**
 * What sticks out sideways: the page wider than the window, any region wider than itself, and any
 * table, chart or canvas whose box leaves its region. A scroller that says it scrolls
 * (data-scrolls="sideways") may hold a wider table; nothing else may scroll sideways.
 */
export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page: ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window`);
    const name = (el: Element) => el.getAttribute('aria-label') ?? el.className ?? el.tagName;
    for (const region of document.querySelectorAll('main section[aria-label]')) {
      const r = region.getBoundingClientRect();
      const where = region.getAttribute('aria-label');
      if (region.scrollWidth > region.clientWidth + 1) out.push(`${where}: content ${region.scrollWidth} px in ${region.clientWidth} px`);
      for (const el of region.querySelectorAll('table, canvas, .training-chart, .table-scroll')) {
        const b = el.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) continue; // closed <details>, virtualised rows out of view
        const saysItScrolls = el.closest('[data-scrolls="sideways"]') !== null;
        if (!saysItScrolls && (b.left < r.left - 1 || b.right > r.right + 1)) {
          out.push(`${where}: ${el.tagName.toLowerCase()} "${name(el)}" spans ${Math.round(b.left)}-${Math.round(b.right)} px, the region ${Math.round(r.left)}-${Math.round(r.right)} px`);
        }
        if (el.classList.contains('table-scroll') && !saysItScrolls && el.scrollWidth > el.clientWidth + 1) {
          out.push(`${where}: "${name(el.querySelector('table') ?? el)}" scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px) without saying so`);
        }
      }
    }
    return out;
  });
}

/** axe-core's serious and critical violations in one area, one line each (rule, help, first nodes). */
export async function seriousViolations(page: Page, name: Area): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(`section[aria-label="${name}"]`).analyze();
  // No passing rule at all means the area was not found: a check that cannot fail.
  expect(results.passes.length, `axe checked the ${name} area`).toBeGreaterThan(0);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

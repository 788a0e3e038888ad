// Time series, the data side (issue 12), through accessible names: the series preview shows the
// series the user picks (Next series, a click on its small plot in Data, the "Preview series"
// number), hovering still shows the drawn arguments, and a reload keeps the Time series modality with its saved dataset and pipeline.
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './helpers.js';

const preview = (page: Page) => page.getByRole('region', { name: 'Preview' });
const variant = (page: Page, n: number) => preview(page).getByRole('img', { name: `Variant ${n}`, exact: true });

test('series preview follows the picked series; a reload keeps Time series', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const modality = page.getByRole('combobox', { name: 'Modality' });
  await modality.selectOption('series');
  const data = page.getByRole('region', { name: 'Data' });
  await expect(data.getByText(/300 series, 3 channels/)).toBeVisible();

  // Pick the series to preview: Next moves to the second, the plots and the caption follow.
  const pick = preview(page).getByRole('spinbutton', { name: 'Preview series' });
  await expect(pick).toHaveValue('1');
  await expect(variant(page, 4)).toBeVisible();
  const first = await variant(page, 1).innerHTML();
  const caption = await preview(page).getByText(/training variants, the original faint behind/).innerText();
  await expect(preview(page).getByRole('button', { name: 'Previous series' })).toBeDisabled();
  await preview(page).getByRole('button', { name: 'Next series' }).click();
  await expect(pick).toHaveValue('2');
  await expect.poll(() => variant(page, 1).innerHTML()).not.toBe(first);
  await expect(preview(page).getByText(/training variants, the original faint behind/)).not.toHaveText(caption);
  // Clicking a series' small plot in the Data region previews it, as a thumbnail does for images.
  const thumbs = data.getByRole('region', { name: 'Thumbnails' });
  await expect(thumbs.getByRole('list', { name: '300 series' })).toBeVisible();
  const fifth = thumbs.getByRole('button', { name: /^Preview / }).nth(4);
  await fifth.click();
  await expect(pick).toHaveValue('5');
  await expect(fifth).toHaveAttribute('aria-pressed', 'true');
  // Typing a number picks that series; hovering a variant still shows what its steps drew.
  await pick.fill('300');
  await expect(preview(page).getByRole('button', { name: 'Next series' })).toBeDisabled();
  await expect(variant(page, 1).locator('title')).toHaveText(/standardize/);

  // An edit to the series pipeline, then a reload: Time series comes back with its data and the edit.
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  await pipeline.getByRole('button', { name: 'Remove Step 2: Jitter' }).click();
  await expect(pipeline.getByRole('heading', { name: 'Step 2: Scaling' })).toBeVisible();
  // Saved a moment after the last edit (SAVE_DELAY_MS): wait until the stored pipeline has it.
  const storedSecondStep = () => page.evaluate(() => (JSON.parse(localStorage.getItem('augplay.seriesPipeline') ?? '{"steps":[]}') as { steps: { op: string }[] }).steps[1]?.op);
  await expect.poll(storedSecondStep).toBe('scaling');
  await page.reload();
  await expect(modality).toHaveValue('series');
  await expect(data.getByText(/300 series, 3 channels/)).toBeVisible();
  await expect(pipeline.getByRole('heading', { name: 'Step 2: Scaling' })).toBeVisible();
  await expect(variant(page, 4)).toBeVisible();
  // The series grid of plots and the preview's picker pass axe like the image panels.
  expect([...(await seriousViolations(page, 'Data')), ...(await seriousViolations(page, 'Preview'))]).toEqual([]);

  // And back to Images, which a reload keeps too.
  await modality.selectOption('image');
  await page.reload();
  await expect(modality).toHaveValue('image');
  await expect(preview(page).getByRole('img', { name: 'Variant 1', exact: true })).toBeVisible();
});

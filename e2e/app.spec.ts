// The app shell: the preview grid is drawn, WebGPU is found, and nothing leaves the page's origin.
import { expect, test, type Locator } from '@playwright/test';

const VARIANTS = 8;

/** True when the canvas holds more than one colour, i.e. something was actually drawn on it. */
function hasNonUniformPixels(canvas: Locator): Promise<boolean> {
  return canvas.evaluate((element) => {
    if (!(element instanceof HTMLCanvasElement)) return false;
    const context = element.getContext('2d');
    if (!context || element.width === 0 || element.height === 0) return false;
    const { data } = context.getImageData(0, 0, element.width, element.height);
    for (let i = 4; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) return true;
    }
    return false;
  });
}

test('shows the sample, eight drawn variants and the WebGPU backend, isolated and all from its own origin', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  await page.goto('/');

  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toBeVisible();
  const sample = preview.getByRole('img', { name: 'Sample image', exact: true });
  await expect(sample).toBeVisible();
  expect(await hasNonUniformPixels(sample)).toBe(true);

  for (let n = 1; n <= VARIANTS; n++) {
    const variant = preview.getByRole('img', { name: `Variant ${n}`, exact: true });
    await expect(variant).toBeVisible();
    expect(await hasNonUniformPixels(variant), `Variant ${n} is drawn`).toBe(true);
  }

  for (const name of ['Data', 'Pipeline', 'Training']) {
    await expect(page.getByRole('region', { name })).toBeVisible();
  }

  // WebGPU through SwiftShader initialises slowly on a CPU.
  await expect(page.getByText('Backend: webgpu', { exact: true })).toBeVisible({ timeout: 60_000 });

  // The workers run the pipeline's WebAssembly kernels (the page's CSP allows them to compile).
  await expect(page.getByRole('region', { name: 'Data' }).getByText('Kernels: WebAssembly (SIMD)', { exact: true })).toBeVisible();

  // COOP + COEP from the server: SharedArrayBuffer and WASM threads are available.
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(cspViolations).toEqual([]);

  await page.screenshot({ path: 'test-results/app.png', fullPage: true });

  const origin = new URL(baseURL ?? 'http://localhost:4173').origin;
  const foreign = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
  expect(foreign, 'requests beyond the page origin').toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
});

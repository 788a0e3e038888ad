// The system Chromium and the flags every headless run here uses: e2e tests (playwright.config.ts)
// and the benchmarks (bench/*.mjs). DEVELOPERS.md says why each flag is there.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Root in a container, and no calls home: this machine's network is closed. */
export const QUIET_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** WebGPU with no GPU, through SwiftShader: correct and slow (prove code, never measure GPU speed). */
export const WEBGPU_SWIFTSHADER_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

export const CHROMIUM_ARGS = [...QUIET_FLAGS, ...WEBGPU_SWIFTSHADER_FLAGS];

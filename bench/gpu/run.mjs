// `npm run bench:gpu [-- --swiftshader]`: bundles bench/gpu/entry.mjs as ../shared/gpu/pack.sh does
// (esbuild, the same version) into bench/tmp/gpu/, puts dawn.node beside it, and runs it.
// --swiftshader points Dawn at Chromium's SwiftShader Vulkan driver, for machines with no GPU.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'bench/tmp/gpu';
/** The esbuild pack.sh uses, so the local bundle is the one a GPU host runs. */
const ESBUILD = 'esbuild@0.25.12';
const CHROMIUM_DIR = '/usr/lib/chromium';
const DAWN = `node_modules/webgpu/dist/${process.platform}-${process.arch}/dawn.node`;

const swiftshader = process.argv.includes('--swiftshader');
if (!existsSync(DAWN)) {
  console.error(`bench:gpu: ${DAWN} is missing (npm install webgpu)`);
  process.exit(2);
}
mkdirSync(join(OUT, 'dist', `${process.platform}-${process.arch}`), { recursive: true });
const bundle = spawnSync(
  'npx',
  ['--yes', ESBUILD, 'bench/gpu/entry.mjs', '--bundle', '--platform=node', '--format=esm', '--log-level=warning',
    `--outfile=${join(OUT, 'bench.mjs')}`,
    "--banner:js=import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"],
  { stdio: 'inherit' },
);
if (bundle.status !== 0) process.exit(bundle.status ?? 1);
copyFileSync(DAWN, join(OUT, 'dist', `${process.platform}-${process.arch}`, 'dawn.node'));

const env = { ...process.env };
if (swiftshader) {
  const icd = join(CHROMIUM_DIR, 'vk_swiftshader_icd.json');
  if (!existsSync(icd)) {
    console.error(`bench:gpu: --swiftshader needs Chromium's SwiftShader (${icd})`);
    process.exit(2);
  }
  env.LD_LIBRARY_PATH = [CHROMIUM_DIR, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  env.VK_DRIVER_FILES = icd;
}
const run = spawnSync(process.execPath, [join(OUT, 'bench.mjs')], { stdio: 'inherit', env });
process.exit(run.status ?? 1);

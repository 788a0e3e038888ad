// A Vite plugin that lets tfjs's threaded WASM backend start in a bundled app.
//
// tfjs-backend-wasm 4.22 starts its pthread workers with a blob: copy of the backend's factory,
// made with `wasmFactoryThreadedSimd.toString()`. In a minified bundle that source refers to names
// of the bundle's scope (the factory's closure variable `_scriptDir` becomes `e`, and the minifier
// drops its `typeof` guard), so every pthread worker dies with "ReferenceError: e is not defined"
// and the backend never finishes initialising. This plugin swaps the toString() for the package's
// own unbundled factory file (wasm-out/tfjs-backend-wasm-threaded-simd.js) as a string, so the
// workers run exactly the code the package ships. The build fails if tfjs changes that line, so an
// upgrade cannot silently bring the hang back.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const PATTERN = /`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)/;

export function wasmThreadsPlugin(): Plugin {
  let source: string | undefined;
  return {
    name: 'augplay:wasm-threads',
    apply: 'build',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/.test(id)) return null;
      if (!PATTERN.test(code)) this.error(`${id}: the threaded factory line changed (tfjs upgrade?); update scripts/wasmThreads.ts`);
      source ??= readFileSync(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');
      return { code: code.replace(PATTERN, JSON.stringify(source)), map: null };
    },
  };
}

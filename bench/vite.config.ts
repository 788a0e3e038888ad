// Builds and serves the bench page (bench/page) on its own, so the app's bundle is untouched.
// `npm run bench` builds it into dist-bench/ and serves it with `vite preview` on BENCH_PORT.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { wasmThreadsPlugin } from '../scripts/wasmThreads.js';

const root = fileURLToPath(new URL('./page', import.meta.url));
export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 4341);

/** The same isolation headers as the app (vite.config.ts), so workers and SharedArrayBuffer behave alike. */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root,
  logLevel: 'warn',
  preview: { port: BENCH_PORT, strictPort: true, headers: ISOLATION_HEADERS },
  // The app's training code starts tfjs's threaded WASM build here too (the page is isolated): the same fix as the app's build.
  plugins: [wasmThreadsPlugin()],
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL(`../${process.env.BENCH_OUT_DIR ?? 'dist-bench'}`, import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});

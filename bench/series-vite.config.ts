// Builds the S2 pool bench page (bench/series-page) on its own, into dist-bench-series/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./series-page', import.meta.url)),
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: fileURLToPath(new URL('../dist-bench-series', import.meta.url)), emptyOutDir: true },
});

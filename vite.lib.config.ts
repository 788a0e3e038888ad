// Library build of the pipeline (npm run build:lib): src/lib/pipeline.ts to ESM in dist-lib/, with
// its one dependency (zod) bundled, so the packed tarball installs with no dependencies at all.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist-lib',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    lib: { entry: 'src/lib/pipeline.ts', formats: ['es'], fileName: () => 'pipeline.js' },
  },
});

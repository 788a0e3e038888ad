// Vite (dev server, build, preview) and Vitest configuration.
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { wasmThreadsPlugin } from './scripts/wasmThreads.ts';

/**
 * Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer and WASM threads available later.
 * Served on both the dev server and the preview server, so tests see what users get.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The page's Content-Security-Policy. 'wasm-unsafe-eval' lets tfjs compile WebAssembly; blob:
 * workers cover libraries that spawn workers from blobs, and blob: scripts the threaded WASM
 * backend's pthread workers, which importScripts() a blob: copy of the backend (wasmBackend.ts). No remote origin appears anywhere: the
 * app makes no requests beyond its own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Adds the CSP meta tag to the built index.html only: the dev server injects inline scripts
 * (React Fast Refresh preamble) that a strict script-src would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'augplay:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), wasmThreadsPlugin()],
  server: { port: 5173, strictPort: true, headers: ISOLATION_HEADERS },
  preview: { port: 4173, strictPort: true, headers: ISOLATION_HEADERS },
  // The trainer worker bundles tfjs's WASM backend too: it needs the same threaded-factory fix.
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  build: {
    target: 'es2022',
    outDir: process.env.AUGPLAY_OUT_DIR ?? 'dist',
    // tfjs (~0.9 MB minified) is one lazily loaded chunk, fetched after first paint; the entry chunk is far below this.
    chunkSizeWarningLimit: 1000,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist*/**'],
  },
});

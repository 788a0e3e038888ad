// Entry point: render the app, then look for a tfjs backend (tfjs loads after first paint).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore } from './store/index.js';
import { persistPipeline } from './store/persistPipeline.js';
import { persistSettings } from './store/persistSettings.js';
import { App } from './ui/App.js';
import { previewLatenciesMs } from './ui/Preview.js';
import './ui/app.css';

persistPipeline(appStore, window.localStorage);
persistSettings(appStore, window.localStorage);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// `npm run bench` (bench/browser.mjs) opens the page with ?bench to read the preview latencies.
if (new URLSearchParams(window.location.search).has('bench')) Object.assign(window, { augplayBench: { previewLatenciesMs } });

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// ?backend=webgl (or webgpu, cpu) forces one backend: handy for checking the fallbacks by hand.
const forced = new URLSearchParams(window.location.search).get('backend');
requestAnimationFrame(() => {
  void (async () => {
    const { isBackendName } = await import('./train/backend.js');
    await appStore.getState().detectBackend(isBackendName(forced) ? forced : undefined);
  })();
});

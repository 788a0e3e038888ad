// Entry point: render the app, then look for a tfjs backend (tfjs loads after first paint).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appStore } from './store/index.js';
import { persistModality } from './store/persistModality.js';
import { persistPipeline } from './store/persistPipeline.js';
import { persistSettings } from './store/persistSettings.js';
import { App } from './ui/App.js';
import './ui/app.css';

persistPipeline(appStore, window.localStorage);
persistSettings(appStore, window.localStorage);
// Before the first render: the panels paint in the modality the user last chose.
persistModality(appStore, window.localStorage);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// The benchmarks (bench/browser.mjs, bench/data-throughput.mjs) open the page with ?bench or
// ?databench; only then is the hook module loaded.
const params = new URLSearchParams(window.location.search);
if (params.has('bench') || params.has('databench')) {
  void import('./workers/benchHook.js').then(({ installBenchHooks }) =>
    installBenchHooks((listener) =>
      appStore.subscribe((state, previous) => {
        const ms = state.preview.latencyMs;
        if (ms !== null && state.preview !== previous.preview && ms !== previous.preview.latencyMs) listener(ms);
      }),
      () => {
        const { dataset, split, training } = appStore.getState();
        return dataset && split ? { ...dataset, train: split.train, validation: split.validation, epochs: training.epochs } : null;
      },
    ),
  );
}

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// ?backend=webgl (or webgpu, cpu) forces one backend: handy for checking the fallbacks by hand.
const forced = params.get('backend');
requestAnimationFrame(() => {
  void (async () => {
    const { isBackendName } = await import('./train/backend.js');
    await appStore.getState().detectBackend(isBackendName(forced) ? forced : undefined);
  })();
});

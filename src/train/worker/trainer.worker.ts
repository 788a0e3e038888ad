// The dedicated worker that trains on CPU-bound backends (WASM, CPU): tfjs runs here, so a
// training step never blocks the page. The page reaches it through routedSession.ts.
import * as Comlink from 'comlink';
import { createTrainingSession } from '../session.js';
import { createTrainerApi } from './trainerApi.js';

// The worker is asked only for the backend the page chose (always a forced one), so the fixed
// chain of backend.ts is enough here; the page's chooser asks it to time WASM and CPU (below).
const session = createTrainingSession({
  chooseBackend: async (_tf, { wanted, preset }) => {
    const [{ selectBackend }, { presetHasConvolutions }] = await Promise.all([import('../backend.js'), import('../types.js')]);
    return selectBackend(wanted, preset === undefined ? {} : { trainsConvolutions: presetHasConvolutions(preset) });
  },
});

// The page's measured Auto times WASM and CPU here (trainerApi.ts's timeSteps), on this worker's tfjs.
const timing = {
  loadTf: async () => (await import('../backend.js')).loadTf(),
  useBackend: async (backend: 'wasm' | 'cpu', options: { trainsConvolutions: boolean }) => {
    const { selectBackend } = await import('../backend.js');
    return (await selectBackend(backend, options)).name === backend;
  },
};

Comlink.expose(createTrainerApi(session, Comlink.transfer, timing));

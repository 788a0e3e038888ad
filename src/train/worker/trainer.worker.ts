// The dedicated worker that trains (every backend: WebGL through OffscreenCanvas, WebGPU through
// the worker's navigator.gpu): tfjs runs here, so a training step never blocks the page. The page reaches it through routedSession.ts.
import * as Comlink from 'comlink';
import type { BackendName } from '../backend.js';
import { createTrainingSession } from '../session.js';
import { TRAINER_WORKER_NAMES } from '../sessionTypes.js';
import { createTrainerApi } from './trainerApi.js';

// The worker is asked only for the backend the page chose (always a forced one), so the fixed
// chain of backend.ts is enough here; the page's chooser asks it to time the candidates (below).
// Its name says the modality it trains (browserTrainer.ts): each keeps its own checkpoint.
const session = createTrainingSession({
  modality: (self as { name?: string }).name === TRAINER_WORKER_NAMES.series ? 'series' : 'image',
  chooseBackend: async (_tf, { wanted, preset }) => {
    const [{ selectBackend }, { presetHasConvolutions }] = await Promise.all([import('../backend.js'), import('../types.js')]);
    return selectBackend(wanted, preset === undefined ? {} : { trainsConvolutions: presetHasConvolutions(preset) });
  },
});

// The page's measured Auto times the backends here (trainerApi.ts's timeSteps), on this worker's tfjs.
const timing = {
  loadTf: async () => (await import('../backend.js')).loadTf(),
  useBackend: async (backend: BackendName, options: { trainsConvolutions: boolean }) => {
    const { selectBackend } = await import('../backend.js');
    return (await selectBackend(backend, options)).name === backend;
  },
};

Comlink.expose(createTrainerApi(session, Comlink.transfer, timing));

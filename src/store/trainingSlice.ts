// The training slice: settings, the run's figures, evaluation, prediction and the backend, as state,
// plus thin actions. The runtime (tfjs, model, trainer, checkpoints) is a TrainingSession outside
// the store; the slice calls it and folds its event stream into state (trainingState.ts).
import type { StateCreator } from 'zustand';
import { errorMessage } from '../pipeline/errorMessage.js';
import type { BackendName } from '../train/backend.js';
import type { BackendRequest, BackendState, TrainingSession } from '../train/session.js';
import type { TrainSettings } from '../train/types.js';
import type { AppState } from './appStore.js';
import { trainingDataFrom } from './trainingData.js';
import { applySessionEvent, initialTrainingState, type TrainingState } from './trainingState.js';

export interface TrainingSlice {
  training: TrainingState;
  /** Which tfjs backend runs, on what device, and why others were skipped. Written only from session events. */
  backend: BackendState;
  setTrainingSettings: (patch: Partial<TrainSettings>) => void;
  /** Finds the backend at page start (`force`: only that one). */
  detectBackend: (force?: BackendName) => Promise<void>;
  /** Switches the tfjs backend ('auto' runs the chooser again). */
  chooseBackend: (request: BackendRequest) => Promise<void>;
  /** Builds a fresh model and trains it on the current data and pipeline. */
  startTraining: () => Promise<void>;
  pauseTraining: () => void;
  /** Continues a paused run, or a stopped one from the step where it stopped. */
  resumeTraining: () => Promise<void>;
  stopTraining: () => void;
  /** Looks for a checkpoint left by an earlier visit (call once when the panel mounts). */
  checkForCheckpoint: () => Promise<void>;
  continueFromCheckpoint: () => Promise<void>;
  discardCheckpoint: () => Promise<void>;
  /** Decodes an image file as import does (worker, cover + centre crop) and predicts its class. */
  predictImage: (bytes: Uint8Array, fileName: string) => Promise<void>;
  /** The export file's name and bytes (the UI saves it). */
  exportModel: () => Promise<{ fileName: string; bytes: Uint8Array }>;
  importModel: (bytes: Uint8Array, fileName: string) => Promise<void>;
  /** A tfjs model (model.json + weight files) as the backbone new runs train a head on; a bad file's message goes to `error`. */
  importBackbone: (files: { name: string; bytes: Uint8Array }[], featureLayer?: string) => Promise<void>;
  setBackboneLayer: (layer: string, inputRange?: readonly [number, number] | null) => Promise<void>;
  removeBackbone: () => void;
}

/** The slice over one session: the store subscribes to its events for as long as the store lives. */
export function makeTrainingSlice(session: TrainingSession): StateCreator<AppState, [], [], TrainingSlice> {
  return (set, get, store) => {
    const patch = (changes: Partial<TrainingState>) => set({ training: { ...get().training, ...changes } });
    session.subscribe((event) => {
      if (event.type === 'backend') set({ backend: event.backend });
      else set({ training: applySessionEvent(get().training, event) });
    });
    const data = trainingDataFrom(store, () => patch({ message: 'Waiting for the dataset to load…' }));

    return {
      training: initialTrainingState(),
      backend: { status: 'detecting', skipped: [] },

      // Setting epochs is choosing them over the step budget (unless the same change says otherwise).
      setTrainingSettings: (changes) => patch({ settings: { ...get().training.settings, ...('epochs' in changes && !('autoEpochs' in changes) ? { autoEpochs: false } : {}), ...changes } }),

      detectBackend: async (force) => {
        // A forced backend (?backend=webgl) stays the request, and the Backend select shows it.
        if (force) patch({ backendRequest: force });
        // A failure is in the backend state (status 'failed', with why): nothing more to say here.
        await session.selectBackend(force ?? 'auto').catch(() => undefined);
      },

      chooseBackend: async (request) => {
        patch({ backendRequest: request, error: null });
        await session.selectBackend(request, get().training.settings.preset).catch((error: unknown) => patch({ error: `Backend ${request}: ${errorMessage(error)}` }));
      },

      startTraining: () => session.start({ settings: get().training.settings, pipeline: get().pipeline, data }),
      pauseTraining: () => session.pause(),
      resumeTraining: () => session.resume(),
      stopTraining: () => session.stop(),

      checkForCheckpoint: async () => patch({ checkpoint: await session.findCheckpoint() }),
      continueFromCheckpoint: () => session.continueFromCheckpoint(data),
      discardCheckpoint: async () => {
        try {
          await session.discardCheckpoint();
        } finally {
          patch({ checkpoint: null });
        }
      },

      predictImage: async (bytes, fileName) => {
        const info = get().training.model;
        try {
          if (!info) throw new Error('No model yet: train one or import one first.');
          const image = await get().decodeImage(bytes, fileName, info.inputSize);
          patch({ prediction: await session.predict(image, fileName), predictError: null });
        } catch (error) {
          patch({ predictError: errorMessage(error), prediction: null });
        }
      },

      exportModel: async () => {
        const out = await session.exportModel({ settings: get().training.settings, evaluation: get().training.evaluation });
        // The zip's pytorch/ folder (src/export): the model, its weights and scripts for PyTorch.
        const { addPytorchFolder } = await import('../export/modelZip.js');
        return { ...out, bytes: addPytorchFolder(out.bytes).zip };
      },

      importModel: async (bytes, fileName) => {
        await session.importModel(bytes, fileName).catch((error: unknown) => patch({ error: errorMessage(error) }));
      },

      importBackbone: async (files, featureLayer) => {
        await session.importBackbone(files, featureLayer).catch((error: unknown) => patch({ error: errorMessage(error) }));
      },
      setBackboneLayer: async (layer, inputRange) => {
        await session.setBackboneLayer(layer, inputRange).catch((error: unknown) => patch({ error: errorMessage(error) }));
      },
      removeBackbone: () => session.removeBackbone(),
    };
  };
}

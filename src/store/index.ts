// The store for React: a hook bound to the one vanilla app store. Select single values or use useShallow.
import { useStore } from 'zustand';
import { appStore, type AppState } from './appStore.js';

export { appStore, createAppStore, type AppState, type AppStore, type BackendState } from './appStore.js';

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
export { isBusy, type BackendRequest, type ModelInfo, type TrainingStatus } from '../train/session.js';
export { errorMessage } from '../pipeline/errorMessage.js';
export { modelInputSidePx } from './modelInput.js';

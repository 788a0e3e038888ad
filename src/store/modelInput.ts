// The side of the picture the model will see: the pipeline's training output for the working size.
// A derived fact (never stored), for notes in the Training settings.

import { outputShape } from '../pipeline/index.js';
import type { AppState } from './appStore.js';

/** The larger side of the model's input in pixels, or null while the pipeline cannot run on the working size. */
export function modelInputSidePx(state: Pick<AppState, 'pipeline' | 'workingSizePx'>): number | null {
  try {
    const shape = outputShape(state.pipeline, { width: state.workingSizePx, height: state.workingSizePx, channels: 3 }, 'train');
    return Math.max(shape.width, shape.height);
  } catch {
    // A shape error (a crop larger than the image) is shown by the pipeline editor; no note here.
    return null;
  }
}

// The note beside the Model setting follows what the model will really see: the pipeline's output
// for the working size, not the working size alone.
import { describe, expect, it } from 'vitest';

import { parsePipeline } from '../pipeline/index.js';
import { modelSizeNote, STEM_GRID_PX } from '../train/types.js';
import { modelInputSidePx } from './modelInput.js';

const withSteps = (steps: unknown[]) => parsePipeline({ format: 'augplay.pipeline', version: 1, seed: 1, steps });
const rescale = { op: 'rescale', stage: 'preprocess', params: { scale: 1 / 255, offset: 0 } };

describe('model input size and the small CNN note', () => {
  it('reads the side from the pipeline output, so a resize step counts', () => {
    expect(modelInputSidePx({ pipeline: withSteps([rescale]), workingSizePx: 8 })).toBe(8);
    const resize = { op: 'resize', stage: 'preprocess', params: { width: 32, height: 24 } };
    expect(modelInputSidePx({ pipeline: withSteps([resize, rescale]), workingSizePx: 8 })).toBe(32);
  });

  it('gives no side when the pipeline cannot run on the working size', () => {
    const crop = { op: 'randomCrop', stage: 'augment', params: { width: 48, height: 48, padding: 0 } };
    expect(modelInputSidePx({ pipeline: withSteps([crop, rescale]), workingSizePx: 16 })).toBeNull();
  });

  it('notes the averaging stem of the CNNs only above the grid size', () => {
    expect(modelSizeNote('cnn-small', 64)).toBe('At 64 px the CNN first averages 4x4 blocks, so its convolutions run on a 16x16 grid: about the cost of a 16 px input.');
    expect(modelSizeNote('cnn-deep', STEM_GRID_PX + 1)).toMatch(/2x2 blocks.*8x8 grid/);
    expect(modelSizeNote('cnn-small', STEM_GRID_PX)).toBeNull();
    expect(modelSizeNote('mlp', 64)).toBeNull();
    expect(modelSizeNote('cnn-small', null)).toBeNull();
  });
});

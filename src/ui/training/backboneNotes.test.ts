// The Backbone panel's sentences: fine-tuning says the cache is off; frozen says whether features are cached.
import { describe, expect, it } from 'vitest';
import type { BackboneInfo } from '../../train/backboneRun.js';
import { backboneTrainingNote, inputRangeOptions, parseRangeKey, rangeKey } from './backboneNotes.js';

const layers: BackboneInfo = { fileName: 'model.json', inputShape: [8, 8, 3], inputRange: [0, 1], layerNames: ['conv', 'features'], featureLayer: 'features', kind: 'layers', tunableLayers: 2 };

describe('backbone notes', () => {
  it('says fine-tuning turns the feature cache off, and how many layers train at what rate', () => {
    expect(backboneTrainingNote(layers, { fineTuneLayers: 1, fineTuneRateFactor: 0.1 }, false)).toMatch(/^Fine-tuning: the last 1 layer with weights train at 0.1 x the learning rate.*Features are not cached/);
    // More layers than the backbone has: all of them.
    expect(backboneTrainingNote(layers, { fineTuneLayers: 9, fineTuneRateFactor: 0.5 }, true)).toMatch(/the last 2 layers with weights train at 0.5 x/);
  });

  it('says whether a frozen backbone caches features, and a graph model never fine-tunes', () => {
    expect(backboneTrainingNote(layers, { fineTuneLayers: 0, fineTuneRateFactor: 0.1 }, false)).toMatch(/Backbone frozen.*Features are cached per sample/);
    expect(backboneTrainingNote(layers, { fineTuneLayers: 0, fineTuneRateFactor: 0.1 }, true)).toMatch(/Features are computed every batch/);
    expect(backboneTrainingNote({ ...layers, kind: 'graph', tunableLayers: 0 }, { fineTuneLayers: 3, fineTuneRateFactor: 0.1 }, false)).toMatch(/Backbone frozen.*cached/);
  });

  it('offers the common input ranges plus the model’s own, and reads a choice back', () => {
    expect(inputRangeOptions(null).map((o) => o.value)).toEqual(['', '0,1', '-1,1', '0,255']);
    expect(inputRangeOptions([-0.5, 0.5]).map((o) => o.value)).toEqual(['', '0,1', '-1,1', '0,255', '-0.5,0.5']);
    expect(parseRangeKey(rangeKey([-1, 1]))).toEqual([-1, 1]);
    expect(parseRangeKey('')).toBeNull();
  });
});

// Task "Segmentation" through the training session: the Small U-Net is built for the mask classes,
// trained on batches with masks, and each epoch's evaluation carries per-class IoU.
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { createTrainingSession, type BackendChooser, type SessionEvent } from './session.js';
import { MaskSource, rectangles, SIZE } from './segmentationTesting.js';
import { DEFAULT_SETTINGS, settingsFromStored } from './types.js';

const cpuOnly: BackendChooser = async (t) => {
  await t.setBackend('cpu');
  return { name: 'cpu', skipped: [] };
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('segmentation session', () => {
  it('builds the Small U-Net for the mask classes and reports per-class IoU', async () => {
    const s = createTrainingSession({ loadTf: () => Promise.resolve(tf), chooseBackend: cpuOnly, scheduler: (f) => f(), widthMultiplier: 0.25 });
    const events: SessionEvent[] = [];
    s.subscribe((e) => events.push(e));
    const source = new MaskSource(rectangles(12), [0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11]);
    await s.start({
      settings: { ...DEFAULT_SETTINGS, task: 'segmentation', epochs: 2, autoEpochs: false, batchSize: 4, learningRate: 0.02 },
      pipeline: presetPipeline('none', 3),
      data: () => Promise.resolve({ source, classes: ['background', 'box'], inputSize: { width: SIZE, height: SIZE }, description: '12 boxes', key: 'boxes', classColours: [[0, 0, 0], [0, 200, 0]] }),
    });
    const model = events.find((e) => e.type === 'model');
    expect(model && model.type === 'model' && model.model.classes).toEqual(['background', 'box']);
    const evaluations = events.flatMap((e) => (e.type === 'progress' && e.update.evaluation ? [e.update.evaluation] : []));
    expect(evaluations.at(-1)!.segmentation!.iou).toHaveLength(2);
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'done' });
    // "Predict image" gives the predicted class of every pixel, and the picture it was made from.
    const image = { width: SIZE, height: SIZE, channels: 3, data: new Uint8Array(SIZE * SIZE * 3).fill(40) };
    const predicted = await s.predict(image, 'dark.png');
    expect(predicted.top).toEqual([]);
    expect(predicted.mask!.classes).toHaveLength(SIZE * SIZE);
    expect([...predicted.mask!.classes].every((c) => c === 0 || c === 1)).toBe(true);
    expect(predicted.mask!.input).toHaveLength(SIZE * SIZE * 3);
    // The export says what the model does and names the mask classes, with their colours.
    const exported = await s.exportModel({ settings: { ...DEFAULT_SETTINGS, task: 'segmentation' }, evaluation: null });
    const files = unzipSync(exported.bytes);
    expect(JSON.parse(strFromU8(files['classes.json']!))).toEqual(['background', 'box']);
    expect(JSON.parse(strFromU8(files['metadata.json']!))).toMatchObject({ task: 'segmentation', classColours: [[0, 0, 0], [0, 200, 0]] });
    expect(JSON.parse(strFromU8(files['pipeline.json']!)).targets).toEqual(['image', 'mask']);
  }, 60_000);

  it('keeps the task in stored settings, and drops an unknown one', () => {
    expect(settingsFromStored({ task: 'segmentation' }).task).toBe('segmentation');
    expect(settingsFromStored({ task: 'detection' }).task).toBe('classification');
  });
});

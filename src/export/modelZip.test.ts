import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { exportModelZip, importModelZip, makeMetadata } from '../train/exportModel.js';
import { buildModel } from '../train/models.js';
import { addPytorchFolder } from './modelZip.js';

describe('model export with the PyTorch folder', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('adds pytorch/ (model, weights, pipeline, Python module, scripts) and the zip still imports', async () => {
    const model = buildModel(tf, { preset: 'cnn-small', sampleShape: [16, 16, 3], layout: 'NHWC', numClasses: 2, seed: 1, widthMultiplier: 0.25 });
    const metadata = makeMetadata(tf, { preset: 'cnn-small', sampleShape: [16, 16, 3], layout: 'NHWC', inputSize: { width: 16, height: 16 } });
    const zip = await exportModelZip(tf, { model, pipeline: presetPipeline('light'), classes: ['a', 'b'], metadata });
    const { zip: withTorch, problems } = addPytorchFolder(zip);
    expect(problems).toEqual([]);
    const files = unzipSync(withTorch);
    for (const name of ['model.py', 'train.py', 'predict.py', 'weights.bin', 'weights.json', 'model_config.json', 'pipeline.json', 'augplay/run.py', 'augplay/__init__.py', 'README.md']) {
      expect(files[`pytorch/${name}`], name).toBeDefined();
    }
    expect(strFromU8(files['pytorch/augplay/rng.py']!)).toContain('class Rng');
    const back = await importModelZip(tf, withTorch);
    expect(back.classes).toEqual(['a', 'b']);
    back.model.dispose();
    model.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import { displayVariant, presetPipeline, toDisplayRGBA } from './index.js';
import { pipelineOf, testImage } from './testing.js';

describe('displayVariant', () => {
  const image = testImage(16, 16);

  it('gives opaque RGBA, deterministic per epoch, different across epochs', () => {
    const p = presetPipeline('heavy');
    const a = displayVariant(p, image, { epoch: 0, index: 3 });
    expect(a.rgba.length).toBe(16 * 16 * 4);
    for (let i = 3; i < a.rgba.length; i += 4) expect(a.rgba[i]).toBe(255);
    expect(displayVariant(p, image, { epoch: 0, index: 3 })).toEqual(a);
    const epochs = new Set(Array.from({ length: 8 }, (_, epoch) => displayVariant(p, image, { epoch, index: 3 }).rgba.join(',')));
    expect(epochs.size).toBeGreaterThan(1);
  });

  it('stops before steps that leave the pixel range, so the picture stays viewable', () => {
    const v = displayVariant(pipelineOf([{ op: 'normalize' }]), image, { epoch: 0, index: 0 });
    expect(v.trace).toEqual([]);
    expect(v.rgba[0]).toBe(image.data[0]);
  });

  it('moves the mask with the image: a flipped picture has a flipped mask', () => {
    const mask = new Uint8Array(16 * 16).map((_, i) => (i % 16 < 5 ? 1 : 0));
    const v = displayVariant(pipelineOf([{ op: 'flip', p: 1 }]), { ...image, mask }, { epoch: 0, index: 0 });
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) expect(v.mask![y * 16 + x]).toBe(mask[y * 16 + (15 - x)]);
  });
});

describe('toDisplayRGBA', () => {
  it('stretches values outside the pixel range to 0..255', () => {
    const rgba = toDisplayRGBA({ width: 2, height: 1, channels: 1, layout: 'NHWC', data: Float32Array.from([-2, 2]) });
    expect([...rgba.data]).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });

  it('reads NCHW', () => {
    const rgba = toDisplayRGBA({ width: 2, height: 1, channels: 3, layout: 'NCHW', data: Float32Array.from([10, 20, 30, 40, 50, 60]) });
    expect([...rgba.data]).toEqual([10, 30, 50, 255, 20, 40, 60, 255]);
  });
});

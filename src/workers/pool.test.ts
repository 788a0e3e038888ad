// The pool and the batch loader in Node, with in-process workers running the real worker API:
// order, determinism over 1 and 3 workers, a killed or throwing worker, cancellation, and the preview.
import { describe, expect, it } from 'vitest';
import { presetPipeline, runPipeline, type Pipeline } from '../pipeline/index.js';
import { stratifiedSplit, type Dataset } from '../data/dataset.js';
import { makeSampleDataset } from '../data/sampleDataset.js';
import { createWorkerApi, type WorkerApi } from './api.js';
import { DataEngine } from './engine.js';
import { inProcessWorker, type InProcessWorker } from './inProcess.js';
import { epochOrder } from './loader.js';
import type { Batch } from './types.js';

const SIZE = 16;
const dataset: Dataset = makeSampleDataset(SIZE, 10, 99); // 40 samples
const split = stratifiedSplit(dataset.labels, 4, 0.25, 5);
const pipeline: Pipeline = presetPipeline('heavy', 42);

function engine(size: number, onWorker?: (w: InProcessWorker<WorkerApi>) => void, api = () => createWorkerApi({ transfer: (v) => v })) {
  return new DataEngine(
    () => {
      const worker = inProcessWorker(api());
      onWorker?.(worker);
      return worker;
    },
    { size },
  );
}

async function collect(iterable: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of iterable) out.push(batch);
  return out;
}

async function epoch(workers: number, epochIndex: number, onWorker?: (w: InProcessWorker<WorkerApi>) => void): Promise<Batch[]> {
  const e = engine(workers, onWorker);
  await e.setDataset(dataset);
  const batches = await collect(e.batchSource(pipeline, split).train(epochIndex, 8));
  e.destroy();
  return batches;
}

const strip = (batches: Batch[]) => batches.map(({ waitMs: _, ...rest }) => rest);

describe('batch loader', () => {
  it('yields an epoch in order: every training sample once, shuffled by (seed, epoch)', async () => {
    const batches = await epoch(1, 3);
    expect(batches.map((b) => b.index)).toEqual([0, 1, 2, 3]);
    expect(split.train.length).toBe(28); // 7 of every 10 per class
    expect(batches.map((b) => b.size)).toEqual([8, 8, 8, 4]);
    const seen = batches.flatMap((b) => [...b.sampleIndices]);
    expect(seen).toEqual([...epochOrder(split.train, pipeline.seed, 3)]);
    expect([...seen].sort((a, b) => a - b)).toEqual([...split.train]);
    for (const b of batches) {
      expect(b.x.length).toBe(b.size * SIZE * SIZE * 3);
      expect([...b.y]).toEqual([...b.sampleIndices].map((i) => dataset.labels[i]));
      expect(b.waitMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives identical batches with 1 and 3 workers, matching runPipeline on each sample', async () => {
    const one = await epoch(1, 2);
    const three = await epoch(3, 2);
    expect(strip(three)).toEqual(strip(one));
    const first = one[0]!;
    const index = first.sampleIndices[0]!;
    const n = SIZE * SIZE * 3;
    const image = { width: SIZE, height: SIZE, channels: 3, data: dataset.pixels.subarray(index * n, (index + 1) * n) };
    expect(first.x.subarray(0, n)).toEqual(runPipeline(pipeline, image, { epoch: 2, index, mode: 'train' }).data);
  });

  it('differs between epochs', async () => {
    expect(strip(await epoch(1, 0))[0]!.sampleIndices).not.toEqual(strip(await epoch(1, 1))[0]!.sampleIndices);
  });

  it('replaces a worker killed mid-epoch and re-runs its batch: nothing lost or doubled', async () => {
    const reference = await epoch(3, 4);
    let killed = 0;
    // Each worker's batch() kills its own worker while computing batch 2 (the first time only),
    // so the batch is lost in flight exactly as with a crashed Worker.
    const e = new DataEngine(
      () => {
        const api = createWorkerApi({ transfer: (v) => v });
        const worker: InProcessWorker<WorkerApi> = inProcessWorker({
          ...api,
          batch: (request: Parameters<WorkerApi['batch']>[0]) => {
            const result = api.batch(request);
            if (killed === 0 && request.sampleIndices[0] === reference[2]!.sampleIndices[0]) {
              killed++;
              worker.terminate();
            }
            return result;
          },
        });
        return worker;
      },
      { size: 3 },
    );
    await e.setDataset(dataset);
    const batches = await collect(e.batchSource(pipeline, split, { prefetch: 3 }).train(4, 8));
    expect(killed).toBe(1);
    expect(e.pool.started).toBe(4); // three, and one replacement
    expect(e.pool.retries).toBe(1);
    expect(strip(batches)).toEqual(strip(reference));
    const all = batches.flatMap((b) => [...b.sampleIndices]).sort((a, b) => a - b);
    expect(all).toEqual([...split.train]);
    e.destroy();
  });

  it('replaces a worker whose batch throws, and reports a batch that fails every time', async () => {
    let made = 0;
    const flaky = () => {
      const api = createWorkerApi({ transfer: (v) => v });
      const first = made++ === 0;
      // The first worker throws on its first batch (as if it ran out of memory); its replacements are fine.
      let thrown = false;
      return { ...api, batch: (r: Parameters<WorkerApi['batch']>[0]) => (first && !thrown ? ((thrown = true), (() => { throw new Error('boom'); })()) : api.batch(r)) };
    };
    const e = engine(2, undefined, flaky);
    await e.setDataset(dataset);
    const batches = await collect(e.batchSource(pipeline, split).train(1, 8));
    expect(strip(batches)).toEqual(strip(await epoch(1, 1)));
    expect(e.pool.retries).toBe(1);
    e.destroy();

    // A batch that fails on every worker is a bug, not bad luck: after three tries the error reaches the consumer.
    const alwaysBroken = () => {
      const api = createWorkerApi({ transfer: (v) => v });
      return { ...api, batch: (): ReturnType<WorkerApi['batch']> => { throw new Error('sample 3: out of memory'); } };
    };
    const broken = engine(1, undefined, alwaysBroken);
    await broken.setDataset(dataset);
    await expect(collect(broken.batchSource(pipeline, split).train(0, 8))).rejects.toThrow('sample 3: out of memory');
    expect(broken.pool.started).toBeGreaterThanOrEqual(3);
    broken.destroy();
  });

  it('stops cleanly when the consumer breaks out or aborts', async () => {
    const e = engine(2);
    await e.setDataset(dataset);
    const source = e.batchSource(pipeline, split, { prefetch: 4 });
    let seen = 0;
    for await (const _ of source.train(0, 4)) {
      if (++seen === 2) break;
    }
    expect(seen).toBe(2);
    const controller = new AbortController();
    const run = (async () => {
      let n = 0;
      for await (const _ of source.train(0, 4, controller.signal)) if (++n === 1) controller.abort(new Error('stopped by the user'));
    })();
    await expect(run).rejects.toThrow('stopped by the user');
    // The pool is still usable afterwards.
    expect(await collect(source.validation(16))).toHaveLength(1);
    e.destroy();
  });

  it('validation batches are fixed, unaugmented, and in split order', async () => {
    const e = engine(2);
    await e.setDataset(dataset);
    const source = e.batchSource(pipeline, split);
    const a = await collect(source.validation(4));
    const b = await collect(source.validation(4));
    expect(strip(a)).toEqual(strip(b));
    expect(a.flatMap((x) => [...x.sampleIndices])).toEqual([...split.validation]);
    e.destroy();
  });
});

describe('preview on the pool', () => {
  it('returns RGBA variants with traces, the same for the same request', async () => {
    const e = engine(2);
    await e.setDataset(dataset);
    const result = await e.preview({ pipeline, samples: [0, 5], variants: 3, seedOffset: 0 });
    expect(result!.variants).toHaveLength(2);
    expect(result!.variants[0]).toHaveLength(3);
    const v = result!.variants[1]![2]!;
    expect(v.rgba.length).toBe(v.width * v.height * 4);
    expect(v.trace.length).toBe(pipeline.steps.length - 1); // rescale is left out for display
    expect(await e.preview({ pipeline, samples: [0, 5], variants: 3 })).toEqual(result);
    e.destroy();
  });

  it('drops a request superseded by a newer one', async () => {
    const e = engine(1);
    await e.setDataset(dataset);
    const older = e.preview({ pipeline, samples: [0, 1, 2, 3], variants: 2 });
    const newer = e.preview({ pipeline: presetPipeline('light', 1), samples: [4], variants: 2 });
    expect(await older).toBeNull();
    expect((await newer)!.variants).toHaveLength(1);
    e.destroy();
  });

  it('takes images that are not in the dataset', async () => {
    const e = engine(1);
    const image = { width: 4, height: 4, channels: 3, data: new Uint8Array(48).fill(90) };
    const result = await e.preview({ pipeline: presetPipeline('none'), samples: [image], variants: 1 });
    expect([...result!.variants[0]![0]!.rgba.subarray(0, 4)]).toEqual([90, 90, 90, 255]);
    e.destroy();
  });
});

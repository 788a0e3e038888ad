// The measured "Auto" backend choice with fake step timers: the fastest wins, failures fall back,
// answers are cached per model, batch and machine, software adapters are named, the budget holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { backendLabel, chooseBackend, headerText, isSoftwareAdapter, machineKey, mapStorage, storageKey, type ChoiceKey } from './autoBackend.js';

const KEY: ChoiceKey = { model: 'cnn-small:64x64x3:10', batchSize: 32, machine: 'test-machine' };

/** A timer that answers from a table (samples/s), or throws for the backends listed in `fails`. */
function fakeTimer(rates: Record<string, number>, fails: Record<string, string> = {}) {
  const calls: string[] = [];
  const timeSteps = async (backend: string): Promise<number> => {
    calls.push(backend);
    if (backend in fails) throw new Error(fails[backend]);
    return rates[backend] ?? 0;
  };
  return { timeSteps, calls };
}

describe('chooseBackend', () => {
  it('picks the fastest backend, whatever the order and speeds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom('webgpu', 'webgl', 'wasm', 'cpu'), { minLength: 1, maxLength: 4 }), fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 4, maxLength: 4 }), async (candidates, speeds) => {
        const rates = Object.fromEntries(candidates.map((c, i) => [c, speeds[i]!]));
        const choice = await chooseBackend({ candidates, timeSteps: fakeTimer(rates).timeSteps, key: KEY, storage: mapStorage() });
        const fastest = Math.max(...candidates.map((c) => rates[c]!));
        expect(rates[choice.chosen]).toBe(fastest);
        expect(choice.fromCache).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('ties go to the earlier candidate (the preferred order)', async () => {
    const choice = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps: fakeTimer({ webgpu: 50, wasm: 50 }).timeSteps, key: KEY, storage: mapStorage() });
    expect(choice.chosen).toBe('webgpu');
  });

  it('falls back past backends that fail to start, and says so in the header', async () => {
    const { timeSteps } = fakeTimer({ webgpu: 900, wasm: 12, cpu: 2 }, { webgpu: 'no adapter' });
    const choice = await chooseBackend({ candidates: ['webgpu', 'wasm', 'cpu'], timeSteps, key: KEY, storage: mapStorage() });
    expect(choice.chosen).toBe('wasm');
    expect(choice.measurements.webgpu).toEqual({ ok: false, error: 'no adapter' });
    expect(choice.header).toBe('WASM: 12 samples/s, CPU: 2 samples/s, WebGPU: did not run');
  });

  it('a backend that measures zero or NaN counts as failed', async () => {
    const choice = await chooseBackend({ candidates: ['webgpu', 'cpu'], timeSteps: fakeTimer({ webgpu: Number.NaN, cpu: 3 }).timeSteps, key: KEY, storage: mapStorage() });
    expect(choice.chosen).toBe('cpu');
    expect(choice.measurements.webgpu?.ok).toBe(false);
  });

  it('throws with every reason when nothing trains', async () => {
    const { timeSteps } = fakeTimer({}, { webgpu: 'no adapter', wasm: 'wasm files missing' });
    await expect(chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps, key: KEY, storage: mapStorage() })).rejects.toThrow(/WebGPU: no adapter; WASM: wasm files missing/);
  });

  it('caches per model, batch size and machine; remeasure ignores the cache', async () => {
    const map = new Map<string, string>();
    const storage = mapStorage(map);
    const first = fakeTimer({ webgpu: 1, wasm: 12 });
    const a = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps: first.timeSteps, key: KEY, storage });
    expect(a.chosen).toBe('wasm');
    // Same key: no timing at all, same answer and figures.
    const second = fakeTimer({ webgpu: 1000, wasm: 12 });
    const b = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps: second.timeSteps, key: KEY, storage });
    expect(second.calls).toEqual([]);
    expect(b).toMatchObject({ chosen: 'wasm', fromCache: true, header: a.header });
    // Another batch size, model or machine is measured afresh.
    for (const key of [{ ...KEY, batchSize: 256 }, { ...KEY, model: 'cnn-deep:64x64x3:10' }, { ...KEY, machine: 'other' }]) {
      const timer = fakeTimer({ webgpu: 1000, wasm: 12 });
      const c = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps: timer.timeSteps, key, storage });
      expect(timer.calls).toEqual(['webgpu', 'wasm']);
      expect(c.chosen).toBe('webgpu');
    }
    const again = fakeTimer({ webgpu: 1000, wasm: 12 });
    const d = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps: again.timeSteps, key: KEY, storage, remeasure: true });
    expect(d.chosen).toBe('webgpu');
    expect(d.fromCache).toBe(false);
  });

  it('ignores a stored entry that is corrupt, of another version, or names a backend not offered now', async () => {
    for (const stored of ['{not json', JSON.stringify({ version: 0, chosen: 'wasm', measurements: {}, labels: {} }), JSON.stringify({ version: 1, chosen: 'webgl', measurements: {}, labels: {} })]) {
      const map = new Map([[storageKey(KEY), stored]]);
      const timer = fakeTimer({ webgpu: 5, wasm: 12 });
      const choice = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps: timer.timeSteps, key: KEY, storage: mapStorage(map) });
      expect(timer.calls).toEqual(['webgpu', 'wasm']);
      expect(choice.chosen).toBe('wasm');
    }
  });

  it('stays within its budget: a backend that never answers is given up on', async () => {
    const timeSteps = (backend: string): Promise<number> => (backend === 'webgpu' ? new Promise<number>(() => undefined) : Promise.resolve(12));
    const choice = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps, key: KEY, storage: mapStorage(), budgetMs: 40 });
    expect(choice.chosen).toBe('wasm');
    expect(choice.measurements.webgpu).toMatchObject({ ok: false, error: expect.stringMatching(/no result within/) });
  });

  it('gives each backend an equal share of what is left of the budget', async () => {
    let clock = 0;
    const shares: number[] = [];
    // The first backend uses a tenth of its share; the others use all of theirs.
    const timeSteps = async (_backend: string, budgetMs: number): Promise<number> => {
      shares.push(budgetMs);
      clock += shares.length === 1 ? budgetMs / 10 : budgetMs;
      return 1;
    };
    await chooseBackend({ candidates: ['webgpu', 'wasm', 'cpu'], timeSteps, key: KEY, storage: mapStorage(), budgetMs: 3000, now: () => clock });
    expect(shares).toEqual([1000, 1450, 1450]);
    expect(clock).toBe(3000);
  });

  it("does not count a backend's start-up in the budget: each still gets its share of it", async () => {
    let clock = 0;
    const shares: number[] = [];
    const started: string[] = [];
    const timeSteps = async (backend: string, budgetMs: number): Promise<number> => {
      expect(started.at(-1)).toBe(backend); // started before it is timed
      shares.push(budgetMs);
      clock += budgetMs;
      return 1;
    };
    const startBackend = async (backend: string): Promise<void> => {
      started.push(backend);
      clock += 5000; // loading tfjs in a worker, a GPU device: longer than the whole budget
    };
    await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps, startBackend, key: KEY, storage: mapStorage(), budgetMs: 3000, now: () => clock });
    expect(started).toEqual(['webgpu', 'wasm']);
    expect(shares).toEqual([1500, 1500]);
  });

  it('a backend that fails to start, or does not start in time, did not run and is not timed', async () => {
    for (const start of [() => Promise.reject(new Error('no adapter')), () => new Promise<void>(() => undefined)]) {
      const timer = fakeTimer({ webgpu: 1000, wasm: 12 });
      const startBackend = (backend: string) => (backend === 'webgpu' ? start() : Promise.resolve());
      const choice = await chooseBackend({ candidates: ['webgpu', 'wasm'], timeSteps: timer.timeSteps, startBackend, startLimitMs: 30, key: KEY, storage: mapStorage() });
      expect(timer.calls).toEqual(['wasm']);
      expect(choice.chosen).toBe('wasm');
      expect(choice.measurements.webgpu).toMatchObject({ ok: false, error: expect.stringMatching(/^did not start: (no adapter|no result within 30 ms)$/) });
    }
  });

  it('names software adapters in the header', async () => {
    const choice = await chooseBackend({
      candidates: ['webgpu', 'wasm'],
      timeSteps: fakeTimer({ webgpu: 1, wasm: 12 }).timeSteps,
      isSoftware: (b) => b === 'webgpu',
      key: KEY,
      storage: mapStorage(),
    });
    expect(choice.header).toBe('WASM: 12 samples/s, WebGPU (software adapter): 1 samples/s');
    expect(choice.reason).toBe('WASM trained fastest of those measured');
  });
});

describe('adapters and labels', () => {
  it('knows software and fallback adapters', () => {
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' })).toBe(true);
    expect(isSoftwareAdapter({ description: 'llvmpipe (LLVM 15.0.7, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: '', description: 'NVIDIA: 580.159.04' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'intel', architecture: 'gen-12lp' })).toBe(false);
    expect(isSoftwareAdapter(undefined)).toBe(false);
  });

  it('labels backends as the header shows them', () => {
    expect(backendLabel('webgpu', true)).toBe('WebGPU (software adapter)');
    expect(backendLabel('wasm')).toBe('WASM');
    expect(headerText({ cpu: { ok: true, samplesPerS: 0.25 }, webgl: { ok: true, samplesPerS: 1234.5 } }, { cpu: 'CPU', webgl: 'WebGL' })).toBe('WebGL: 1,235 samples/s, CPU: 0.25 samples/s');
  });

  it('machine keys differ when the adapter or the CPU does', () => {
    const base = { userAgent: 'UA', hardwareConcurrency: 8, adapter: { vendor: 'google', architecture: 'swiftshader' } };
    expect(machineKey(base)).not.toBe(machineKey({ ...base, hardwareConcurrency: 16 }));
    expect(machineKey(base)).not.toBe(machineKey({ ...base, adapter: { vendor: 'nvidia' } }));
    expect(machineKey({ ...base, adapter: undefined })).toContain('no-webgpu');
  });
});

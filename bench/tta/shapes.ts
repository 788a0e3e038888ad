// The built-in shapes (the page's sample dataset, src/data/sampleDataset.ts) written as PNG class
// folders, so the benchmark and scikit-learn read them as they read any imported set.
// Usage: node shapes.mjs OUT_DIR SIZE_PX
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleBytes } from '../../src/data/dataset.js';
import { makeSampleDataset } from '../../src/data/sampleDataset.js';
import { encodePngRgb } from './png.js';

const [out, size] = [process.argv[2]!, Number(process.argv[3])];
const dataset = makeSampleDataset(size);
const n = sampleBytes(size);
dataset.names.forEach((name, i) => {
  const [, cls, file] = name.split('/');
  mkdirSync(join(out, cls!), { recursive: true });
  writeFileSync(join(out, cls!, file!), encodePngRgb(size, size, dataset.pixels.subarray(i * n, (i + 1) * n)));
});
process.stdout.write(`${dataset.names.length}\n`);

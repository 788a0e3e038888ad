// Worst cases of the pipeline core (issue 10): the time parsePipeline takes on hostile files of up
// to 10 MB (target: under 200 ms each), and the time of resize + Gaussian blur at large sizes for
// small and large sigma (the cost should not grow with sigma). Run: node bench/pipeline-limits.mjs
import { parsePipeline, runPipeline } from '../src/pipeline/index.js';
import { adversarialInputs } from '../src/pipeline/schema/adversarial.js';

const rows: Record<string, number | string>[] = [];
for (const [name, text] of adversarialInputs()) {
  let best = Infinity;
  let message = '';
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    try {
      parsePipeline(text);
    } catch (e) {
      message = (e as Error).message;
    }
    best = Math.min(best, performance.now() - t);
  }
  rows.push({ case: name, mb: +(text.length / (1 << 20)).toFixed(2), parse_ms: +best.toFixed(1), message_chars: message.length });
}

const image = { width: 64, height: 64, channels: 3, data: new Uint8Array(64 * 64 * 3).map((_, i) => (i * 31) % 256) };
for (const size of [1024, 4096]) {
  for (const sigma of [1.5, 5, 10]) {
    const p = parsePipeline({
      format: 'augplay.pipeline',
      version: 1,
      steps: [{ op: 'resize', params: { width: size, height: size, interpolation: 'bilinear' } }, { op: 'gaussianBlur', p: 1, params: { sigma: [sigma, sigma] } }],
    });
    const t = performance.now();
    runPipeline(p, image, { epoch: 0, index: 0, mode: 'train' });
    rows.push({ case: `resize ${size} + blur sigma ${sigma}`, run_ms: Math.round(performance.now() - t) });
  }
}
console.table(rows);
console.log(JSON.stringify(rows));

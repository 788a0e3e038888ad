// The packed library in a fresh project: `npm pack ./dist-lib`, install the tarball offline in a
// temporary project, import { parsePipeline, runPipeline } from 'augplay/pipeline', and check that
// it gives the same bytes (and the same error messages) as the source for the conformance fixtures.
// Run after `npm run build:lib` and `npm run fixtures` (npm run test:lib does both).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const fixtures = resolve(process.env.AUGPLAY_FIXTURES_DIR ?? join(root, 'python/tests/fixtures'));
const dir = mkdtempSync(join(tmpdir(), 'augplay-lib-'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  npm(['pack', join(root, 'dist-lib'), '--pack-destination', dir, '--silent'], root);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  const app = join(dir, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'uses-augplay', private: true, type: 'module' }));
  // --offline: the tarball has no dependencies, so nothing may need the network.
  npm(['install', '--offline', '--no-audit', '--no-fund', '--silent', join(dir, tarball)], app);

  writeFileSync(
    join(app, 'check.mjs'),
    `import { readFileSync } from 'node:fs';
import { parsePipeline, runPipeline, toPreprocessorConfig, PipelineError } from 'augplay/pipeline';
const cases = JSON.parse(readFileSync(${JSON.stringify(join(fixtures, 'cases.json'))}, 'utf8'));
const errors = JSON.parse(readFileSync(${JSON.stringify(join(fixtures, 'errors.json'))}, 'utf8'));
const bytes = (b64) => new Uint8Array(Buffer.from(b64, 'base64'));
const b64 = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
let bad = [];
for (const c of cases) {
  const image = { width: c.image.width, height: c.image.height, channels: c.image.channels, data: bytes(c.image.data) };
  const opts = { epoch: c.epoch, index: c.index, mode: c.mode, reference: c.reference, ...(c.mask ? { mask: bytes(c.mask) } : {}) };
  try {
    const out = runPipeline(parsePipeline(c.pipeline), image, opts);
    if ('error' in c.expect) bad.push(c.name + ': ran, the source refused it');
    else if (b64(out.data) !== c.expect.data) bad.push(c.name + ': other bytes');
    else if ((out.mask ? b64(out.mask) : undefined) !== c.expect.mask) bad.push(c.name + ': other mask');
    else if (JSON.stringify(out.trace) !== JSON.stringify(c.expect.trace)) bad.push(c.name + ': other trace');
  } catch (e) {
    if (!(e instanceof PipelineError) || e.message !== c.expect.error) bad.push(c.name + ': ' + e.message);
  }
}
for (const e of errors) {
  let message = '';
  try { parsePipeline(e.input); } catch (err) { message = err.message; }
  if (message !== e.message) bad.push('error case ' + e.name + ': ' + JSON.stringify(message));
}
if (typeof toPreprocessorConfig !== 'function') bad.push('toPreprocessorConfig is not exported');
if (bad.length) { console.error(bad.slice(0, 20).join('\\n')); process.exit(1); }
console.log('augplay/pipeline from the packed tarball: ' + cases.length + ' cases, same bytes as the source; ' + errors.length + ' error messages the same');
`,
  );
  process.stdout.write(execFileSync('node', ['check.mjs'], { cwd: app, encoding: 'utf8' }));

  // The types resolve through the package's exports, with no zod, no DOM and skipLibCheck off.
  writeFileSync(
    join(app, 'check.ts'),
    `import { parsePipeline, runPipeline, toPreprocessorConfig, type Pipeline, type PipelineResult } from 'augplay/pipeline';
const p: Pipeline = parsePipeline('{"format":"augplay.pipeline","version":1,"steps":[]}');
const r: PipelineResult = runPipeline(p, { width: 1, height: 1, channels: 3, data: new Uint8Array(3) }, { epoch: 0, index: 0, mode: 'inference' });
const size: number = r.data.length + toPreprocessorConfig(p).rescale_factor;
export { size };
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], skipLibCheck: false, noEmit: true }, files: ['check.ts'] }),
  );
  execFileSync('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', app], { stdio: 'inherit' });
  console.log('augplay/pipeline types: check.ts compiles (nodenext, skipLibCheck off)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

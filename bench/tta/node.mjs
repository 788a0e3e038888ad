// Time to accuracy in Node (a tool for sweeps, not the headline: bench/time-to-accuracy.mjs drives
// the page). It trains with settings the page has no control for (the preset's width multiplier,
// another step budget: TTA_VARIANTS keys width= and steps=), one process per dataset, so the levers
// behind the defaults can be compared quickly. Writes bench/tmp/tta/node-rows.json, not the results or the table.
// (Issue #17) scikit-learn's digits (1,797 real 8x8 handwritten digits, from
// Debian's python3-sklearn) and the page's built-in shapes, written as PNG class folders; for the
// default settings and each preset, the validation accuracy the train layer reaches, the seconds
// it takes and the backend; beside them scikit-learn's LogisticRegression and MLPClassifier on the
// same files and the same split, in the same run. The train layer runs in Node on tfjs WASM (the
// backend the page picks on a machine without a GPU), not through the page.
// Usage: node bench/tta/node.mjs.   Env: TTA_DATASETS (digits,shapes), TTA_SHAPES_PX (default 64, as the page draws them),
// TTA_VARIANTS (see bench/tta/train.ts), PYTHON (/usr/bin/python3, where Debian's sklearn lives).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TMP = join(ROOT, 'bench', 'tmp', 'tta');
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SHAPES_PX = Number(process.env.TTA_SHAPES_PX ?? 64);
const DATASETS = (process.env.TTA_DATASETS ?? 'digits,shapes').split(',');
/** defaults = the default preset, pipeline and recipe; then each preset without augmentation, and the default pipeline on the MLP. */
const VARIANTS = process.env.TTA_VARIANTS ?? 'defaults,cnn-small:none,mlp:none,mlp:standard,cnn-deep:none';
const log = (line) => process.stderr.write(`${line}\n`);

function run(command, args, env = {}) {
  const res = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${res.status}`);
  return res.stdout.trim().split('\n').at(-1);
}

async function bundle(name) {
  const file = join(TMP, `${name}.mjs`);
  await build({ input: join(ROOT, 'bench', 'tta', `${name}.ts`), platform: 'node', logLevel: 'warn', external: [/^@tensorflow\//], output: { format: 'esm', file } });
  return file;
}

function writeDataset(name, shapesFile) {
  const dir = join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (name === 'digits') run(PYTHON, [join(ROOT, 'bench', 'tta', 'digits_to_png.py'), dir]);
  else if (name === 'shapes') run(process.execPath, [shapesFile, dir, String(SHAPES_PX)]);
  else throw new Error(`TTA_DATASETS: unknown dataset ${name} (digits, shapes)`);
  return dir;
}

/** Trains each variant in Node, fits the baselines, writes bench/tmp/tta/node-rows.json; returns the rows. */
async function nodeTimeToAccuracy() {
  mkdirSync(TMP, { recursive: true });
  const [trainFile, shapesFile] = [await bundle('train'), await bundle('shapes')];
  const rows = [];
  for (const name of DATASETS) {
    const dir = writeDataset(name, shapesFile);
    const splitFile = join(TMP, `${name}-split.json`);
    log(`time to accuracy: ${name} (${VARIANTS})`);
    const trained = JSON.parse(run(process.execPath, [trainFile], { TTA_DATA: dir, TTA_NAME: name, TTA_VARIANTS: VARIANTS, TTA_SPLIT_OUT: splitFile }));
    let baselines = { logreg: {}, mlp: {} };
    try {
      baselines = JSON.parse(run(PYTHON, [join(ROOT, 'bench', 'tta', 'baselines.py'), splitFile]));
    } catch (error) {
      log(`scikit-learn baselines not measured (${error.message}): apt-get install -y python3-sklearn`);
    }
    for (const row of trained) rows.push({ ...row, baseline_logreg: baselines.logreg.val_accuracy ?? null, baseline_mlp: baselines.mlp.val_accuracy ?? null, baseline_seconds: { logreg: baselines.logreg.seconds ?? null, mlp: baselines.mlp.seconds ?? null } });
  }
  writeFileSync(join(TMP, 'node-rows.json'), JSON.stringify(rows, null, 2) + '\n');
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  nodeTimeToAccuracy()
    .then((rows) => process.stdout.write(`${JSON.stringify(rows)}\n`))
    .catch((error) => {
      log(error.stack ?? String(error));
      process.exit(1);
    });
}

// Bundles bench/pipeline-limits.ts with rolldown (as bench/run.mjs does) and runs it with node.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(ROOT, 'bench', 'tmp', 'pipeline-limits.mjs');
await build({ input: join(ROOT, 'bench', 'pipeline-limits.ts'), platform: 'node', logLevel: 'warn', output: { format: 'esm', file } });
const res = spawnSync(process.execPath, ['--max-old-space-size=4096', file], { stdio: 'inherit' });
process.exit(res.status ?? 1);

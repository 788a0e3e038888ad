// npm run test:python: the Python tests (python/tests: pipeline conformance, PyTorch conversion,
// distributed training) with the first Python 3 that has NumPy and PyTorch. Where none has them and
// this runs as root with apt-get (a fresh CI machine), it installs Debian's python3-numpy and
// python3-torch, as ensure-chromium.mjs does for the browser; PyPI is not needed.
import { execFileSync, spawnSync } from 'node:child_process';

const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
const has = (python, code) => spawnSync(python, ['-c', code], { stdio: 'ignore' }).status === 0;
const findPython = () => candidates.find((p) => has(p, 'import numpy, torch'));
let python = findPython();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!python && isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0) {
  console.log('test:python: no Python 3 with NumPy and PyTorch; installing python3-numpy and python3-torch with apt-get');
  const install = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends python3-numpy python3-torch'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.status === 0) python = findPython();
}
if (!python) {
  const numpyOnly = candidates.find((p) => has(p, 'import numpy'));
  console.error(
    `test:python: no Python 3 with NumPy and PyTorch (tried ${candidates.join(', ')}${numpyOnly ? `; ${numpyOnly} has NumPy only` : ''}).\n` +
      'Install them: apt-get install python3-numpy python3-torch (Debian/Ubuntu), or set PYTHON=/path/to/python.',
  );
  process.exit(1);
}
execFileSync(python, ['-m', 'unittest', 'discover', '-s', 'python/tests'], { stdio: 'inherit', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });

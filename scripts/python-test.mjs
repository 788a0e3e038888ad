// npm run test:python: the Python tests (python/tests: pipeline conformance, PyTorch conversion,
// distributed training) with the first Python 3 that has NumPy and PyTorch. CI installs Debian's
// python3-numpy and python3-torch (.ci/run); PyPI is not needed.
import { execFileSync, spawnSync } from 'node:child_process';

const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
const has = (python, code) => spawnSync(python, ['-c', code], { stdio: 'ignore' }).status === 0;
const python = candidates.find((p) => has(p, 'import numpy, torch'));
if (!python) {
  const numpyOnly = candidates.find((p) => has(p, 'import numpy'));
  console.error(
    `test:python: no Python 3 with NumPy and PyTorch (tried ${candidates.join(', ')}${numpyOnly ? `; ${numpyOnly} has NumPy only` : ''}).\n` +
      'Install them: apt-get install python3-numpy python3-torch (Debian/Ubuntu), or set PYTHON=/path/to/python.',
  );
  process.exit(1);
}
execFileSync(python, ['-m', 'unittest', 'discover', '-s', 'python/tests'], { stdio: 'inherit', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });

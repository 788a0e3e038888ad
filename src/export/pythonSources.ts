/// <reference types="vite/client" />
// The Python files a PyTorch bundle carries (python/augplay/*.py, python/export/*.py), as text,
// inlined by Vite at build time: the export zip is written in the page, with no request.

const augplay = import.meta.glob('../../python/augplay/*.py', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const scripts = import.meta.glob('../../python/export/*.py', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Sources by path relative to python/ ("augplay/run.py", "export/train.py"). */
export function pythonSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, source] of Object.entries({ ...augplay, ...scripts })) out[path.replace('../../python/', '')] = source;
  return out;
}

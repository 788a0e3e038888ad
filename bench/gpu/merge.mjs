// Merges bench:gpu reports: the rows of `next` replace those of `prev` with the same model, px and
// batch; prev's other rows are kept (each row carries the date of its run). The header (adapter,
// date, method, pytorch note) is next's. CLI: node bench/gpu/merge.mjs FROM.json INTO.json
// [models,...] merges FROM's rows (only those models, if named) into INTO.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const key = (row) => `${row.model}:${row.size}:${row.batch}`;

export function mergeReports(prev, next) {
  const replaced = new Set(next.rows.map(key));
  const kept = prev.rows.filter((row) => !replaced.has(key(row))).map((row) => ({ date: prev.date, ...row }));
  return { ...next, rows: [...kept, ...next.rows] };
}

// Run as a script (not when bundled into entry.mjs, whose import.meta.url is the bundle's own).
if (basename(process.argv[1] ?? '') === 'merge.mjs' && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [from, into, models] = process.argv.slice(2);
  if (!from || !into) {
    console.error('usage: node bench/gpu/merge.mjs FROM.json INTO.json [models,...]');
    process.exit(2);
  }
  const next = JSON.parse(readFileSync(from, 'utf8'));
  const prev = JSON.parse(readFileSync(into, 'utf8'));
  if (models) next.rows = next.rows.filter((row) => models.split(',').includes(row.model));
  if (next.rows.length === 0) {
    console.error(`bench/gpu/merge.mjs: no rows of ${models} in ${from}`);
    process.exit(1);
  }
  // The header stays INTO's (but for the method, which names every model) when only some models are
  // merged in: their rows carry their own date.
  const merged = models ? { ...prev, method: next.method ?? prev.method, rows: mergeReports(prev, next).rows } : mergeReports(prev, next);
  writeFileSync(into, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`merged ${next.rows.length} row(s) of ${from} into ${into}`);
}

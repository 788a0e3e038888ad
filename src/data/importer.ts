// Importing user files: folders (class = parent folder), zips (same convention), CSV `filename,label`
// next to loose files. Every file that cannot be used becomes one report row {file, reason} and the
// rest is imported. Decoding is injected (workers in the page, a fake in Node tests).

import Papa from 'papaparse';
import { unzip, type UnzipOptions } from 'fflate';
import type { DecodeResult, ImportedSample, ImportEntry, ImportOptions, ImportResult, ReportRow } from './importTypes.js';
import { imageSize, MAX_IMAGE_PIXELS, mimeOf, sniff, type ImageFormat } from './formats.js';
import { errorMessage } from '../pipeline/errorMessage.js';
import { initialClasses, maskForImage, pairFiles } from './pairs.js';

export type { DecodeFailed, DecodeJob, DecodeOk, DecodeResult, Decoder, ImportedSample, ImportEntry, ImportOptions, ImportResult, ReportRow } from './importTypes.js';


/** Zip entries bigger than this (uncompressed) are refused: a zip bomb must not take the tab down. */
export const MAX_ZIP_ENTRY_BYTES = 256 * 1024 * 1024;
const UNLABELLED = 'unlabelled';

interface Candidate {
  path: string;
  /** Folder the file sits in ('' at the top), for the class name and CSV matching. */
  dir: string;
  bytes: Uint8Array;
  /** Set for entries of a zip: nested zips inside it are refused. */
  fromZip?: string;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** macOS and Windows leave these in folders and zips; they are not data, so they are skipped quietly. */
function isSystemJunk(path: string): boolean {
  const base = baseOf(path);
  return path.startsWith('__MACOSX/') || path.includes('/__MACOSX/') || base.startsWith('._') || base === '.DS_Store' || base === 'Thumbs.db' || base === 'desktop.ini';
}

const isCsv = (path: string) => /\.csv$/i.test(path);
const isZipName = (path: string) => /\.zip$/i.test(path);

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface CsvLabels {
  csv: string;
  dir: string;
  /** Normalised filename (as written, relative to the CSV's folder) to label and row number. */
  rows: Map<string, { label: string; row: number; used: boolean }>;
}

function parseCsv(path: string, text: string, report: ReportRow[]): CsvLabels {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = new Map<string, { label: string; row: number; used: boolean }>();
  for (const error of parsed.errors) {
    report.push({ file: path, reason: `CSV row ${(error.row ?? 0) + 1}: ${error.message}` });
  }
  parsed.data.forEach((cells, i) => {
    const row = i + 1;
    const [rawName, rawLabel] = cells.map((c) => c.trim());
    if (i === 0 && rawName?.toLowerCase() === 'filename' && rawLabel?.toLowerCase() === 'label') return;
    if (!rawName || !rawLabel || cells.length < 2) {
      report.push({ file: path, reason: `CSV row ${row}: expected "filename,label", got "${cells.join(',')}"` });
      return;
    }
    const name = normalise(rawName);
    const earlier = rows.get(name);
    if (earlier && earlier.label !== rawLabel) {
      report.push({ file: path, reason: `CSV row ${row}: ${name} was already labelled "${earlier.label}" in row ${earlier.row}; kept that one` });
      return;
    }
    if (!earlier) rows.set(name, { label: rawLabel, row, used: false });
  });
  return { csv: path, dir: dirOf(path), rows };
}

/** Expands zips, reads CSVs, and reports empty files; everything else becomes a candidate. */
async function gather(entries: readonly ImportEntry[], report: ReportRow[], signal?: AbortSignal): Promise<{ candidates: Candidate[]; csvs: CsvLabels[] }> {
  const candidates: Candidate[] = [];
  const csvs: CsvLabels[] = [];
  for (const entry of entries) {
    signal?.throwIfAborted();
    const path = normalise(entry.path);
    if (isSystemJunk(path)) continue;
    if (entry.size === 0) {
      report.push({ file: path, reason: 'empty file (0 bytes)' });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await entry.read();
    } catch (error) {
      report.push({ file: path, reason: `could not be read (${errorMessage(error)}); was it moved or deleted?` });
      continue;
    }
    if (bytes.length === 0) {
      report.push({ file: path, reason: 'empty file (0 bytes)' });
      continue;
    }
    if (isCsv(path)) {
      csvs.push(parseCsv(path, new TextDecoder().decode(bytes), report));
      continue;
    }
    if (sniff(bytes).kind === 'zip' || isZipName(path)) {
      await expandZip(path, bytes, candidates, csvs, report);
      continue;
    }
    candidates.push({ path, dir: dirOf(path), bytes });
  }
  return { candidates, csvs };
}

/** fflate's asynchronous unzip inflates large entries in its own workers, so a big zip does not freeze the page. */
function unzipOffThread(bytes: Uint8Array, options: UnzipOptions): Promise<Record<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    unzip(bytes, options, (error, files) => (error ? reject(error) : resolve(files)));
  });
}

async function expandZip(zipPath: string, bytes: Uint8Array, candidates: Candidate[], csvs: CsvLabels[], report: ReportRow[]): Promise<void> {
  let files: Record<string, Uint8Array>;
  const tooBig: string[] = [];
  try {
    files = await unzipOffThread(bytes, {
      filter: (file) => {
        if (file.originalSize > MAX_ZIP_ENTRY_BYTES) {
          tooBig.push(file.name);
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    report.push({ file: zipPath, reason: `not a readable zip (${errorMessage(error)}); re-create the archive and add it again` });
    return;
  }
  for (const name of tooBig) {
    report.push({ file: `${zipPath}/${name}`, reason: `over ${MAX_ZIP_ENTRY_BYTES / 2 ** 20} MB uncompressed: refused to protect memory; add it as a file instead` });
  }
  // Entries at the zip's root take the zip's name (without .zip) as their folder, hence their class.
  const rootDir = baseOf(zipPath).replace(/\.zip$/i, '');
  for (const [rawName, data] of Object.entries(files)) {
    const inner = normalise(rawName);
    if (inner.endsWith('/') || isSystemJunk(inner)) continue;
    const path = `${zipPath}/${inner}`;
    if (data.length === 0) {
      report.push({ file: path, reason: 'empty file (0 bytes)' });
      continue;
    }
    if (isCsv(inner)) {
      const csv = parseCsv(path, new TextDecoder().decode(data), report);
      csvs.push({ ...csv, dir: `${zipPath}/${dirOf(inner)}`.replace(/\/$/, '') });
      continue;
    }
    const dir = dirOf(inner) === '' ? rootDir : dirOf(inner);
    candidates.push({ path, dir: `${zipPath}::${dir}`, bytes: data, fromZip: zipPath });
  }
}

/** The class name of a candidate with no CSV label: its parent folder's name. */
function folderClass(candidate: Candidate): string {
  const dir = candidate.dir.includes('::') ? candidate.dir.slice(candidate.dir.indexOf('::') + 2) : candidate.dir;
  const name = baseOf(dir);
  return name === '' ? UNLABELLED : name;
}

/** The folder a candidate sits in, comparable with a CSV's folder. */
function plainDir(candidate: Candidate): string {
  return dirOf(candidate.path);
}

function relativeTo(dir: string, path: string): string | null {
  if (dir === '') return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : null;
}

/** CSV label of a candidate, null if a CSV sits beside it but does not list it, undefined if no CSV applies. */
function csvLabel(candidate: Candidate, csvs: readonly CsvLabels[]): { label: string } | { unlisted: string } | undefined {
  let beside: string | undefined;
  for (const csv of csvs) {
    const rel = relativeTo(csv.dir, candidate.path);
    if (rel === null) continue;
    const row = csv.rows.get(rel) ?? (rel.includes('/') ? undefined : csv.rows.get(baseOf(rel)));
    if (row) {
      row.used = true;
      return { label: row.label };
    }
    if (plainDir(candidate) === csv.dir) beside = csv.csv;
  }
  return beside === undefined ? undefined : { unlisted: beside };
}

interface Checked {
  candidate: Candidate;
  format: ImageFormat;
  className: string;
  hash: string;
  width: number;
  height: number;
}

/** Imports `entries`; never throws for a bad file (only for a cancelled import or a broken decoder). */
export async function importEntries(entries: readonly ImportEntry[], options: ImportOptions): Promise<ImportResult> {
  const report: ReportRow[] = [];
  const maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  const gathered = await gather(entries, report, options.signal);
  const { csvs } = gathered;
  // Segmentation imports: masks and the class table are taken out; images are matched to masks after decoding.
  const pairing = pairFiles(gathered.candidates, report);
  const candidates = pairing.rest;
  if (!pairing.segmentation && pairing.table) report.push({ file: pairing.table.source, reason: 'class table ignored: no masks in this import (masks/<name>.png or <name>_mask.png)' });
  const segmentation = pairing.segmentation ? initialClasses(pairing.table) : null;
  const total = candidates.length;
  let done = 0;
  const progress = () => options.onProgress?.(done, total);
  progress();

  const seen = new Map<string, string>(options.knownHashes ?? []);
  const checked: Checked[] = [];
  for (const candidate of candidates) {
    options.signal?.throwIfAborted();
    const reason = await check(candidate);
    if (typeof reason === 'string') {
      report.push({ file: candidate.path, reason });
      done++;
      progress();
    } else {
      checked.push(reason);
    }
  }

  async function check(candidate: Candidate): Promise<string | Checked> {
    const sniffed = sniff(candidate.bytes);
    switch (sniffed.kind) {
      case 'zip':
        return candidate.fromZip ? 'a zip inside a zip is not opened: unzip it and add its contents' : 'not a readable zip';
      case 'svg':
        return 'SVG refused: it is a vector document (it can run scripts and has no fixed pixel size), not pixels; export it as PNG';
      case 'pdf':
        return 'PDF document, not an image (PNG, JPEG, WebP, GIF or BMP expected)';
      case 'text':
        return 'text file, not an image (PNG, JPEG, WebP, GIF or BMP expected)';
      case 'unknown':
        return 'not an image this app reads (PNG, JPEG, WebP, GIF or BMP expected)';
      case 'image':
        break;
    }
    const format = sniffed.format;
    const size = imageSize(candidate.bytes, format);
    if (!size) return `truncated or corrupt ${format.toUpperCase()}: its header is incomplete`;
    const pixels = size.width * size.height;
    if (pixels > maxPixels) {
      return `too large: ${size.width} x ${size.height} = ${(pixels / 1e6).toFixed(1)} megapixels, over the ${maxPixels / 1e6} MP limit (decoding it would take ${Math.round((pixels * 4) / 2 ** 20)} MB); scale it down first`;
    }
    const labelled = csvLabel(candidate, csvs);
    if (labelled && 'unlisted' in labelled) return `not listed in ${labelled.unlisted}, so it has no label; add a row "${baseOf(candidate.path)},<class>"`;
    const hash = await sha256Hex(candidate.bytes);
    const earlier = seen.get(hash);
    if (earlier !== undefined) return `duplicate of ${earlier} (same bytes); skipped`;
    seen.set(hash, candidate.path);
    return { candidate, format, className: labelled?.label ?? folderClass(candidate), hash, width: size.width, height: size.height };
  }

  for (const csv of csvs) {
    for (const [name, row] of csv.rows) {
      if (!row.used) report.push({ file: csv.csv, reason: `CSV row ${row.row}: ${name} is not among the added files` });
    }
  }

  // Decode in chunks, a few chunks in flight (one per worker), keeping the import order.
  const chunkSize = options.decodeChunk ?? 8;
  const concurrency = Math.max(1, options.decodeConcurrency ?? 1);
  const chunks: Checked[][] = [];
  for (let i = 0; i < checked.length; i += chunkSize) chunks.push(checked.slice(i, i + chunkSize));
  const results: DecodeResult[][] = new Array(chunks.length);
  let next = 0;
  const runner = async () => {
    while (next < chunks.length) {
      options.signal?.throwIfAborted();
      const k = next++;
      const chunk = chunks[k]!;
      const out = await options.decode(
        chunk.map((c) => ({ name: c.candidate.path, bytes: c.candidate.bytes, mime: mimeOf(c.format) })),
        options.sizePx,
      );
      if (out.length !== chunk.length) throw new Error(`decoder returned ${out.length} results for ${chunk.length} files`);
      results[k] = out;
      done += chunk.length;
      progress();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, runner));

  const samples: ImportedSample[] = [];
  chunks.forEach((chunk, k) => {
    chunk.forEach((c, j) => {
      const result = results[k]![j]!;
      if (!result.ok) {
        report.push({ file: c.candidate.path, reason: result.reason });
        return;
      }
      const sample: ImportedSample = {
        name: c.candidate.path,
        hash: c.hash,
        className: c.className,
        pixels: result.pixels,
        original: c.candidate.bytes,
        mime: mimeOf(c.format),
        width: c.width,
        height: c.height,
      };
      if (segmentation) {
        sample.mask = maskForImage(pairing, c.candidate.path, c, options.sizePx, report, segmentation);
        const png = pairing.masks.get(c.candidate.path.replace(/\.[^./]*$/, ''));
        if (png) sample.maskOriginal = png.bytes;
      }
      samples.push(sample);
    });
  });
  return segmentation ? { samples, report, segmentation } : { samples, report };
}

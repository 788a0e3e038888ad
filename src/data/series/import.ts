// Importing time-series files: a UCR/UEA text file or a CSV with a header (one series per line),
// or a folder/zip of one CSV per sample whose parent folder is the class. Returns the series read
// and one report row per refused line or file; never throws for a bad file.

import { unzipSync } from 'fflate';
import type { ImportEntry, ReportRow } from '../importTypes.js';
import { hasHeader, parseHeaderCsv, parseSampleCsv, parseUcr, type MissingRule, type RawSeries } from './parse.js';

/** Largest file read (bytes), and largest total unzipped: a bad file must not take the tab down. */
export const MAX_SERIES_FILE_BYTES = 256 * 1024 * 1024;

const IGNORED = /(^|\/)(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini)(\/|$)|(^|\/)\._/;
const TEXT = /\.(tsv|txt|csv|ts)$/i;

export interface SeriesImportResult {
  series: RawSeries[];
  report: ReportRow[];
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** `relative`: the path inside what was picked (a zip's entries: inside the zip), whose folders name classes. */
function readOne(path: string, relative: string, bytes: Uint8Array, rule: MissingRule, out: SeriesImportResult): void {
  const parts = relative.split('/').filter(Boolean);
  const text = decoder.decode(bytes);
  if (parts.length >= 2 && /\.csv$/i.test(path)) {
    const got = parseSampleCsv(text, path, parts[parts.length - 2]!, rule);
    if ('values' in got) out.series.push(got);
    else out.report.push(got);
    return;
  }
  const parsed = /\.csv$/i.test(path) && hasHeader(text) ? parseHeaderCsv(text, path, rule) : parseUcr(text, path, rule);
  out.series.push(...parsed.series);
  out.report.push(...parsed.report);
}

export async function importSeriesEntries(entries: readonly ImportEntry[], rule: MissingRule = 'interpolate'): Promise<SeriesImportResult> {
  const out: SeriesImportResult = { series: [], report: [] };
  for (const entry of entries) {
    if (IGNORED.test(entry.path)) continue;
    if (entry.size > MAX_SERIES_FILE_BYTES) {
      out.report.push({ file: entry.path, reason: `larger than ${MAX_SERIES_FILE_BYTES / 1024 / 1024} MB` });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await entry.read();
    } catch (e) {
      out.report.push({ file: entry.path, reason: `could not be read (${e instanceof Error ? e.message : String(e)})` });
      continue;
    }
    if (bytes.length === 0) {
      out.report.push({ file: entry.path, reason: 'the file is empty' });
      continue;
    }
    if (/\.zip$/i.test(entry.path) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
      let files: Record<string, Uint8Array>;
      let total = 0;
      try {
        files = unzipSync(bytes, {
          filter: (f) => {
            total += f.originalSize;
            return !f.name.endsWith('/') && !IGNORED.test(f.name) && total <= MAX_SERIES_FILE_BYTES;
          },
        });
      } catch (e) {
        out.report.push({ file: entry.path, reason: `not a readable zip (${e instanceof Error ? e.message : String(e)})` });
        continue;
      }
      if (total > MAX_SERIES_FILE_BYTES) out.report.push({ file: entry.path, reason: `unzips to more than ${MAX_SERIES_FILE_BYTES / 1024 / 1024} MB; the rest was skipped` });
      for (const [name, data] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (TEXT.test(name)) readOne(`${entry.path}/${name}`, name, data, rule, out);
        else out.report.push({ file: `${entry.path}/${name}`, reason: 'not a series file (expected .csv, .tsv or .txt)' });
      }
      continue;
    }
    if (!TEXT.test(entry.path)) {
      out.report.push({ file: entry.path, reason: 'not a series file (expected .csv, .tsv, .txt or .zip)' });
      continue;
    }
    readOne(entry.path, entry.path, bytes, rule, out);
  }
  return out;
}

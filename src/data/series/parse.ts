// Parsers for time-series files: (a) UCR/UEA archive text (label first, then values; tab, comma or
// space separated; no header), (b) a CSV with a header (a `label` column, or the first column, and
// one column per time step), (c) one CSV per sample (rows = time steps, columns = channels, a header
// naming the channels). Missing values (NaN, empty cells) are filled by the stated rule or the row
// is refused; every refused row is one report row with its line number and why.

import type { ReportRow } from '../importTypes.js';

/** What to do with a missing value: fill it by linear interpolation from its neighbours, or refuse the row/file. */
export type MissingRule = 'interpolate' | 'refuse';
export const MISSING_RULES: readonly MissingRule[] = ['interpolate', 'refuse'];

/** One series as read, before it is brought to the working length: time-major [length, channels]. */
export interface RawSeries {
  name: string;
  className: string;
  length: number;
  channels: number;
  values: Float64Array;
}

export interface ParseResult {
  series: RawSeries[];
  report: ReportRow[];
}

/** Longest series read (steps): a larger one is refused, not allowed to take the tab's memory. */
export const MAX_SERIES_STEPS = 100_000;

const MISSING = new Set(['', 'nan', 'NaN', 'NAN', 'na', 'NA', 'null', '?']);

/** A cell as a number, NaN when missing, or null when it is not a number at all. */
function cellValue(cell: string): number | null {
  const t = cell.trim();
  if (MISSING.has(t)) return NaN;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

function splitLine(line: string, sep: 'tab' | 'comma' | 'space'): string[] {
  if (sep === 'tab') return line.split('\t');
  if (sep === 'comma') return line.split(',');
  return line.trim().split(/\s+/);
}

function separatorOf(line: string): 'tab' | 'comma' | 'space' {
  if (line.includes('\t')) return 'tab';
  if (line.includes(',')) return 'comma';
  return 'space';
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

/**
 * Fills missing values (NaN) of one channel in place by linear interpolation, nearest value at the
 * ends. Returns false when the channel has no value at all.
 */
export function fillMissing(values: Float64Array, length: number, channels: number, channel: number): boolean {
  let prev = -1;
  for (let t = 0; t < length; t++) {
    const v = values[t * channels + channel]!;
    if (Number.isNaN(v)) continue;
    if (prev === -1) {
      for (let u = 0; u < t; u++) values[u * channels + channel] = v;
    } else if (t - prev > 1) {
      const a = values[prev * channels + channel]!;
      for (let u = prev + 1; u < t; u++) values[u * channels + channel] = a + ((v - a) * (u - prev)) / (t - prev);
    }
    prev = t;
  }
  if (prev === -1) return false;
  for (let u = prev + 1; u < length; u++) values[u * channels + channel] = values[prev * channels + channel]!;
  return true;
}

/** Applies the missing-value rule to a whole series; a reason when it is refused, else null. */
function handleMissing(s: RawSeries, rule: MissingRule): string | null {
  const missing = s.values.reduce((n, v) => n + (Number.isNaN(v) ? 1 : 0), 0);
  if (missing === 0) return null;
  if (rule === 'refuse') return `${missing} missing value${missing > 1 ? 's' : ''} (the missing-value rule is "refuse")`;
  for (let c = 0; c < s.channels; c++) if (!fillMissing(s.values, s.length, s.channels, c)) return `channel ${c + 1} has no values`;
  return null;
}

/** Reads a row of cells as values; a reason naming the first bad cell when one is not a number. */
function rowValues(cells: string[], skip: number): { values: Float64Array } | { reason: string } {
  const values = new Float64Array(cells.length - (skip >= 0 ? 1 : 0));
  let at = 0;
  for (let i = 0; i < cells.length; i++) {
    if (i === skip) continue;
    const v = cellValue(cells[i]!);
    if (v === null) return { reason: `column ${i + 1}: ${JSON.stringify(cells[i]!.trim().slice(0, 40))} is not a number` };
    values[at++] = v;
  }
  return { values };
}

function labelOf(cell: string): string {
  const t = cell.trim().replace(/^"(.*)"$/, '$1');
  // UCR labels are numbers written as floats ("1.0000000e+00"): show them as the integer.
  const n = Number(t);
  return t !== '' && Number.isFinite(n) && Number.isInteger(n) ? String(n) : t;
}

/** (a) UCR/UEA text: `label v1 v2 ...` per line, one channel. */
export function parseUcr(text: string, file: string, rule: MissingRule = 'interpolate'): ParseResult {
  const out: ParseResult = { series: [], report: [] };
  lines(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}, line ${i + 1}`;
    const cells = splitLine(line, separatorOf(line));
    if (cells.length < 2) return out.report.push({ file: where, reason: 'expected a label and at least one value' });
    const label = labelOf(cells[0]!);
    if (label === '') return out.report.push({ file: where, reason: 'the label (first column) is empty' });
    if (cells.length - 1 > MAX_SERIES_STEPS) return out.report.push({ file: where, reason: `${cells.length - 1} values is more than ${MAX_SERIES_STEPS} steps` });
    const row = rowValues(cells, 0);
    if ('reason' in row) return out.report.push({ file: where, reason: row.reason });
    const s: RawSeries = { name: `${file}#${i + 1}`, className: label, length: row.values.length, channels: 1, values: row.values };
    const refused = handleMissing(s, rule);
    if (refused) return out.report.push({ file: where, reason: refused });
    out.series.push(s);
  });
  return out;
}

/** True when the first line is a header: some cell after the first is not a number. */
export function hasHeader(text: string): boolean {
  const first = lines(text).find((l) => l.trim() !== '') ?? '';
  const cells = splitLine(first, separatorOf(first));
  return cells.some((c, i) => (i > 0 || cells.length === 1) && cellValue(c) === null);
}

/** (b) A CSV with a header: the `label` column (or the first), one column per time step. */
export function parseHeaderCsv(text: string, file: string, rule: MissingRule = 'interpolate'): ParseResult {
  const out: ParseResult = { series: [], report: [] };
  const all = lines(text);
  const headerAt = all.findIndex((l) => l.trim() !== '');
  if (headerAt === -1) return { series: [], report: [{ file, reason: 'the file is empty' }] };
  const sep = separatorOf(all[headerAt]!);
  const header = splitLine(all[headerAt]!, sep).map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  const found = header.findIndex((h) => h.toLowerCase() === 'label');
  const labelCol = found === -1 ? 0 : found;
  for (let i = headerAt + 1; i < all.length; i++) {
    const line = all[i]!;
    if (line.trim() === '') continue;
    const where = `${file}, line ${i + 1}`;
    const cells = splitLine(line, sep);
    if (cells.length !== header.length) {
      out.report.push({ file: where, reason: `${cells.length} columns, the header has ${header.length}` });
      continue;
    }
    const label = labelOf(cells[labelCol]!);
    if (label === '') {
      out.report.push({ file: where, reason: `the label (column "${header[labelCol]}") is empty` });
      continue;
    }
    const row = rowValues(cells, labelCol);
    if ('reason' in row) {
      out.report.push({ file: where, reason: row.reason });
      continue;
    }
    const s: RawSeries = { name: `${file}#${i + 1}`, className: label, length: row.values.length, channels: 1, values: row.values };
    const refused = handleMissing(s, rule);
    if (refused) out.report.push({ file: where, reason: refused });
    else out.series.push(s);
  }
  return out;
}

/**
 * (c) One sample per CSV: a header row naming the channels, then one row per time step. The class
 * is given by the caller (the parent folder's name). A bad row refuses the file, naming the line.
 */
export function parseSampleCsv(text: string, file: string, className: string, rule: MissingRule = 'interpolate'): RawSeries | ReportRow {
  const all = lines(text);
  const headerAt = all.findIndex((l) => l.trim() !== '');
  if (headerAt === -1) return { file, reason: 'the file is empty' };
  const sep = separatorOf(all[headerAt]!);
  const header = splitLine(all[headerAt]!, sep);
  const channels = header.length;
  const rows: number[] = [];
  let length = 0;
  for (let i = headerAt + 1; i < all.length; i++) {
    const line = all[i]!;
    if (line.trim() === '') continue;
    const cells = splitLine(line, sep);
    if (cells.length !== channels) return { file: `${file}, line ${i + 1}`, reason: `${cells.length} columns, the header names ${channels} channels` };
    const row = rowValues(cells, -1);
    if ('reason' in row) return { file: `${file}, line ${i + 1}`, reason: row.reason };
    rows.push(...row.values);
    if (++length > MAX_SERIES_STEPS) return { file, reason: `more than ${MAX_SERIES_STEPS} time steps` };
  }
  if (length === 0) return { file, reason: 'no time steps after the header' };
  const s: RawSeries = { name: file, className, length, channels, values: Float64Array.from(rows) };
  const refused = handleMissing(s, rule);
  return refused ? { file, reason: refused } : s;
}

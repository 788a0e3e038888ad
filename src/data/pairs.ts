// Image + mask pairs in an import, by either convention: `images/<name>.<ext>` with
// `masks/<name>.png` (sibling folders), or `<name>.<ext>` with `<name>_mask.png` side by side;
// plus the optional class table (classes.txt / classes.json). Every problem becomes one report row
// and the rest is imported: an image without a usable mask is imported as unlabelled for
// segmentation (its mask is all IGNORE_INDEX, so no loss is computed on it).

import { IGNORE_INDEX } from '../pipeline/index.js';
import { sniff } from './formats.js';
import type { ReportRow } from './importTypes.js';
import { decodePngIndices, maskToWorkingSize, parseClassTable, type ClassTable } from './maskDecode.js';

/** What pairing needs of a file: its path and bytes. */
export interface PairFile {
  path: string;
  bytes: Uint8Array;
}

export interface Pairing<F extends PairFile> {
  /** Files that are not masks nor class tables, in their order: the images (and anything else) to import. */
  rest: F[];
  /** Image key (path without extension) to its mask file. */
  masks: Map<string, F>;
  table: ClassTable | null;
  /** True when the import holds at least one mask: a segmentation import. */
  segmentation: boolean;
}

export interface SegmentationClasses {
  names: string[];
  /** [r, g, b] per class, from the class table or the masks' palette; null where neither gives one. */
  colours: ([number, number, number] | null)[];
}

const stem = (path: string) => path.replace(/\.[^./]*$/, '');
const isClassTable = (path: string) => /(^|\/)classes\.(txt|json)$/i.test(path);
/** A `masks` folder anywhere in the path (the last one). */
const MASKS_DIR = /(^|\/)masks\/(?!.*(^|\/)masks\/)/;

/** The image key a mask file belongs to, or null when the path is not a mask's. */
export function maskKey(path: string): string | null {
  const s = stem(path);
  if (/_mask$/i.test(s)) return s.slice(0, -'_mask'.length);
  if (MASKS_DIR.test(path)) return s.replace(MASKS_DIR, (_, lead: string) => `${lead}images/`);
  return null;
}

/** Sorts files into images, masks and the class table; reports orphan masks and extra tables. */
export function pairFiles<F extends PairFile>(files: readonly F[], report: ReportRow[]): Pairing<F> {
  const rest: F[] = [];
  const byKey = new Map<string, F>();
  let table: ClassTable | null = null;
  for (const file of files) {
    if (isClassTable(file.path)) {
      if (table) {
        report.push({ file: file.path, reason: `a second class table: ${table.source} is used, this one is ignored` });
        continue;
      }
      try {
        table = parseClassTable(file.path, new TextDecoder().decode(file.bytes));
      } catch (error) {
        report.push({ file: file.path, reason: `${(error as Error).message.replace(`${file.path}: `, '')}; masks are read without class names` });
      }
      continue;
    }
    const key = maskKey(file.path);
    if (key === null) {
      rest.push(file);
      continue;
    }
    const earlier = byKey.get(key);
    if (earlier) {
      report.push({ file: file.path, reason: `a second mask for ${key}: ${earlier.path} is used` });
      continue;
    }
    byKey.set(key, file);
  }
  const imageKeys = new Set(rest.map((f) => stem(f.path)));
  for (const [key, mask] of byKey) {
    if (!imageKeys.has(key)) report.push({ file: mask.path, reason: `mask without an image: expected an image named ${key}.<png|jpg|...>; skipped` });
  }
  return { rest, masks: byKey, table, segmentation: byKey.size > 0 };
}

/**
 * The working-size mask of an imported image (original width x height): its own mask decoded, or,
 * when it has none or it cannot be used, all IGNORE_INDEX with one report row saying why.
 */
export function maskForImage<F extends PairFile>(
  pairing: Pairing<F>,
  imagePath: string,
  size: { width: number; height: number },
  sizePx: number,
  report: ReportRow[],
  classes: SegmentationClasses,
): Uint8Array {
  const unlabelled = (file: string, why: string) => {
    report.push({ file, reason: `${why}; the image is imported as unlabelled for segmentation (no loss on it)` });
    return new Uint8Array(sizePx * sizePx).fill(IGNORE_INDEX);
  };
  const file = pairing.masks.get(stem(imagePath));
  if (!file) return unlabelled(imagePath, 'no mask (expected masks/<name>.png or <name>_mask.png)');
  const sniffed = sniff(file.bytes);
  if (sniffed.kind === 'image' && sniffed.format === 'jpeg') {
    return unlabelled(file.path, 'JPEG mask refused: lossy compression changes class values at every edge; save masks as PNG');
  }
  if (sniffed.kind !== 'image' || sniffed.format !== 'png') return unlabelled(file.path, 'mask is not a PNG (a PNG of class indices expected)');
  let png;
  try {
    png = decodePngIndices(file.bytes);
  } catch (error) {
    return unlabelled(file.path, `mask could not be read: ${(error as Error).message}`);
  }
  if (png.width !== size.width || png.height !== size.height) {
    return unlabelled(file.path, `mask is ${png.width} x ${png.height} but ${imagePath} is ${size.width} x ${size.height}`);
  }
  let result;
  try {
    result = maskToWorkingSize(png, pairing.table, sizePx);
  } catch (error) {
    return unlabelled(file.path, (error as Error).message);
  }
  if (result.note) report.push({ file: file.path, reason: result.note });
  // Classes seen beyond the table (or with no table): named "class k"; a palette gives colours.
  for (let c = classes.names.length; c <= result.maxClass; c++) {
    classes.names.push(c === 0 ? 'background' : `class ${c}`);
    classes.colours.push(null);
  }
  png.palette?.forEach((rgb, i) => {
    if (i < classes.colours.length && classes.colours[i] === null) classes.colours[i] = rgb;
  });
  return result.mask;
}

/** The classes a segmentation import starts from: the table's, or none yet (they grow with the masks). */
export function initialClasses(table: ClassTable | null): SegmentationClasses {
  if (!table) return { names: [], colours: [] };
  return { names: [...table.names], colours: table.names.map((_, i) => table.colours?.[i] ?? null) };
}

/** A stored mask file at another working size (after a size change), with the dataset's classes; all ignored if it no longer decodes. */
export function remask(bytes: Uint8Array, classes: SegmentationClasses, sizePx: number): Uint8Array {
  try {
    const colours = classes.colours.some((c) => c) ? { colours: classes.colours } : {};
    return maskToWorkingSize(decodePngIndices(bytes), { names: classes.names, source: 'the dataset classes', ...colours }, sizePx).mask;
  } catch {
    return new Uint8Array(sizePx * sizePx).fill(IGNORE_INDEX);
  }
}

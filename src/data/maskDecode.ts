// Segmentation masks: a PNG of class indices (single-channel grey, palette, or RGB with a colour
// table) decoded in plain TypeScript (exact values: no colour management, no smoothing, which a
// browser's image decoder may apply), mapped to class indices, and resized to the working size
// with nearest sampling on the same cover + centre-crop geometry as the images (decode.ts).

import { unzlibSync } from 'fflate';
import { IGNORE_INDEX } from '../pipeline/index.js';
import { MAX_IMAGE_PIXELS } from './formats.js';

export interface PngIndices {
  width: number;
  height: number;
  /** One value per pixel: the grey level or palette index; for RGB(A), packed 0xRRGGBB. */
  values: Uint32Array;
  /** 'rgb' when values are packed colours (they need a colour table to become classes). */
  kind: 'grey' | 'palette' | 'rgb';
  /** The PNG's palette as [r, g, b] per index (palette masks only). */
  palette?: [number, number, number][];
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

const u32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

/** Decodes a PNG to its stored values; throws an Error whose message says what is wrong with the file. */
export function decodePngIndices(bytes: Uint8Array): PngIndices {
  if (bytes.length < 8 || PNG_SIGNATURE.some((v, i) => bytes[i] !== v)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colourType = -1;
  let interlace = 0;
  let palette: [number, number, number][] | undefined;
  const idat: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = u32(bytes, offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (data.length !== length) throw new Error(`truncated PNG (chunk ${type} is cut off)`);
    if (type === 'IHDR') {
      width = u32(data, 0);
      height = u32(data, 4);
      depth = data[8]!;
      colourType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'PLTE') {
      palette = [];
      for (let i = 0; i + 2 < data.length; i += 3) palette.push([data[i]!, data[i + 1]!, data[i + 2]!]);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (width < 1 || height < 1) throw new Error('truncated PNG (no image header)');
  if (width * height > MAX_IMAGE_PIXELS) throw new Error(`too large: ${width} x ${height}`);
  if (interlace) throw new Error('interlaced PNG: save the mask without interlacing');
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colourType];
  if (!channels) throw new Error(`PNG colour type ${colourType} is not a valid PNG`);
  if (depth === 16 && colourType === 3) throw new Error('PNG palette with 16 bits is not a valid PNG');
  if (colourType === 3 && !palette) throw new Error('palette PNG without a palette (PLTE chunk)');
  let joined = idat.length === 1 ? idat[0]! : new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  if (idat.length > 1) idat.reduce((o, d) => (joined.set(d, o), o + d.length), 0);
  let raw: Uint8Array;
  try {
    raw = unzlibSync(joined);
  } catch {
    throw new Error('truncated or corrupt PNG (its pixel data does not inflate)');
  }
  const bitsPerPixel = depth * channels;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < height * (stride + 1)) throw new Error('truncated PNG (fewer rows than its header says)');
  const rows = new Uint8Array(height * stride);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`corrupt PNG (row ${y} has filter ${filter})`);
      out[i] = v & 255;
    }
    prev = out;
  }
  const values = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = rows.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < width; x++) {
      let v: number;
      if (depth < 8) {
        const bit = x * depth;
        v = (row[bit >> 3]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
      } else if (colourType === 2 || colourType === 6) {
        const o = x * channels * (depth >> 3);
        const step = depth >> 3;
        v = (row[o]! << 16) | (row[o + step]! << 8) | row[o + 2 * step]!;
      } else {
        // Grey (and grey + alpha): the grey value; 16-bit values whole.
        const o = x * channels * (depth >> 3);
        v = depth === 16 ? (row[o]! << 8) | row[o + 1]! : row[o]!;
      }
      values[y * width + x] = v;
    }
  }
  const kind = colourType === 3 ? 'palette' : colourType === 2 || colourType === 6 ? 'rgb' : 'grey';
  return palette && kind === 'palette' ? { width, height, values, kind, palette } : { width, height, values, kind };
}

/** Class names and, optionally, a colour per class (RGB masks need them; palettes give their own). */
export interface ClassTable {
  names: string[];
  colours?: ([number, number, number] | null)[];
  /** The file the table came from, for messages. */
  source: string;
}

/** classes.txt: one name per line, line k names class k. classes.json: ["bg", ...] or [{"name", "color": [r, g, b] | "#rrggbb"}, ...]. */
export function parseClassTable(path: string, text: string): ClassTable {
  if (/\.txt$/i.test(path)) {
    const names = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim());
    while (names.length && names[names.length - 1] === '') names.pop();
    if (names.length === 0) throw new Error(`${path}: no class names (one name a line, line 1 is class 0)`);
    return { names, source: path };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { classes?: unknown })?.classes;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${path}: expected a list of class names, or of {"name": ..., "color": [r, g, b]}`);
  const names: string[] = [];
  const colours: ([number, number, number] | null)[] = [];
  list.forEach((item: unknown, i) => {
    if (typeof item === 'string') {
      names.push(item);
      colours.push(null);
      return;
    }
    const entry = item as { name?: unknown; color?: unknown; colour?: unknown };
    if (!entry || typeof entry.name !== 'string') throw new Error(`${path}: classes[${i}]: expected a name (text) or {"name": ..., "color": [r, g, b]}`);
    names.push(entry.name);
    colours.push(parseColour(entry.color ?? entry.colour, `${path}: classes[${i}].color`));
  });
  return colours.some((c) => c) ? { names, colours, source: path } : { names, source: path };
}

function parseColour(value: unknown, where: string): [number, number, number] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value)) {
    const n = parseInt(value.slice(1), 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }
  if (Array.isArray(value) && value.length === 3 && value.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) return value as [number, number, number];
  throw new Error(`${where}: expected [r, g, b] with values 0-255 or "#rrggbb", got ${JSON.stringify(value)}`);
}

export interface MaskResult {
  /** sizePx * sizePx class indices (IGNORE_INDEX where the mask had a value with no class). */
  mask: Uint8Array;
  /** Problems that did not stop the import (values with no class), as one sentence, or null. */
  note: string | null;
  /** Largest class index present. */
  maxClass: number;
}

/**
 * A decoded mask as working-size class indices. Grey and palette values are the class index;
 * RGB colours are looked up in the table's colours. Values with no class become IGNORE_INDEX (and
 * are named in `note`); 255 is the ignore index itself (PASCAL VOC's boundary value).
 */
export function maskToWorkingSize(png: PngIndices, table: ClassTable | null, sizePx: number): MaskResult {
  const { width, height, values } = png;
  const count = table ? table.names.length : IGNORE_INDEX;
  let lookup: (v: number) => number;
  if (png.kind === 'rgb') {
    const colours = table?.colours;
    if (!colours) throw new Error('an RGB mask needs a colour per class: add classes.json with {"name", "color": [r, g, b]} entries, or save the mask as single-channel class indices');
    const byColour = new Map<number, number>();
    colours.forEach((c, i) => c && byColour.set((c[0] << 16) | (c[1] << 8) | c[2], i));
    lookup = (v) => byColour.get(v) ?? -1;
  } else {
    lookup = (v) => (v === IGNORE_INDEX ? IGNORE_INDEX : v < count && v < IGNORE_INDEX ? v : -1);
  }
  // Cover + centre crop, as the images: output pixel centre (x + 0.5) maps to
  // (width - side) / 2 + (x + 0.5) * side / sizePx in the original, side = the shorter side.
  const side = Math.min(width, height);
  const x0 = (width - side) / 2;
  const y0 = (height - side) / 2;
  const scale = side / sizePx;
  const mask = new Uint8Array(sizePx * sizePx);
  const unknown = new Map<number, number>();
  let maxClass = 0;
  for (let y = 0; y < sizePx; y++) {
    const sy = Math.min(height - 1, Math.max(0, Math.floor(y0 + (y + 0.5) * scale)));
    for (let x = 0; x < sizePx; x++) {
      const sx = Math.min(width - 1, Math.max(0, Math.floor(x0 + (x + 0.5) * scale)));
      const v = values[sy * width + sx]!;
      const c = lookup(v);
      if (c < 0) {
        unknown.set(v, (unknown.get(v) ?? 0) + 1);
        mask[y * sizePx + x] = IGNORE_INDEX;
      } else {
        mask[y * sizePx + x] = c;
        if (c !== IGNORE_INDEX && c > maxClass) maxClass = c;
      }
    }
  }
  let note: string | null = null;
  if (unknown.size) {
    const shown = [...unknown.keys()].slice(0, 5).map((v) => (png.kind === 'rgb' ? `#${v.toString(16).padStart(6, '0')}` : String(v)));
    const names = table ? `${table.source} names ${table.names.length} classes (0-${table.names.length - 1})` : `class values go up to ${IGNORE_INDEX - 1}`;
    note = `mask value${unknown.size > 1 ? 's' : ''} ${shown.join(', ')}${unknown.size > 5 ? ` and ${unknown.size - 5} more` : ''} ha${unknown.size > 1 ? 've' : 's'} no class (${names}); those pixels are ignored in training`;
  }
  return { mask, note, maxClass };
}

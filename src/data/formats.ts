// Recognising image files by their first bytes (never by name) and reading their pixel size from
// the header, so non-images are refused with a reason and huge images are refused before decoding.

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp';

/**
 * Images above this many pixels are refused without decoding. A decoded bitmap takes 4 bytes a
 * pixel, so 40 megapixels is 160 MB before any resizing; browsers' decoders (and a tab's memory)
 * fail or stall well before the largest sizes headers can claim (a PNG header allows 2^31 x 2^31).
 * 40 MP still admits every ordinary camera photo (a 24 MP DSLR or a 48 MP phone binned to 12 MP).
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

export type Sniffed =
  | { kind: 'image'; format: ImageFormat }
  | { kind: 'zip' }
  | { kind: 'svg' }
  | { kind: 'pdf' }
  | { kind: 'text' }
  | { kind: 'unknown' };

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const BMP = ascii('BM');
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const PDF = ascii('%PDF-');

/** What a file is, from its first bytes. */
export function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, PNG)) return { kind: 'image', format: 'png' };
  if (startsWith(bytes, JPEG)) return { kind: 'image', format: 'jpeg' };
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return { kind: 'image', format: 'gif' };
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return { kind: 'image', format: 'webp' };
  if (startsWith(bytes, BMP) && bytes.length >= 26) return { kind: 'image', format: 'bmp' };
  if (startsWith(bytes, ZIP) || startsWith(bytes, ZIP_EMPTY)) return { kind: 'zip' };
  if (startsWith(bytes, PDF)) return { kind: 'pdf' };
  // Text: look at the first KB. SVG is text whose first tag (after an optional prolog) is <svg.
  const head = bytes.subarray(0, 1024);
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++;
  if (head.length > 0 && printable / head.length > 0.95) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
    if (/<svg[\s>]/i.test(text)) return { kind: 'svg' };
    return { kind: 'text' };
  }
  return { kind: 'unknown' };
}

const u16be = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u16le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u24le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
const u32be = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const i32le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);

/** JPEG start-of-frame markers that carry the picture size (all SOFn but DHT, JPG and DAC). */
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Width and height from the header, or null when the header is cut short or malformed (the file
 * is then reported as truncated or corrupt). Reads only the first bytes; decodes nothing.
 */
export function imageSize(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | null {
  switch (format) {
    case 'png': {
      // Signature (8), IHDR length (4) and type (4), then width and height.
      if (bytes.length < 33 || !startsWith(bytes, ascii('IHDR'), 12)) return null;
      return positive(u32be(bytes, 16), u32be(bytes, 20));
    }
    case 'gif':
      return bytes.length < 13 ? null : positive(u16le(bytes, 6), u16le(bytes, 8));
    case 'bmp': {
      // BITMAPINFOHEADER and later: signed 32-bit width and height (negative height = top-down).
      if (bytes.length < 26) return null;
      const headerSize = i32le(bytes, 14);
      if (headerSize === 12) return positive(u16le(bytes, 18), u16le(bytes, 20));
      return positive(Math.abs(i32le(bytes, 18)), Math.abs(i32le(bytes, 22)));
    }
    case 'webp': {
      if (bytes.length < 30) return null;
      const chunk = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
      if (chunk === 'VP8 ') return positive(u16le(bytes, 26) & 0x3fff, u16le(bytes, 28) & 0x3fff);
      if (chunk === 'VP8L') {
        const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
        return positive((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      if (chunk === 'VP8X') return positive(u24le(bytes, 24) + 1, u24le(bytes, 27) + 1);
      return null;
    }
    case 'jpeg': {
      let o = 2;
      while (o + 9 < bytes.length) {
        if (bytes[o] !== 0xff) return null;
        const marker = bytes[o + 1]!;
        if (marker === 0xff) {
          o++;
          continue;
        }
        if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
          o += 2;
          continue;
        }
        if (isSof(marker)) return positive(u16be(bytes, o + 7), u16be(bytes, o + 5));
        o += 2 + u16be(bytes, o + 2);
      }
      return null;
    }
  }
}

function positive(width: number, height: number): { width: number; height: number } | null {
  return width > 0 && height > 0 ? { width, height } : null;
}

/** MIME type, for keeping the original as a Blob of the right type. */
export function mimeOf(format: ImageFormat): string {
  return `image/${format}`;
}

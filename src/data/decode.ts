// Browser decoding: file bytes to a working-size RGB copy with createImageBitmap and OffscreenCanvas.
// Runs inside the pool's workers (no DOM needed); the importer gets it injected, so Node tests can
// replace it.

import type { DecodeResult } from './importer.js';

/**
 * Decodes one image (GIF: its first frame, which is what createImageBitmap gives) and scales it to
 * cover a sizePx square, centre-cropped, with the browser's high-quality (area-averaging) filter.
 */
export async function decodeToWorkingSize(bytes: Uint8Array, mime: string, sizePx: number): Promise<DecodeResult> {
  let bitmap: ImageBitmap;
  try {
    // imageOrientation 'from-image': a phone photo's EXIF rotation is applied, as a viewer would show it.
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }), { imageOrientation: 'from-image' });
  } catch {
    return { ok: false, reason: 'could not be decoded: the file is truncated or corrupt' };
  }
  try {
    const { width, height } = bitmap;
    const scale = Math.max(sizePx / width, sizePx / height);
    const sw = sizePx / scale;
    const sh = sizePx / scale;
    const canvas = new OffscreenCanvas(sizePx, sizePx);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return { ok: false, reason: 'this browser gave no 2D canvas in a worker; try a current Chromium or Firefox' };
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    // Transparent pixels become black, as they would in a model that ignores alpha.
    context.fillStyle = '#000';
    context.fillRect(0, 0, sizePx, sizePx);
    context.drawImage(bitmap, (width - sw) / 2, (height - sh) / 2, sw, sh, 0, 0, sizePx, sizePx);
    const rgba = context.getImageData(0, 0, sizePx, sizePx).data;
    const pixels = new Uint8Array(sizePx * sizePx * 3);
    for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
      pixels[i] = rgba[j]!;
      pixels[i + 1] = rgba[j + 1]!;
      pixels[i + 2] = rgba[j + 2]!;
    }
    return { ok: true, width, height, pixels };
  } finally {
    bitmap.close();
  }
}

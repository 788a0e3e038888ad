// Browser glue for the training panel: decoding a chosen image to pixels and saving a download.

/** Decodes `file` and draws it at `size` (the model's training size), as 8-bit RGBA. */
export async function decodeImageFile(file: File, size: { width: number; height: number }): Promise<{ width: number; height: number; channels: 4; data: Uint8ClampedArray }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name || 'The file'} could not be read as an image: choose a PNG, JPEG, WebP or GIF file.`);
  }
  try {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser gave no 2D canvas to decode the image on.');
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const { data } = context.getImageData(0, 0, size.width, size.height);
    return { width: size.width, height: size.height, channels: 4, data };
  } finally {
    bitmap.close();
  }
}

/** Offers `bytes` as a download named `fileName`. */
export function saveFile(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

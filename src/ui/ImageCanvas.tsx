// A canvas showing RGBA pixels at their own resolution, scaled up by CSS without smoothing.
import { useEffect, useRef } from 'react';
import type { RgbaImage } from './display.js';

export interface ImageCanvasProps {
  image: RgbaImage;
  label: string;
  displaySizePx?: number;
}

export function ImageCanvas({ image, label, displaySizePx = 128 }: ImageCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    // ImageData needs an ArrayBuffer-backed array; copy when the pixels live in anything else.
    const pixels = image.data.buffer instanceof ArrayBuffer ? (image.data as Uint8ClampedArray<ArrayBuffer>) : new Uint8ClampedArray(image.data);
    context.putImageData(new ImageData(pixels, image.width, image.height), 0, 0);
  }, [image]);
  const aspect = image.height / image.width;
  return (
    <canvas
      ref={ref}
      role="img"
      aria-label={label}
      className="pixel-canvas"
      width={image.width}
      height={image.height}
      style={{ width: displaySizePx, height: Math.round(displaySizePx * aspect) }}
    />
  );
}

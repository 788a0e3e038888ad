// The sample image and a grid of what the pipeline makes of it.
import { useMemo } from 'react';
import { useAppStore } from '../store/index.js';
import { previewVariants, toRgba } from '../store/preview.js';
import { ImageCanvas } from './ImageCanvas.js';

export function Preview() {
  const pipeline = useAppStore((state) => state.pipeline);
  const sample = useAppStore((state) => state.sample);
  const seeds = useAppStore((state) => state.previewSeeds);
  const original = useMemo(() => toRgba(sample), [sample]);
  const variants = useMemo(() => previewVariants(pipeline, sample, seeds), [pipeline, sample, seeds]);

  return (
    <div className="preview">
      <figure className="preview-original">
        <ImageCanvas image={original} label="Sample image" displaySizePx={192} />
        <figcaption>Sample</figcaption>
      </figure>
      <ul className="variant-grid" aria-label="Variants">
        {variants.map((variant, i) => (
          <li key={i}>
            <ImageCanvas image={variant} label={`Variant ${i + 1}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}

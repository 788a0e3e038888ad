// The dataset as a virtualised grid of thumbnails: only the rows in view exist in the DOM, so
// scrolling stays smooth at 10,000 images. ThumbGrid is the grid alone (the series panel fills it
// with small plots).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type ReactNode } from 'react';
import type { Dataset } from '../../data/dataset.js';

const COLUMNS = 6;
const CELL_PX = 60;
const GAP_PX = 4;

/** One sample's working copy on a canvas (RGB arena to RGBA ImageData: display only, a few dozen at a time). */
const Thumb = memo(function Thumb({ dataset, index }: { dataset: Dataset; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const size = dataset.sizePx;
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const n = size * size;
    const rgb = dataset.pixels.subarray(index * n * 3, (index + 1) * n * 3);
    const rgba = new Uint8ClampedArray(n * 4);
    for (let i = 0; i < n; i++) {
      rgba[i * 4] = rgb[i * 3]!;
      rgba[i * 4 + 1] = rgb[i * 3 + 1]!;
      rgba[i * 4 + 2] = rgb[i * 3 + 2]!;
      rgba[i * 4 + 3] = 255;
    }
    context.putImageData(new ImageData(rgba, size, size), 0, 0);
  }, [dataset, index, size]);
  const className = dataset.classes[dataset.labels[index]!] ?? '?';
  return (
    <canvas
      ref={ref}
      role="img"
      aria-label={`${dataset.names[index]} (${className})`}
      title={`${dataset.names[index]} — ${className}`}
      className="thumb pixel-canvas"
      width={size}
      height={size}
    />
  );
});

/** `selected`: the sample the preview shows; clicking a thumbnail selects it. */
export function Thumbnails({ dataset, selected, onSelect }: { dataset: Dataset; selected: number; onSelect: (index: number) => void }) {
  return (
    <ThumbGrid
      count={dataset.labels.length}
      noun="images"
      nameOf={(index) => dataset.names[index] ?? String(index)}
      selected={selected}
      onSelect={onSelect}
      cell={(index) => <Thumb dataset={dataset} index={index} />}
    />
  );
}

/**
 * The virtualised grid of samples (images, or series as small plots): a region "Thumbnails" whose
 * buttons "Preview <name>" select the sample the preview shows (aria-pressed on the selected one).
 */
export function ThumbGrid({ count, noun, nameOf, selected, onSelect, cell }: { count: number; noun: string; nameOf: (index: number) => string; selected: number; onSelect: (index: number) => void; cell: (index: number) => ReactNode }) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = Math.ceil(count / COLUMNS);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => CELL_PX + GAP_PX,
    overscan: 3,
  });
  const items = virtualizer.getVirtualItems();
  // Rows and cells are keyed by their slot, not by the sample: rows in view are consecutive, so
  // row index modulo their number is unique, and scrolling redraws the same canvases instead of
  // creating new ones (a 2D canvas is costly to create: 60 per frame were 100+ ms tasks).
  return (
    <div ref={scroller} className="thumb-scroller" role="region" aria-label="Thumbnails" tabIndex={0}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="list" aria-label={`${count} ${noun}`}>
        {items.map((row) => (
          <div key={row.index % items.length} className="thumb-row" style={{ transform: `translateY(${row.start}px)` }}>
            {Array.from({ length: Math.min(COLUMNS, count - row.index * COLUMNS) }, (_, c) => {
              const index = row.index * COLUMNS + c;
              return (
                <div role="listitem" key={c} className="thumb-cell">
                  <button
                    type="button"
                    className={`thumb-button${index === selected ? ' thumb-selected' : ''}`}
                    aria-label={`Preview ${nameOf(index)}`}
                    aria-pressed={index === selected}
                    onClick={() => onSelect(index)}
                  >
                    {cell(index)}
                  </button>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

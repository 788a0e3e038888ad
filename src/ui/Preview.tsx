// The preview: the selected sample and a grid of what the pipeline makes of it. Hovering or
// focusing a variant shows what each step drew for it.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { appStore, useAppStore } from '../store/index.js';
import { describeTrace, overlayMask, previewVariants, toRgba } from '../store/preview.js';
import { ImageCanvas } from './ImageCanvas.js';

/** Time of the last pipeline change, for the preview latency read-out (and the benchmark). */
let changedAtMs = performance.now();
appStore.subscribe((state, previous) => {
  if (state.pipeline !== previous.pipeline) changedAtMs = performance.now();
});

/** Latencies from a pipeline change to the grid drawn, in ms; read by `npm run bench`. */
export const previewLatenciesMs: number[] = [];

const VARIANT_COUNTS = [8, 16] as const;

export function Preview() {
  const pipeline = useAppStore((state) => state.pipeline);
  const sample = useAppStore((state) => state.sample);
  const [count, setCount] = useState<number>(VARIANT_COUNTS[0]);
  const [showOriginal, setShowOriginal] = useState(false);
  const [showMask, setShowMask] = useState(false);
  const [focused, setFocused] = useState<number | null>(null);
  const [latencyMs, setLatencyMs] = useState<number | null>(null);
  const argsId = useId();
  const original = useMemo(() => toRgba(sample), [sample]);
  const indices = useMemo(() => Array.from({ length: count }, (_, i) => i), [count]);
  const computeStartMs = useRef(0);
  const drawnPipeline = useRef<unknown>(null);
  const variants = useMemo(() => {
    computeStartMs.current = performance.now();
    return previewVariants(pipeline, sample, indices);
  }, [pipeline, sample, indices]);

  useEffect(() => {
    // Child canvases have drawn by the time this parent effect runs. A pipeline edit counts from
    // the edit; anything else (variant count, sample) from when the variants began computing.
    const start = drawnPipeline.current !== pipeline ? Math.min(changedAtMs, computeStartMs.current) : computeStartMs.current;
    drawnPipeline.current = pipeline;
    const ms = performance.now() - start;
    previewLatenciesMs.push(ms);
    setLatencyMs(ms);
  }, [variants, pipeline]);

  const shown = focused === null ? null : variants[focused];
  const tile = (variant: (typeof variants)[number]) => {
    if (showOriginal) return showMask && sample.mask ? overlayMask(original, sample.mask) : original;
    return showMask && variant.mask ? overlayMask(variant.image, variant.mask) : variant.image;
  };
  return (
    <div className="preview">
      <figure className="preview-original">
        <ImageCanvas image={original} label="Sample image" displaySizePx={192} />
        <figcaption>Sample</figcaption>
      </figure>
      <div className="preview-side">
        <div className="toolbar">
          <label>
            Variants{' '}
            <select aria-label="Variants" value={count} onChange={(e) => setCount(Number(e.target.value))}>
              {VARIANT_COUNTS.map((n) => (
                <option key={n} value={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" aria-label="Show original" checked={showOriginal} onChange={(e) => setShowOriginal(e.target.checked)} /> Show original
          </label>
          {sample.mask && (
            <label>
              <input type="checkbox" aria-label="Show mask" checked={showMask} onChange={(e) => setShowMask(e.target.checked)} /> Show mask
            </label>
          )}
          {latencyMs !== null && <span className="muted" aria-label="Preview latency">updated in {Math.round(latencyMs)} ms</span>}
        </div>
        <ul className="variant-grid" aria-label="Variants">
          {variants.map((variant, i) => (
            <li
              key={i}
              tabIndex={0}
              aria-describedby={focused === i ? argsId : undefined}
              onMouseEnter={() => setFocused(i)}
              onMouseLeave={() => setFocused(null)}
              onFocus={() => setFocused(i)}
              onBlur={() => setFocused(null)}
            >
              <ImageCanvas image={tile(variant)} label={`Variant ${i + 1}`} />
            </li>
          ))}
        </ul>
        <div id={argsId} className="drawn-args" aria-live="polite" aria-label="Drawn values">
          {shown ? (
            <>
              <strong>Variant {focused! + 1}</strong>
              <ul>
                {describeTrace(shown.trace).map((line, k) => (
                  <li key={k}>{line}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">Hover or focus a variant to see what each step drew for it.</p>
          )}
        </div>
      </div>
    </div>
  );
}

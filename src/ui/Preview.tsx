// The preview: the selected sample and a grid of what the pipeline makes of it in successive
// training epochs, computed on the worker pool. Hovering or focusing a variant shows what each
// step drew for it.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { samplePixels } from '../data/dataset.js';
import type { DisplayVariant, ImageU8 } from '../pipeline/index.js';
import { appStore, useAppStore } from '../store/index.js';
import { describeTrace, overlayMask, toRgba, type RgbaImage } from '../store/preview.js';
import { preview } from '../workers/client.js';
import { ImageCanvas } from './ImageCanvas.js';

/** Time of the last pipeline change, for the preview latency read-out (and the benchmark). */
let changedAtMs = performance.now();
appStore.subscribe((state, previous) => {
  if (state.pipeline !== previous.pipeline) changedAtMs = performance.now();
});

/** Latencies from a pipeline change (or another preview input) to the grid drawn, in ms; read by `npm run bench`. */
export const previewLatenciesMs: number[] = [];

const VARIANT_COUNTS = [8, 16] as const;

const rgbaOf = (v: DisplayVariant): RgbaImage => ({ width: v.width, height: v.height, data: v.rgba });

export function Preview() {
  const pipeline = useAppStore((state) => state.pipeline);
  const builtIn = useAppStore((state) => state.sample);
  const dataset = useAppStore((state) => state.dataset);
  const selected = useAppStore((state) => state.previewSample);
  const [count, setCount] = useState<number>(VARIANT_COUNTS[0]);
  const [showOriginal, setShowOriginal] = useState(false);
  const [showMask, setShowMask] = useState(false);
  const [focused, setFocused] = useState<number | null>(null);
  const [variants, setVariants] = useState<DisplayVariant[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [latencyMs, setLatencyMs] = useState<number | null>(null);
  const requestedAtMs = useRef(0);
  const argsId = useId();

  // The sample shown: the selected dataset sample, or the built-in picture (with its mask) before
  // any dataset is loaded.
  const index = dataset && dataset.labels.length > 0 ? Math.min(selected, dataset.labels.length - 1) : null;
  const sample: ImageU8 & { mask?: Uint8Array } = useMemo(
    () => {
      if (!dataset || index === null) return builtIn;
      const image = { width: dataset.sizePx, height: dataset.sizePx, channels: 3, data: samplePixels(dataset, index) };
      const m = dataset.sizePx * dataset.sizePx;
      return dataset.masks ? { ...image, mask: dataset.masks.subarray(index * m, (index + 1) * m) } : image;
    },
    [dataset, index, builtIn],
  );
  const original = useMemo(() => toRgba(sample), [sample]);
  const caption = dataset && index !== null ? `${dataset.names[index]} (${dataset.classes[dataset.labels[index]!]})` : 'Built-in sample';

  useEffect(() => {
    // A pipeline edit counts from the edit; anything else from now.
    requestedAtMs.current = Math.min(changedAtMs, performance.now());
    let current = true;
    setBusy(true);
    preview({ pipeline, samples: index !== null ? [index] : [sample], variants: count }).then(
      (result) => {
        // null: a newer request superseded this one.
        if (!current || !result) return;
        setVariants(result.variants[0] ?? []);
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        if (!current) return;
        setError(`The preview could not be computed: ${e instanceof Error ? e.message : String(e)}`);
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [pipeline, sample, index, count]);

  useEffect(() => {
    if (variants.length === 0) return;
    // Child canvases have drawn by the time this parent effect runs.
    const ms = performance.now() - requestedAtMs.current;
    previewLatenciesMs.push(ms);
    setLatencyMs(ms);
  }, [variants]);

  const shown = focused === null ? null : variants[focused];
  const tile = (variant: DisplayVariant): RgbaImage => {
    if (showOriginal) return showMask && sample.mask ? overlayMask(original, sample.mask) : original;
    return showMask && variant.mask ? overlayMask(rgbaOf(variant), variant.mask) : rgbaOf(variant);
  };
  return (
    <div className="preview">
      <figure className="preview-original">
        <ImageCanvas image={original} label="Sample image" displaySizePx={192} />
        <figcaption>{caption}</figcaption>
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
        {error && <p role="alert" className="error-box">{error}</p>}
        <p className="muted">Variant k is this sample as training epoch k sees it. Pick another sample in the thumbnails.</p>
        <ul className="variant-grid" aria-label="Variants" aria-busy={busy}>
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

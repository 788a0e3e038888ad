// The preview: the selected sample, large, and a grid of what the pipeline makes of it in successive
// training epochs (computed by the store's refreshPreview on the worker pool). Hovering or focusing
// a variant shows what each step drew for it, under the sample, beside the grid.
import { useEffect, useId, useMemo, useState } from 'react';
import { appStore, useAppStore } from '../store/index.js';
import { PREVIEW_VARIANT_COUNTS, previewSubject } from '../store/previewSlice.js';
import { describeTrace, MASK_ALPHA, overlayMask, toRgba, type RgbaImage } from './display.js';
import type { DisplayVariant } from '../pipeline/index.js';
import { ImageCanvas } from './ImageCanvas.js';

/** The selected sample's largest size on screen (CSS scales it down in a narrow region). */
const SAMPLE_DISPLAY_PX = 240;

const rgbaOf = (v: DisplayVariant): RgbaImage => ({ width: v.width, height: v.height, data: v.rgba });

export function Preview() {
  const pipeline = useAppStore((state) => state.pipeline);
  const builtIn = useAppStore((state) => state.sample);
  const dataset = useAppStore((state) => state.dataset);
  const selected = useAppStore((state) => state.previewSample);
  const count = useAppStore((state) => state.previewCount);
  const { variants, busy, error, latencyMs } = useAppStore((state) => state.preview);
  const [showOriginal, setShowOriginal] = useState(false);
  const [showMask, setShowMask] = useState(false);
  const [maskOpacity, setMaskOpacity] = useState(MASK_ALPHA);
  const colours = dataset?.segmentation?.colours;
  const [focused, setFocused] = useState<number | null>(null);
  const argsId = useId();

  const subject = useMemo(() => previewSubject({ dataset, previewSample: selected, sample: builtIn }), [dataset, selected, builtIn]);
  const sample = subject.image;
  const original = useMemo(() => toRgba(sample), [sample]);

  useEffect(() => {
    void appStore.getState().refreshPreview();
  }, [pipeline, subject, count]);

  useEffect(() => {
    // Child canvases have drawn by the time this parent effect runs.
    if (variants.length > 0) appStore.getState().previewDrawn();
  }, [variants]);

  const shown = focused === null ? null : variants[focused];
  const tile = (variant: DisplayVariant): RgbaImage => {
    const overlay = { opacity: maskOpacity, ...(colours ? { colours } : {}) };
    if (showOriginal) return showMask && sample.mask ? overlayMask(original, sample.mask, overlay) : original;
    return showMask && variant.mask ? overlayMask(rgbaOf(variant), variant.mask, overlay) : rgbaOf(variant);
  };
  return (
    <div className="preview">
      <div className="toolbar">
        <label>
          Variants{' '}
          <select aria-label="Variants" value={count} onChange={(e) => appStore.getState().setPreviewCount(Number(e.target.value))}>
            {PREVIEW_VARIANT_COUNTS.map((n) => (
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
        {sample.mask && showMask && (
          <label>
            Mask opacity{' '}
            <input type="range" aria-label="Mask opacity" min={0.1} max={1} step={0.05} value={maskOpacity} onChange={(e) => setMaskOpacity(Number(e.target.value))} />
          </label>
        )}
        {latencyMs !== null && <span className="muted" aria-label="Preview latency">updated in {Math.round(latencyMs)} ms</span>}
      </div>
      <div className="preview-sample">
        <figure className="preview-original">
          <ImageCanvas image={original} label="Sample image" displaySizePx={SAMPLE_DISPLAY_PX} />
          <figcaption>{subject.caption}</figcaption>
        </figure>
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
      <div className="preview-variants">
        {error && <p role="alert" className="error-box">{error}</p>}
        <p className="muted">Variant k is this sample as training epoch k sees it. Pick another sample in the Data thumbnails.</p>
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
      </div>
    </div>
  );
}

// The Preview region for time series: the chosen series' variants as line plots over the faint
// original; hovering a variant shows the arguments its steps drew. "Preview series" picks the
// series (as clicking a thumbnail does for images), with Previous/Next to step through.
import { useAppStore } from '../../store/index.js';
import { drawnText } from './plot.js';
import { SeriesPlot } from './SeriesPlot.js';

export function SeriesPreview() {
  const { original, variants } = useAppStore((s) => s.seriesPreview);
  const dataset = useAppStore((s) => s.seriesDataset);
  const index = useAppStore((s) => s.seriesPreviewIndex);
  const select = useAppStore((s) => s.selectSeriesPreview);
  const loading = useAppStore((s) => s.seriesImporting);
  if (!original || !dataset) return <p className="muted">{loading ? 'Loading time series…' : "Load time series to see the pipeline's variants."}</p>;
  const count = dataset.labels.length;
  return (
    <div className="series-preview">
      <div className="series-settings">
        <button type="button" disabled={index === 0} onClick={() => select(index - 1)}>
          Previous series
        </button>
        <label>
          Preview series{' '}
          <input
            type="number"
            min={1}
            max={count}
            step={1}
            value={index + 1}
            onChange={(e) => {
              const n = Number(e.currentTarget.value);
              if (Number.isInteger(n)) select(n - 1);
            }}
          />
        </label>
        <span className="muted">of {count}</span>
        <button type="button" disabled={index >= count - 1} onClick={() => select(index + 1)}>
          Next series
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {dataset.names[index]} ({dataset.classes[dataset.labels[index]!]}): {variants.length} training variants, the original faint behind.
      </p>
      <div className="series-grid">
        {variants.map((v, i) => (
          <SeriesPlot key={i} series={v.series} original={original} label={`Variant ${i + 1}`} title={drawnText(v.trace)} />
        ))}
      </div>
    </div>
  );
}

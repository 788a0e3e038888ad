// The Preview region for time series: the first series' variants as line plots over the faint
// original; hovering a variant shows the arguments its steps drew.
import { useAppStore } from '../../store/index.js';
import { drawnText } from './plot.js';
import { SeriesPlot } from './SeriesPlot.js';

export function SeriesPreview() {
  const { original, variants } = useAppStore((s) => s.seriesPreview);
  const dataset = useAppStore((s) => s.seriesDataset);
  if (!original) return <p className="muted">Load time series to see the pipeline's variants.</p>;
  return (
    <div className="series-preview">
      <p className="muted">
        {dataset?.names[0]} ({dataset?.classes[dataset.labels[0]!]}): {variants.length} training variants, the original faint behind.
      </p>
      <div className="series-grid">
        {variants.map((v, i) => (
          <SeriesPlot key={i} series={v.series} original={original} label={`Variant ${i + 1}`} title={drawnText(v.trace)} />
        ))}
      </div>
    </div>
  );
}

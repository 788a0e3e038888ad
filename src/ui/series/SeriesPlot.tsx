// One series as a line plot (one colour per channel), optionally over a faint original; an image
// with an accessible name, its title (shown on hover) the drawn arguments.
import { CHANNEL_COLOURS, polylines, valueRange, type PlotSeries } from './plot.js';

const WIDTH = 240;
const HEIGHT = 96;

export function SeriesPlot({ series, original, label, title, className = 'series-plot' }: { series: PlotSeries; original?: PlotSeries | null; label: string; title?: string; className?: string }) {
  const range = valueRange(original ? [series, original] : [series]);
  return (
    <svg className={className} role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} preserveAspectRatio="none">
      <title>{title ?? label}</title>
      {original &&
        polylines(original, WIDTH, HEIGHT, range).map((points, c) => <polyline key={`o${c}`} points={points} fill="none" stroke={CHANNEL_COLOURS[c % CHANNEL_COLOURS.length]} strokeOpacity={0.2} strokeWidth={1} />)}
      {polylines(series, WIDTH, HEIGHT, range).map((points, c) => (
        <polyline key={c} points={points} fill="none" stroke={CHANNEL_COLOURS[c % CHANNEL_COLOURS.length]} strokeWidth={1.2} />
      ))}
    </svg>
  );
}

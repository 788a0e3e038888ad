// Live loss and accuracy charts (Chart.tsx, uPlot, loaded lazily), side by side where there is
// room, x in epochs, with a legend, smoothing and a log scale for the loss. Each
// chart is an image named for assistive tech, with a text description of what it shows. Before a
// run there is a short note of what will appear instead of empty axes.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useAppStore } from '../../store/index.js';
import type { EpochEvent } from '../../train/types.js';
import { alignSeries, smooth } from './chartData.js';

/** uPlot (50 kB) comes with the first points, not with the page. */
const Chart = lazy(() => import('./Chart.js'));

function describe(what: string, train: readonly number[], epochs: readonly EpochEvent[], pick: (e: EpochEvent) => number | undefined, format: (v: number) => string): string {
  if (train.length === 0) return `${what}: no points yet.`;
  const lastVal = epochs.map(pick).filter((v): v is number => v !== undefined).at(-1);
  return `${what}: ${train.length} points, last ${format(train.at(-1)!)}` + (lastVal !== undefined ? `; validation ${format(lastVal)}` : '') + '.';
}

/** `of`: which run's figures (the image run's by default; the series panel passes 'seriesTraining'). */
export function TrainingCharts({ of = 'training' }: { of?: 'training' | 'seriesTraining' }) {
  const series = useAppStore((s) => s[of].series);
  const epochs = useAppStore((s) => s[of].epochs);
  const [smoothing, setSmoothing] = useState(0.6);
  const [logLoss, setLogLoss] = useState(false);

  const lossData = useMemo(() => alignSeries(series.x, smooth(series.loss, smoothing), epochs, (e) => e.valLoss), [series, epochs, smoothing]);
  const accuracyData = useMemo(() => alignSeries(series.x, smooth(series.accuracy, smoothing), epochs, (e) => e.valAccuracy), [series, epochs, smoothing]);

  if (series.x.length === 0 && epochs.length === 0) {
    return (
      <p className="empty-state training-charts-empty">
        <strong>Loss and accuracy charts</strong> appear here once a model trains: a line per batch for training, a point per
        epoch for validation, x in epochs. Set up the run above and press <strong>Train</strong>.
      </p>
    );
  }

  return (
    <div className="training-charts">
      <div className="chart-controls">
        <label>
          Smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.currentTarget.value))} />
          <output>{smoothing.toFixed(2)}</output>
        </label>
        <label>
          <input type="checkbox" checked={logLoss} onChange={(e) => setLogLoss(e.currentTarget.checked)} />
          Log scale for loss
        </label>
      </div>
      <Suspense fallback={<p className="muted">Loading the charts…</p>}>
        <div className="chart-pair">
          <Chart name="Loss chart" yLabel="loss" data={lossData} logScale={logLoss} description={describe('Loss', series.loss, epochs, (e) => e.valLoss, (v) => v.toFixed(3))} />
          <Chart
            name="Accuracy chart"
            yLabel="accuracy"
            data={accuracyData}
            description={describe('Accuracy', series.accuracy, epochs, (e) => e.valAccuracy, (v) => `${(v * 100).toFixed(1)}%`)}
          />
        </div>
      </Suspense>
    </div>
  );
}

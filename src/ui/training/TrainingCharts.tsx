// Live loss and accuracy charts (uPlot: canvas, fast enough to redraw every frame), with
// smoothing and a log scale for the loss. Each chart is an image named for assistive tech, with a
// text description of what it shows.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useAppStore } from '../../store/index.js';
import type { EpochEvent } from '../../train/types.js';
import { alignSeries, smooth, type Column } from './chartData.js';

const CHART_HEIGHT_PX = 200;
const TRAIN_COLOUR = '#2f6fde';
const VAL_COLOUR = '#e0702f';

interface ChartProps {
  name: string;
  yLabel: string;
  data: [number[], Column, Column];
  logScale?: boolean;
  description: string;
}

function Chart({ name, yLabel, data, logScale = false, description }: ChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const descriptionId = useId();

  // Re-created when the scale type changes (uPlot fixes a scale's distribution at construction).
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(240, element.clientWidth),
      height: CHART_HEIGHT_PX,
      scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
      axes: [{ label: 'epoch' }, { label: yLabel }],
      series: [
        { label: 'epoch' },
        { label: 'train', stroke: TRAIN_COLOUR, width: 1.5, spanGaps: true, points: { show: false } },
        { label: 'validation', stroke: VAL_COLOUR, width: 2, spanGaps: true, points: { show: true, size: 6 } },
      ],
      legend: { show: true },
    };
    const chart = new uPlot(options, [[], [], []], element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(240, element.clientWidth), height: CHART_HEIGHT_PX }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [logScale, yLabel]);

  useEffect(() => {
    // uPlot's types want (number | null)[] columns; the x column is plain numbers.
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, logScale]);

  return (
    <figure className="training-chart">
      <div ref={holder} role="img" aria-label={name} aria-describedby={descriptionId} />
      <figcaption id={descriptionId} className="muted">
        {description}
      </figcaption>
    </figure>
  );
}

function describe(what: string, train: readonly number[], epochs: readonly EpochEvent[], pick: (e: EpochEvent) => number | undefined, format: (v: number) => string): string {
  if (train.length === 0) return `${what}: no points yet.`;
  const lastVal = epochs.map(pick).filter((v): v is number => v !== undefined).at(-1);
  return `${what}: ${train.length} points, last ${format(train.at(-1)!)}` + (lastVal !== undefined ? `; validation ${format(lastVal)}` : '') + '.';
}

export function TrainingCharts() {
  const series = useAppStore((s) => s.training.series);
  const epochs = useAppStore((s) => s.training.epochs);
  const [smoothing, setSmoothing] = useState(0.6);
  const [logLoss, setLogLoss] = useState(false);

  const lossData = useMemo(() => alignSeries(series.x, smooth(series.loss, smoothing), epochs, (e) => e.valLoss), [series, epochs, smoothing]);
  const accuracyData = useMemo(() => alignSeries(series.x, smooth(series.accuracy, smoothing), epochs, (e) => e.valAccuracy), [series, epochs, smoothing]);

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
      <Chart name="Loss chart" yLabel="loss" data={lossData} logScale={logLoss} description={describe('Loss', series.loss, epochs, (e) => e.valLoss, (v) => v.toFixed(3))} />
      <Chart
        name="Accuracy chart"
        yLabel="accuracy"
        data={accuracyData}
        description={describe('Accuracy', series.accuracy, epochs, (e) => e.valAccuracy, (v) => `${(v * 100).toFixed(1)}%`)}
      />
    </div>
  );
}

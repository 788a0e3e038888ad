// One live chart (uPlot on a canvas, fast enough to redraw every frame): x in epochs, a legend,
// axes in the page's text colours. Loaded lazily with uPlot, when the first points arrive, so the
// first JavaScript chunk stays small.
import { useEffect, useId, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Column } from './chartData.js';

const CHART_HEIGHT_PX = 220;
/** Read on both light and dark panels (contrast over 3:1 against #fff and #1e2126). */
const TRAIN_COLOUR = '#3b7ddd';
const VAL_COLOUR = '#e0702f';

/** The page's colour scheme, so axes are drawn in its text colours (uPlot draws on a canvas, CSS does not reach it). */
const DARK_QUERY = '(prefers-color-scheme: dark)';

function useColourScheme(): 'light' | 'dark' {
  const [dark, setDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark ? 'dark' : 'light';
}

const cssColour = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export interface ChartProps {
  name: string;
  yLabel: string;
  data: [number[], Column, Column];
  logScale?: boolean;
  description: string;
}

export default function Chart({ name, yLabel, data, logScale = false, description }: ChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const descriptionId = useId();
  const scheme = useColourScheme();

  // Re-created when the scale type or the colour scheme changes (uPlot fixes both at construction).
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const text = cssColour('--text', '#1c1f24');
    const grid = cssColour('--border', '#d9dde3');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const options: uPlot.Options = {
      width: element.clientWidth,
      height: CHART_HEIGHT_PX,
      scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
      axes: [
        { ...axis, label: 'epoch', values: (_chart, ticks) => ticks.map((t) => String(Number(t.toFixed(3)))) },
        { ...axis, label: yLabel },
      ],
      series: [
        { label: 'epoch', value: (_chart, v) => (v == null ? '–' : v.toFixed(2)) },
        { label: 'train', stroke: TRAIN_COLOUR, width: 1.5, spanGaps: true, points: { show: false } },
        { label: 'validation', stroke: VAL_COLOUR, width: 2, spanGaps: true, points: { show: true, size: 6 } },
      ],
      legend: { show: true },
    };
    const chart = new uPlot(options, [[], [], []], element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: CHART_HEIGHT_PX }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [logScale, yLabel, scheme]);

  useEffect(() => {
    // uPlot's types want (number | null)[] columns; the x column is plain numbers.
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, logScale, scheme]);

  return (
    <figure className="training-chart">
      <div ref={holder} className="chart-holder" role="img" aria-label={name} aria-describedby={descriptionId} />
      <figcaption id={descriptionId} className="muted">
        {description}
      </figcaption>
    </figure>
  );
}


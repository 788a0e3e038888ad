// The "Compare" view of the Training region: trains the default variants of the pipeline one after
// another (no augmentation, the current pipeline, leave-one-out of each augment step) and shows the
// "Run comparison" table, the validation curves overlaid ("Comparison chart"), which step helps or
// hurts most, "Use this pipeline" per run, and the JSON + CSV export.
import { useEffect, type ReactNode } from 'react';
import { comparisonCsv, comparisonJson, defaultVariants, stepEffects, summarize, type CompareRun } from '../../store/compareSlice.js';
import { appStore, useAppStore } from '../../store/index.js';
import { saveFile } from '../training/files.js';
import './compare.css';

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939'];
const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');
const num = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');

function ComparisonChart({ runs }: { runs: CompareRun[] }): ReactNode {
  const W = 360;
  const H = 160;
  const maxEpochs = Math.max(1, ...runs.map((r) => r.valAccuracy.length));
  const x = (e: number) => 30 + (maxEpochs === 1 ? (W - 40) / 2 : ((W - 40) * e) / (maxEpochs - 1));
  const y = (v: number) => H - 20 - (H - 30) * v;
  return (
    <figure className="compare-chart">
      <svg role="img" aria-label="Comparison chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H}>
        <title>Validation accuracy per epoch of each run</title>
        <line x1={30} y1={y(0)} x2={W - 10} y2={y(0)} stroke="currentColor" strokeOpacity={0.4} />
        <line x1={30} y1={y(0)} x2={30} y2={y(1)} stroke="currentColor" strokeOpacity={0.4} />
        <text x={2} y={y(1) + 4} fontSize={9}>100%</text>
        <text x={8} y={y(0)} fontSize={9}>0%</text>
        {runs.map((r, k) => {
          const points = r.valAccuracy.flatMap((v, e) => (Number.isFinite(v) ? [`${x(e)},${y(v)}`] : [])).join(' ');
          return (
            <g key={k} stroke={COLOURS[k % COLOURS.length]} fill={COLOURS[k % COLOURS.length]}>
              <polyline points={points} fill="none" strokeWidth={1.5} />
              {r.valAccuracy.map((v, e) => (Number.isFinite(v) ? <circle key={e} cx={x(e)} cy={y(v)} r={2} /> : null))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="compare-legend" aria-label="Chart legend">
          {runs.map((r, k) => (
            <li key={k}>
              <span className="swatch" style={{ background: COLOURS[k % COLOURS.length] }} aria-hidden="true" /> {r.name}
            </li>
          ))}
        </ul>
        Validation accuracy after each epoch.
      </figcaption>
    </figure>
  );
}

export function CompareView(): ReactNode {
  const compare = useAppStore((s) => s.compare);
  const pipeline = useAppStore((s) => s.pipeline);
  const trainingBusy = useAppStore((s) => s.training.status === 'preparing' || s.training.status === 'running' || s.training.status === 'paused');
  const { runComparison, stopComparison, setCompareCount, adoptComparedPipeline } = appStore.getState();
  useEffect(() => {
    void appStore.getState().loadComparison();
  }, []);
  const planned = defaultVariants(pipeline, compare.count);
  const effects = stepEffects(compare.runs);
  const text = (s: string) => new TextEncoder().encode(s);

  return (
    <section className="compare-view" aria-label="Compare">
      <h3>Compare</h3>
      <p className="muted">
        Trains {planned.length} variants one after another with the same split, weight seed, epochs and settings: {planned.map((v) => v.name).join(', ')}.
      </p>
      <div className="toolbar">
        <label>
          Variants to train{' '}
          <input type="number" aria-label="Variants to train" min={2} max={12} step={1} value={compare.count} disabled={compare.status !== 'idle'} onChange={(e) => Number.isFinite(Number(e.target.value)) && setCompareCount(Number(e.target.value))} />
        </label>
        {compare.status === 'idle' ? (
          <button type="button" onClick={() => void runComparison()} disabled={trainingBusy}>Compare variants</button>
        ) : (
          <button type="button" onClick={stopComparison} disabled={compare.status === 'stopping'}>Stop comparison</button>
        )}
        <button type="button" disabled={compare.runs.length === 0} onClick={() => saveFile(text(comparisonJson(compare.runs)), 'augplay-comparison.json', 'application/json')}>Export comparison JSON</button>
        <button type="button" disabled={compare.runs.length === 0} onClick={() => saveFile(text(comparisonCsv(compare.runs)), 'augplay-comparison.csv', 'text/csv')}>Export comparison CSV</button>
      </div>
      {compare.current && (
        <p role="status" aria-label="Comparison status">
          {compare.status === 'stopping' ? 'Stopping' : 'Training'} variant {compare.current.index + 1} of {compare.current.total}: {compare.current.name}
        </p>
      )}
      {compare.stopped && compare.status === 'idle' && <p role="status" aria-label="Comparison stopped">{compare.stopped}</p>}
      {compare.error && <p role="alert" className="error-box">{compare.error}</p>}
      {compare.runs.length > 0 && (
        <>
          <table className="data-table" aria-label="Run comparison">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">Final val accuracy</th>
                <th scope="col">Best val accuracy</th>
                <th scope="col">Final val loss</th>
                <th scope="col">Best val loss</th>
                <th scope="col">Epochs</th>
                <th scope="col">Time</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {compare.runs.map((run, k) => {
                const s = summarize(run);
                return (
                  <tr key={k}>
                    <th scope="row">{run.name}</th>
                    <td>{pct(s.finalAccuracy)}</td>
                    <td>{pct(s.bestAccuracy)}</td>
                    <td>{num(s.finalLoss)}</td>
                    <td>{num(s.bestLoss)}</td>
                    <td>{s.epochs}</td>
                    <td>{(s.timeMs / 1000).toFixed(1)} s</td>
                    <td>
                      <button type="button" aria-label={`Use this pipeline: ${run.name}`} disabled={compare.status !== 'idle'} onClick={() => adoptComparedPipeline(k)}>Use this pipeline</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {(effects.helps || effects.hurts) && (
            <p aria-label="Step effects">
              {effects.helps && <>Helps most: {effects.helps.step} (+{effects.helps.points.toFixed(1)} points of final validation accuracy when kept). </>}
              {effects.hurts && <>Hurts most: {effects.hurts.step} ({effects.hurts.points.toFixed(1)} points when kept).</>}
            </p>
          )}
          <ComparisonChart runs={compare.runs} />
        </>
      )}
    </section>
  );
}

// The Training region for time series: model ("1-D CNN" or MLP, sized from the data), epochs,
// Train and Stop, loss and accuracy per epoch, the confusion matrix with per-class precision and
// recall, the most-wrong validation series as plots, and Predict on a pasted or uploaded series.
import { useState } from 'react';
import { SERIES_MODEL_LABELS, SERIES_MODEL_PRESETS, type SeriesModelPreset } from '../../train/models1d.js';
import type { EpochEvent } from '../../train/types.js';
import { useAppStore } from '../../store/index.js';
import { saveFile } from '../training/files.js';
import { SeriesPlot } from './SeriesPlot.js';

const BATCH_SIZE = 32;
const LEARNING_RATE = 0.003;
const VALIDATION_FRACTION = 0.2;
const CHART_W = 240;
const CHART_H = 80;

function EpochChart({ history }: { history: EpochEvent[] }) {
  const losses = history.flatMap((e) => [e.loss, e.valLoss ?? e.loss]);
  const top = Math.max(...losses, 1e-6);
  const x = (i: number) => (history.length === 1 ? CHART_W / 2 : (i * CHART_W) / (history.length - 1));
  const line = (values: number[]) => values.map((v, i) => `${x(i).toFixed(1)},${(CHART_H - (v / top) * CHART_H).toFixed(1)}`).join(' ');
  const last = history.at(-1)!;
  const text = `Epoch ${history.length}: loss ${last.loss.toFixed(3)}, accuracy ${(last.accuracy * 100).toFixed(1)}%${last.valAccuracy !== undefined ? `, validation accuracy ${(last.valAccuracy * 100).toFixed(1)}%` : ''}`;
  return (
    <figure className="series-chart">
      <svg role="img" aria-label="Loss per epoch" viewBox={`0 0 ${CHART_W} ${CHART_H}`} width={CHART_W} height={CHART_H}>
        <title>{text}</title>
        <polyline points={line(history.map((e) => e.loss))} fill="none" stroke="#0072B2" strokeWidth={1.5} />
        <polyline points={line(history.map((e) => e.valLoss ?? e.loss))} fill="none" stroke="#D55E00" strokeWidth={1.5} strokeDasharray="4 2" />
        {history.map((e, i) => (
          <circle key={i} cx={x(i)} cy={CHART_H - (e.loss / top) * CHART_H} r={2} fill="#0072B2" />
        ))}
      </svg>
      <figcaption className="muted">{text} (training loss solid, validation dashed)</figcaption>
    </figure>
  );
}

export function SeriesTrainingPanel() {
  const dataset = useAppStore((s) => s.seriesDataset);
  const training = useAppStore((s) => s.seriesTraining);
  const prediction = useAppStore((s) => s.seriesPrediction);
  const train = useAppStore((s) => s.trainSeries);
  const stop = useAppStore((s) => s.stopSeries);
  const predict = useAppStore((s) => s.predictSeries);
  const exportModel = useAppStore((s) => s.exportSeriesModel);
  const [exportError, setExportError] = useState<string | null>(null);
  const [preset, setPreset] = useState<SeriesModelPreset>('cnn1d');
  const [epochs, setEpochs] = useState(10);
  const [text, setText] = useState('');
  const busy = training.status === 'training';
  const evaluation = training.evaluation;
  const classes = dataset?.classes ?? [];
  const shape = dataset ? { length: dataset.length, channels: dataset.channels } : null;

  return (
    <div className="series-training">
      <div className="series-settings">
        <label>
          Model{' '}
          <select value={preset} disabled={busy} onChange={(e) => setPreset(e.currentTarget.value === 'mlp' ? 'mlp' : 'cnn1d')}>
            {SERIES_MODEL_PRESETS.map((p) => (
              <option key={p} value={p}>
                {SERIES_MODEL_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Epochs <input type="number" min={1} max={500} step={1} value={epochs} disabled={busy} onChange={(e) => setEpochs(Math.max(1, Math.round(Number(e.currentTarget.value) || 1)))} />
        </label>
        <button type="button" disabled={busy || !dataset} onClick={() => void train({ preset, epochs, batchSize: BATCH_SIZE, learningRate: LEARNING_RATE, validationFraction: VALIDATION_FRACTION, splitSeed: 1 })}>
          Train
        </button>
        <button type="button" disabled={!busy} onClick={stop}>
          Stop
        </button>
        <button
          type="button"
          disabled={busy || training.history.length === 0}
          onClick={() =>
            void exportModel().then(
              (bytes) => {
                setExportError(null);
                saveFile(bytes, 'augplay-series-model.zip', 'application/zip');
              },
              (e: unknown) => setExportError(e instanceof Error ? e.message : String(e)),
            )
          }
        >
          Export model
        </button>
      </div>
      <p className="muted">{shape ? `Input ${shape.length} steps x ${shape.channels} channels, ${classes.length} classes, batches of ${BATCH_SIZE}, ${VALIDATION_FRACTION * 100}% held out for validation.` : 'Load time series to train.'}</p>
      {exportError && (
        <p role="alert" className="error">
          {exportError}
        </p>
      )}
      <p role="status" aria-label="Series training status">
        {training.message ?? 'Not trained yet.'}
      </p>
      {training.history.length > 0 && <EpochChart history={training.history} />}
      {evaluation && (
        <>
          <table className="confusion">
            <caption>Confusion matrix</caption>
            <thead>
              <tr>
                <th scope="col">true \ predicted</th>
                {classes.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {evaluation.confusion.map((row, t) => (
                <tr key={t}>
                  <th scope="row">{classes[t]}</th>
                  {row.map((n, p) => (
                    <td key={p}>{n}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Per class</caption>
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
                <th scope="col">Validation series</th>
              </tr>
            </thead>
            <tbody>
              {evaluation.perClass.map((m, c) => (
                <tr key={c}>
                  <td>{classes[c]}</td>
                  <td>{(m.precision * 100).toFixed(1)}%</td>
                  <td>{(m.recall * 100).toFixed(1)}%</td>
                  <td>{m.support}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shape && evaluation.mostWrong.length > 0 && (
            <div className="series-grid" aria-label="Most wrong">
              {evaluation.mostWrong.slice(0, 6).map((w) => (
                <SeriesPlot
                  key={w.sampleIndex}
                  series={{ length: w.x.length / shape.channels, channels: shape.channels, data: w.x }}
                  label={`${dataset?.names[w.sampleIndex] ?? w.sampleIndex}: ${classes[w.trueClass]} taken for ${classes[w.predictedClass]}`}
                />
              ))}
            </div>
          )}
        </>
      )}
      <div className="series-predict">
        <label>
          Series to predict
          <textarea rows={3} value={text} placeholder="one line per time step, channels separated by commas" onChange={(e) => setText(e.currentTarget.value)} />
        </label>
        <label className="data-file-button">
          Upload a series to predict
          <input type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" onChange={(e) => void e.currentTarget.files?.[0]?.text().then((t) => setText(t.split(/\r?\n/).filter((l) => /^[\s\d.,;eE+-]+$/.test(l) && l.trim() !== '').join('\n')))} />
        </label>
        <button type="button" disabled={busy || training.history.length === 0 || text.trim() === ''} onClick={() => void predict(text)}>
          Predict
        </button>
        {prediction.error && (
          <p role="alert" className="error">
            {prediction.error}
          </p>
        )}
        {prediction.result && (
          <ol aria-label="Prediction">
            {prediction.result.slice(0, 3).map((r) => (
              <li key={r.className}>
                {r.className}: {(r.probability * 100).toFixed(1)}%
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

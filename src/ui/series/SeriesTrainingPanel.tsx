// The Training region for time series, over the same training session as images: model ("1-D CNN"
// or MLP, sized from the data), epochs and early stopping, Train / Pause / Resume / Stop, the
// checkpoint offer, the shared loss and accuracy charts, the validation results (SeriesEvaluation),
// export and import of the model zip, and Predict on a pasted or uploaded series.
import { useEffect, useState } from 'react';
import { SERIES_MODEL_LABELS, SERIES_MODEL_PRESETS, type SeriesModelPreset } from '../../train/models1d.js';
import { appStore, errorMessage, isBusy, useAppStore } from '../../store/index.js';
import type { TrainingState } from '../../store/trainingState.js';
import { CheckpointOffer, ModelFileButtons } from '../training/ModelFiles.js';
import { TrainingCharts } from '../training/TrainingCharts.js';
import { SeriesEvaluation } from './SeriesEvaluation.js';

/** One line on the run: where it is while it trains or pauses, else the session's last word. */
function statusText(t: TrainingState): string {
  if (t.error) return t.error;
  const { epoch, batch, batchesPerEpoch } = t.position;
  const where = `epoch ${Math.min(epoch + 1, t.settings.epochs)} of ${t.settings.epochs}, batch ${batch} of ${batchesPerEpoch}`;
  if (t.status === 'running') return `Training: ${where}`;
  if (t.status === 'paused') return `Paused: ${where}`;
  return t.message ?? 'Not trained yet.';
}

function Controls() {
  const status = useAppStore((s) => s.seriesTraining.status);
  const checkpoint = useAppStore((s) => s.seriesTraining.checkpoint);
  const hasModel = useAppStore((s) => s.seriesTraining.model !== null);
  const hasData = useAppStore((s) => s.seriesDataset !== null);
  const active = isBusy(status);
  const store = appStore.getState;
  return (
    <div className="series-settings">
      <button type="button" disabled={active || !hasData} onClick={() => void store().trainSeries()}>
        Train
      </button>
      <button type="button" disabled={status !== 'running'} onClick={() => store().pauseSeries()}>
        Pause
      </button>
      <button type="button" disabled={status !== 'paused' && status !== 'stopped'} onClick={() => void store().resumeSeries()}>
        Resume
      </button>
      <button type="button" disabled={status !== 'running' && status !== 'paused'} onClick={() => store().stopSeries()}>
        Stop
      </button>
      <ModelFileButtons
        canExport={hasModel}
        busy={active}
        exportModel={async () => ({ fileName: 'augplay-series-model.zip', bytes: await store().exportSeriesModel() })}
        importModel={(bytes, name) => store().importSeriesModel(bytes, name)}
      />
      {checkpoint && !active ? <CheckpointOffer checkpoint={checkpoint} label="Series checkpoint" onContinue={() => store().continueSeriesCheckpoint()} onDiscard={() => store().discardSeriesCheckpoint()} /> : null}
    </div>
  );
}

function Predict() {
  const prediction = useAppStore((s) => s.seriesPrediction);
  const hasModel = useAppStore((s) => s.seriesTraining.model !== null);
  const busy = useAppStore((s) => isBusy(s.seriesTraining.status));
  const [text, setText] = useState('');
  return (
    <div className="series-predict">
      <label>
        Series to predict
        <textarea rows={3} value={text} placeholder="one line per time step, channels separated by commas" onChange={(e) => setText(e.currentTarget.value)} />
      </label>
      <label className="data-file-button">
        Upload a series to predict
        <input type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" onChange={(e) => void e.currentTarget.files?.[0]?.text().then((t) => setText(t.split(/\r?\n/).filter((l) => /^[\s\d.,;eE+-]+$/.test(l) && l.trim() !== '').join('\n')))} />
      </label>
      <button type="button" disabled={busy || !hasModel || text.trim() === ''} onClick={() => void appStore.getState().predictSeries(text)}>
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
  );
}

export function SeriesTrainingPanel() {
  const dataset = useAppStore((s) => s.seriesDataset);
  const settings = useAppStore((s) => s.seriesTraining.settings);
  const status = useAppStore((s) => s.seriesTraining.status);
  const line = useAppStore((s) => statusText(s.seriesTraining));
  const evaluation = useAppStore((s) => s.seriesTraining.evaluation);
  const model = useAppStore((s) => s.seriesTraining.model);
  const set = useAppStore((s) => s.setSeriesTrainingSettings);
  const busy = isBusy(status);
  // An earlier visit's series checkpoint, offered once the panel shows.
  useEffect(() => void appStore.getState().checkSeriesCheckpoint(), []);
  const whole = (value: string, min: number) => Math.max(min, Math.round(Number(value) || min));

  return (
    <div className="series-training">
      <div className="series-settings">
        <label>
          Model{' '}
          <select value={settings.preset} disabled={busy} onChange={(e) => set({ preset: e.currentTarget.value as SeriesModelPreset })}>
            {SERIES_MODEL_PRESETS.map((p) => (
              <option key={p} value={p}>
                {SERIES_MODEL_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Epochs <input type="number" min={1} max={500} step={1} value={settings.epochs} disabled={busy} onChange={(e) => set({ epochs: whole(e.currentTarget.value, 1) })} />
        </label>
        <label>
          Early stopping patience{' '}
          <input type="number" min={0} max={100} step={1} value={settings.patience} disabled={busy} onChange={(e) => set({ patience: whole(e.currentTarget.value, 0) })} />
        </label>
      </div>
      <Controls />
      <p className="muted">
        {dataset
          ? `Input ${dataset.length} steps x ${dataset.channels} channels, ${dataset.classes.length} classes, batches of ${settings.batchSize}, a fifth held out for validation. Patience above 0 stops after that many epochs without a lower validation loss and keeps the best epoch's weights.`
          : 'Load time series to train.'}
      </p>
      {model?.origin === 'imported' && <p className="muted">Imported model: {model.classes.join(', ')}; predictions use its own pipeline and working length.</p>}
      <p role="status" aria-label="Series training status">
        {line}
      </p>
      <TrainingCharts of="seriesTraining" />
      {evaluation && <SeriesEvaluation evaluation={evaluation} classes={model?.classes ?? dataset?.classes ?? []} dataset={dataset} />}
      <Predict />
    </div>
  );
}

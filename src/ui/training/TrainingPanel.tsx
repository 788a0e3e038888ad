// The Training region: settings beside Train/Pause/Resume/Stop, live figures, prediction and model
// export/import; below them, at full width, the results (TrainingResults.tsx). State and actions
// live in the store's training slice.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { appStore, errorMessage, isBusy, modelInputSidePx, useAppStore, type BackendRequest } from '../../store/index.js';
import { LR_SCHEDULES, MODEL_PRESETS, MODEL_PRESET_LABELS, modelSizeNote, OPTIMIZERS, OPTIMIZER_LABELS, TASKS, type LrSchedule, type ModelPreset, type OptimizerName, type Task, type TrainSettings } from '../../train/types.js';
import { budgetEpochs, expectedSeconds, resolveEpochs } from '../../train/budget.js';
import type { PredictionResult } from '../../train/sessionTypes.js';
import { ImageCanvas } from '../ImageCanvas.js';
import { predictionOverlay } from '../segmentation/overlays.js';
import { BackbonePanel } from './BackbonePanel.js';
import { NumberField, Select } from './fields.js';
import { CheckpointOffer, ModelFileButtons } from './ModelFiles.js';
import { TrainingResults } from './TrainingResults.js';
import './training.css';
import { CompareView } from '../compare/CompareView.js';

const BACKEND_CHOICES: { value: BackendRequest; label: string }[] = [
  { value: 'auto', label: 'Auto (WebGPU → WebGL → WASM → CPU)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WASM' },
  { value: 'cpu', label: 'CPU' },
];

const TASK_LABELS: Record<Task, string> = { classification: 'Classification', segmentation: 'Segmentation' };
const SCHEDULE_LABELS: Record<LrSchedule, string> = { constant: 'Constant', cosine: 'Cosine decay', step: 'Step (÷10 each third)' };

/** The step budget as epochs of this data, and the time it should take at the last measured rate. */
function BudgetNote({ settings }: { settings: TrainSettings }) {
  const trainSamples = useAppStore((s) => s.split?.train.length ?? 0);
  const samplesPerSec = useAppStore((s) => s.training.samplesPerSec);
  if (!settings.autoEpochs || trainSamples === 0) return null;
  const budget = budgetEpochs(trainSamples, settings.batchSize);
  const seconds = expectedSeconds(budget, samplesPerSec > 0 ? samplesPerSec / settings.batchSize : undefined);
  return (
    <p className="muted" aria-label="Step budget">
      {budget.epochs} epochs = {budget.steps} steps of {trainSamples} training images
      {seconds === undefined ? '; the expected time shows after a first run' : `, about ${Math.round(seconds)} s at the last measured rate`}. Setting epochs turns the budget off.
    </p>
  );
}

function Settings({ busy }: { busy: boolean }) {
  const settings = useAppStore((s) => s.training.settings);
  const backendRequest = useAppStore((s) => s.training.backendRequest);
  const set = (patch: Partial<TrainSettings>) => appStore.getState().setTrainingSettings(patch);
  // Segmentation is offered when the dataset has masks (and stays visible while chosen, to switch back).
  const hasMasks = useAppStore((s) => Boolean(s.dataset?.masks));
  const sizeNote = modelSizeNote(settings.preset, useAppStore(modelInputSidePx));
  return (
    <fieldset className="training-settings" disabled={busy}>
      <legend>Settings</legend>
      {(hasMasks || settings.task === 'segmentation') && (
        <Select<Task> label="Task" value={settings.task} disabled={busy} options={TASKS.map((t) => ({ value: t, label: TASK_LABELS[t] }))} onChange={(task) => set({ task })} />
      )}
      {settings.task === 'segmentation' ? (
        <p className="muted" aria-label="Segmentation model">Model: Small U-Net (encoder-decoder with skip connections, per-pixel classes)</p>
      ) : (
        <>
          <Select<ModelPreset> label="Model" value={settings.preset} disabled={busy} options={MODEL_PRESETS.map((p) => ({ value: p, label: MODEL_PRESET_LABELS[p] }))} onChange={(preset) => set({ preset })} />
          {sizeNote && (
            <p className="muted" aria-label="Model size note">
              {sizeNote}
            </p>
          )}
        </>
      )}
      <Select<BackendRequest> label="Backend" value={backendRequest} disabled={busy} options={BACKEND_CHOICES} onChange={(choice) => void appStore.getState().chooseBackend(choice)} />
      <Select<OptimizerName> label="Optimizer" value={settings.optimizer} disabled={busy} options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }))} onChange={(optimizer) => set({ optimizer })} />
      <Select<LrSchedule> label="Learning-rate schedule" value={settings.schedule} disabled={busy} options={LR_SCHEDULES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }))} onChange={(schedule) => set({ schedule })} />
      <label>
        <input type="checkbox" checked={settings.autoEpochs} disabled={busy} onChange={(e) => set({ autoEpochs: e.currentTarget.checked })} />
        Epochs from the step budget
      </label>
      <BudgetNote settings={settings} />
      <NumberField label="Epochs" value={settings.epochs} min={1} max={1000} step={1} integer disabled={busy} onCommit={(epochs) => set({ epochs })} />
      <NumberField label="Batch size" value={settings.batchSize} min={1} max={1024} step={1} integer disabled={busy} onCommit={(batchSize) => set({ batchSize })} />
      <NumberField label="Learning rate" value={settings.learningRate} min={1e-7} max={10} step="any" disabled={busy} onCommit={(learningRate) => set({ learningRate })} />
      <NumberField label="Weight-init seed" value={settings.initSeed} min={0} step={1} integer disabled={busy} onCommit={(initSeed) => set({ initSeed })} />
      <NumberField label="Early-stopping patience (epochs, 0 = off)" value={settings.patience} min={0} max={1000} step={1} integer disabled={busy} onCommit={(patience) => set({ patience })} />
      {settings.task === 'segmentation' && (
        <NumberField label="Dice loss weight (0 = cross-entropy only)" value={settings.diceWeight} min={0} max={10} step="any" disabled={busy} onCommit={(diceWeight) => set({ diceWeight })} />
      )}
      <p className="muted">The validation split (and its seed) is set in the Data panel; the pipeline's augmentation seed also orders each epoch.</p>
    </fieldset>
  );
}

function Progress() {
  const t = useAppStore((s) => s.training);
  const backend = useAppStore((s) => s.backend);
  const trainSamples = useAppStore((s) => s.split?.train.length ?? 0);
  const { status, position } = t;
  // With the step budget on, the run's epochs come from the data (as the session resolves them).
  const settings = t.settings.autoEpochs && trainSamples > 0 ? resolveEpochs(t.settings, trainSamples) : t.settings;
  const where =
    position.batchesPerEpoch > 0 ? `epoch ${Math.min(position.epoch + 1, settings.epochs)} of ${settings.epochs}, batch ${position.batch} of ${position.batchesPerEpoch}` : '';
  const label: Record<typeof status, string> = {
    idle: 'Not started.',
    preparing: 'Preparing…',
    running: `Training: ${where}`,
    paused: `Paused: ${where}`,
    stopped: `Stopped: ${where}`,
    done: 'Finished.',
    failed: 'Failed.',
  };
  return (
    <div className="training-progress">
      <p role="status" aria-label="Training status">
        {label[status]}
        {backend.status === 'ready' && status !== 'idle' ? ` On ${backend.name}${backend.adapter ? ` (${backend.adapter})` : ''}.` : ''}
      </p>
      {position.batchesPerEpoch > 0 && status !== 'idle' ? (
        <progress
          aria-label="Training progress"
          className="training-progress-bar"
          max={settings.epochs * position.batchesPerEpoch}
          value={Math.min(settings.epochs * position.batchesPerEpoch, position.epoch * position.batchesPerEpoch + position.batch)}
        />
      ) : null}
      {t.message ? <p className="muted">{t.message}</p> : null}
      {t.error ? (
        <p role="alert" className="training-error">
          {t.error}
        </p>
      ) : null}
      {t.dataDescription ? <p className="muted">Data: {t.dataDescription}</p> : null}
      {t.position.step > 0 ? (
        <dl className="training-readout" aria-label="Throughput">
          <dt>Samples/s</dt>
          <dd>{t.samplesPerSec.toFixed(0)}</dd>
          <dt>Waiting for data</dt>
          <dd>{(t.waitFraction * 100).toFixed(0)}%</dd>
          <dt>Steps</dt>
          <dd>{t.position.step}</dd>
        </dl>
      ) : null}
    </div>
  );
}

function Controls() {
  const status = useAppStore((s) => s.training.status);
  const checkpoint = useAppStore((s) => s.training.checkpoint);
  const hasModel = useAppStore((s) => s.training.model !== null);
  const resumable = status === 'paused' || status === 'stopped';
  const active = isBusy(status);
  const store = appStore.getState;
  return (
    <div className="training-controls">
      <button type="button" disabled={active} onClick={() => void store().startTraining()}>
        Train
      </button>
      <button type="button" disabled={status !== 'running'} onClick={() => store().pauseTraining()}>
        Pause
      </button>
      <button type="button" disabled={!resumable} onClick={() => void store().resumeTraining()}>
        Resume
      </button>
      <button type="button" disabled={status !== 'running' && status !== 'paused'} onClick={() => store().stopTraining()}>
        Stop
      </button>
      <ModelFileButtons canExport={hasModel} busy={active} exportModel={() => store().exportModel()} importModel={(bytes, name) => store().importModel(bytes, name)} />
      {checkpoint && !active ? <CheckpointOffer checkpoint={checkpoint} label="Checkpoint" onContinue={() => store().continueFromCheckpoint()} onDiscard={() => store().discardCheckpoint()} /> : null}
    </div>
  );
}

function Summary() {
  const summary = useAppStore((s) => s.training.summary);
  if (!summary) return null;
  return (
    <details className="model-summary">
      <summary>
        Model summary: {summary.layers.length} layers, {summary.totalParams.toLocaleString('en')} parameters ({summary.trainableParams.toLocaleString('en')} trainable), input [
        {summary.inputShape.join(', ')}]
      </summary>
      <table aria-label="Model summary" className="data-table">
        <thead>
          <tr>
            <th scope="col">layer</th>
            <th scope="col">type</th>
            <th scope="col">output</th>
            <th scope="col">parameters</th>
          </tr>
        </thead>
        <tbody>
          {summary.layers.map((layer) => (
            <tr key={layer.name}>
              <td>{layer.name}</td>
              <td>{layer.type}</td>
              <td>{layer.outputShape}</td>
              <td>{layer.params.toLocaleString('en')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A segmentation model's prediction: the predicted classes over the picture, in the class colours. */
function PredictedMask({ mask }: { mask: NonNullable<PredictionResult['mask']> }) {
  const info = useAppStore((s) => s.training.model);
  const colours = useAppStore((s) => s.dataset?.segmentation?.colours);
  const image = useMemo(() => (info ? predictionOverlay(mask, info, colours) : null), [mask, info, colours]);
  return image ? <ImageCanvas image={image} label="Predicted mask" displaySizePx={192} /> : null;
}

function Predict() {
  const info = useAppStore((s) => s.training.model);
  const prediction = useAppStore((s) => s.training.prediction);
  const error = useAppStore((s) => s.training.predictError);
  return (
    <section aria-label="Predict" className="training-predict">
      <label className="file-button">
        Predict image
        <input
          type="file"
          accept="image/*"
          disabled={!info}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void file.arrayBuffer().then((buffer) => appStore.getState().predictImage(new Uint8Array(buffer), file.name));
          }}
        />
      </label>
      {!info ? <span className="muted"> (train or import a model first)</span> : null}
      {error ? <p role="alert">{error}</p> : null}
      {prediction?.mask && info ? <PredictedMask mask={prediction.mask} /> : null}
      {prediction && !prediction.mask ? (
        <ol aria-label="Top classes" className="top-classes">
          {prediction.top.map((c) => (
            <li key={c.className}>
              {c.className}: {(c.probability * 100).toFixed(1)}%
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

export function TrainingPanel(): ReactNode {
  const busy = useAppStore((s) => isBusy(s.training.status));
  useEffect(() => {
    void appStore.getState().checkForCheckpoint();
  }, []);
  return (
    <div className="training-panel">
      <div className="training-setup">
        <Settings busy={busy} />
        <BackbonePanel />
      </div>
      <div className="training-run">
        <Controls />
        <Progress />
        <Summary />
        <Predict />
      </div>
      <TrainingResults />
      <CompareView />
    </div>
  );
}

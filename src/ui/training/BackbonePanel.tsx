// "Import backbone": a TensorFlow.js layers or graph model from disk (model.json with its .bin
// weight files) that new runs train a small head on, from the feature layer (or graph node) picked
// here, frozen or with its last layers fine-tuned. Problems with the files show in the training
// panel's error line.
import { useId, type ReactNode } from 'react';
import { appStore, isBusy, useAppStore } from '../../store/index.js';
import { BackboneFineTune } from './BackboneFineTune.js';
import { backboneTrainingNote, inputRangeOptions, parseRangeKey, rangeKey } from './backboneNotes.js';

export function BackbonePanel(): ReactNode {
  const backbone = useAppStore((s) => s.training.backbone);
  const busy = useAppStore((s) => isBusy(s.training.status));
  const fineTuneLayers = useAppStore((s) => s.training.settings.fineTuneLayers);
  const fineTuneRateFactor = useAppStore((s) => s.training.settings.fineTuneRateFactor);
  const augmenting = useAppStore((s) => s.pipeline.steps.some((step) => step.enabled && step.stage === 'augment'));
  const store = () => appStore.getState();
  const layerId = useId();
  const rangeId = useId();
  const word = backbone?.kind === 'graph' ? 'node' : 'layer';
  return (
    <fieldset className="training-backbone" disabled={busy}>
      <legend>Pretrained backbone</legend>
      <label className="file-button">
        Import backbone
        <input
          type="file"
          multiple
          accept=".json,.bin,application/json"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length) void Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))).then((read) => store().importBackbone(read));
          }}
        />
      </label>
      {backbone ? (
        <>
          <p role="status" aria-label="Backbone">
            {backbone.fileName} ({backbone.kind} model): input {backbone.inputShape.map((d) => d ?? 'any').join('x')}
            {backbone.inputRange ? `, values in [${backbone.inputRange.join(', ')}]` : ', value range not stated (set it below, or check the rescale step)'}. Training builds a head on {word} {backbone.featureLayer}.
          </p>
          <label htmlFor={layerId}>Feature layer</label>
          <select id={layerId} value={backbone.featureLayer} onChange={(e) => void store().setBackboneLayer(e.currentTarget.value)}>
            {backbone.layerNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <label htmlFor={rangeId}>Backbone input values</label>
          <select id={rangeId} value={rangeKey(backbone.inputRange)} onChange={(e) => void store().setBackboneLayer(backbone.featureLayer, parseRangeKey(e.currentTarget.value))}>
            {inputRangeOptions(backbone.inputRange).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <BackboneFineTune backbone={backbone} disabled={busy} />
          <p role="note" aria-label="Backbone training">{backboneTrainingNote(backbone, { fineTuneLayers, fineTuneRateFactor }, augmenting)}</p>
          <button type="button" onClick={() => store().removeBackbone()}>
            Remove backbone
          </button>
        </>
      ) : (
        <p className="muted">Select a model.json together with its weight files (a layers or graph model: for example a MobileNet you converted, a TF Hub feature vector, or a Teachable Machine export) to train a small head on its features.</p>
      )}
    </fieldset>
  );
}

// "Import backbone": a TensorFlow.js model from disk (model.json with its .bin weight files) that
// new runs train a small head on, frozen, from the feature layer picked here. Problems with the
// files show in the training panel's error line.
import { useId, type ReactNode } from 'react';
import { appStore, isBusy, useAppStore } from '../../store/index.js';

export function BackbonePanel(): ReactNode {
  const backbone = useAppStore((s) => s.training.backbone);
  const busy = useAppStore((s) => isBusy(s.training.status));
  const store = () => appStore.getState();
  const layerId = useId();
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
            {backbone.fileName}: input {backbone.inputShape.map((d) => d ?? 'any').join('x')}
            {backbone.inputRange ? `, values in [${backbone.inputRange.join(', ')}]` : ', value range not stated (check the rescale step)'}. Training builds a head on layer {backbone.featureLayer}, the backbone frozen.
          </p>
          <label htmlFor={layerId}>Feature layer</label>
          <select id={layerId} value={backbone.featureLayer} onChange={(e) => void reselect(e.currentTarget.value)}>
            {backbone.layerNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => store().removeBackbone()}>
            Remove backbone
          </button>
        </>
      ) : (
        <p className="muted">Select a model.json together with its weight files (for example a MobileNet you converted, or a Teachable Machine export) to train only a small head on its features.</p>
      )}
    </fieldset>
  );
}

/** The session keeps the loaded model; picking another layer sets it for the next run. */
async function reselect(layer: string): Promise<void> {
  await appStore.getState().setBackboneLayer(layer);
}

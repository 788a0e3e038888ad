// Fine-tuning controls of the Backbone panel: how many of the backbone's last layers with weights
// train too, and at what share of the learning rate (training settings, so they persist).
import type { ReactNode } from 'react';
import { appStore, useAppStore } from '../../store/index.js';
import type { BackboneInfo } from '../../train/backboneRun.js';
import { NumberField } from './fields.js';

export function BackboneFineTune({ backbone, disabled }: { backbone: BackboneInfo; disabled: boolean }): ReactNode {
  const layers = useAppStore((s) => s.training.settings.fineTuneLayers);
  const factor = useAppStore((s) => s.training.settings.fineTuneRateFactor);
  const set = (changes: { fineTuneLayers?: number; fineTuneRateFactor?: number }) => appStore.getState().setTrainingSettings(changes);
  const graph = backbone.kind === 'graph';
  return (
    <div className="backbone-fine-tune">
      <NumberField label="Fine-tune last layers" value={graph ? 0 : Math.min(layers, backbone.tunableLayers)} min={0} max={graph ? 0 : backbone.tunableLayers} step={1} integer disabled={disabled || graph} onCommit={(fineTuneLayers) => set({ fineTuneLayers })} />
      <NumberField label="Fine-tune rate factor" value={factor} min={0.0001} max={1} step="any" disabled={disabled || graph || layers === 0} onCommit={(fineTuneRateFactor) => set({ fineTuneRateFactor })} />
      {graph && <p className="muted">Fine-tuning needs a layers model (tensorflowjs_converter --output_format=tfjs_layers_model); a graph model trains a head only.</p>}
    </div>
  );
}

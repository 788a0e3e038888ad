// The pipeline editor: presets, the step catalogue, the step list (drag or keyboard to reorder),
// undo/redo, the seed, and export/import of the pipeline JSON.
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useEffect, useMemo, useState } from 'react';
import { PRESET_NAMES, type PresetName } from '../../pipeline/index.js';
import { appStore, useAppStore } from '../../store/index.js';
import { PipelineFile } from './PipelineFile.js';
import { dropStep } from '../../store/groupEdits.js';
import { StepTree } from './StepTree.js';
import { BatchSteps } from './BatchSteps.js';
import { StepCatalogue } from './StepCatalogue.js';

function useUndoShortcuts() {
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      // Text fields keep their own undo.
      const target = e.target as HTMLElement | null;
      if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text')) return;
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
}

export function PipelineEditor() {
  const pipeline = useAppStore((s) => s.pipeline);
  const canUndo = useAppStore((s) => s.past.length > 0);
  const canRedo = useAppStore((s) => s.future.length > 0);
  const error = useAppStore((s) => s.pipelineError);
  const { undo, redo, addStep, moveStep, setSeed, rerollSeed, applyPreset, clearPipelineError } = appStore.getState();
  const [catalogueOpen, setCatalogueOpen] = useState(false);
  useUndoShortcuts();

  // Ids for drag and drop: the step's position and op keep React keys stable enough for a list
  // that is re-created on every edit.
  const ids = useMemo(() => pipeline.steps.map((s, i) => `${i}-${s.op}`), [pipeline.steps]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const onDragEnd = (event: DragEndEvent) => {
    if (!event.over || event.active.id === event.over.id) return;
    const from = ids.indexOf(String(event.active.id));
    const to = ids.indexOf(String(event.over.id));
    // Into or out of groups as well: the step joins the groups of the step it lands on.
    if (pipeline.groups?.length) appStore.getState().editPipeline((p) => dropStep(p, from, to));
    else moveStep(from, to);
  };

  return (
    <div className="pipeline-editor">
      <div className="toolbar">
        <button type="button" aria-expanded={catalogueOpen} onClick={() => setCatalogueOpen((o) => !o)}>Add step</button>
        <button type="button" onClick={undo} disabled={!canUndo} title="Ctrl+Z">Undo</button>
        <button type="button" onClick={redo} disabled={!canRedo} title="Ctrl+Shift+Z">Redo</button>
        <label>
          Preset{' '}
          <select aria-label="Preset" value="" onChange={(e) => e.target.value && applyPreset(e.target.value as PresetName)}>
            <option value="">choose…</option>
            {PRESET_NAMES.map((n) => (
              <option key={n} value={n}>{n}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="toolbar">
        <label title="Seeds every augmentation draw and the order of samples in each epoch">
          Augmentation seed{' '}
          <input
            type="number"
            aria-label="Augmentation seed"
            min={0}
            max={4294967295}
            step={1}
            value={pipeline.seed}
            onChange={(e) => {
              const seed = Number(e.target.value);
              if (Number.isInteger(seed) && seed >= 0 && seed <= 4294967295) setSeed(seed);
            }}
          />
        </label>
        <button type="button" onClick={rerollSeed}>Re-roll seed</button>
      </div>
      {catalogueOpen && (
        <StepCatalogue
          onPick={(op) => {
            addStep(op);
            setCatalogueOpen(false);
          }}
          onClose={() => setCatalogueOpen(false)}
        />
      )}
      {error && (
        <div role="alert" className="error-box">
          <pre>{error}</pre>
          <button type="button" onClick={clearPipelineError}>Dismiss</button>
        </div>
      )}
      {pipeline.steps.length === 0 ? (
        <p className="muted">No steps: images go to the model as they are. Press “Add step”.</p>
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={ids} strategy={verticalListSortingStrategy}>
            <StepTree pipeline={pipeline} ids={ids} />
          </SortableContext>
        </DndContext>
      )}
      <BatchSteps />
      <PipelineFile />
    </div>
  );
}

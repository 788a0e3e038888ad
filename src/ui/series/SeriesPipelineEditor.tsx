// The Pipeline region for time series: one card per step (enabled, probability, parameters), add
// and remove steps, export the pipeline as JSON and load one back. Every change goes through the
// store, which validates it as an imported file would be.
import { useState } from 'react';
import type { ParamSpec } from '../../pipeline/params.js';
import { getSeriesOp, listSeriesOps } from '../../pipeline/series/registry.js';
import { useAppStore } from '../../store/index.js';
import { saveFile } from '../training/files.js';

function ParamInput({ name, spec, value, label, onChange }: { name: string; spec: ParamSpec; value: unknown; label: string; onChange: (v: unknown) => void }) {
  const num = (text: string) => (text.trim() === '' ? NaN : Number(text));
  switch (spec.kind) {
    case 'number':
      return (
        <label>
          {name}{' '}
          <input type="number" aria-label={`${label} ${name}`} min={spec.min} max={spec.max} step={spec.step ?? (spec.integer ? 1 : 'any')} defaultValue={String(value)} onChange={(e) => onChange(num(e.currentTarget.value))} />
        </label>
      );
    case 'range': {
      const [lo, hi] = value as [number, number];
      return (
        <fieldset className="param-range">
          <legend>{name}</legend>
          <input type="number" aria-label={`${label} ${name} minimum`} min={spec.min} max={spec.max} step={spec.step ?? 'any'} defaultValue={String(lo)} onChange={(e) => onChange([num(e.currentTarget.value), hi])} />
          {' to '}
          <input type="number" aria-label={`${label} ${name} maximum`} min={spec.min} max={spec.max} step={spec.step ?? 'any'} defaultValue={String(hi)} onChange={(e) => onChange([lo, num(e.currentTarget.value)])} />
        </fieldset>
      );
    }
    case 'choice':
      return (
        <label>
          {name}{' '}
          <select aria-label={`${label} ${name}`} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)}>
            {spec.options.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
      );
    case 'boolean':
      return (
        <label>
          <input type="checkbox" aria-label={`${label} ${name}`} checked={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} /> {name}
        </label>
      );
    case 'vector':
      return (
        <label>
          {name}{' '}
          <input type="text" aria-label={`${label} ${name}`} defaultValue={(value as number[]).join(', ')} onChange={(e) => onChange(e.currentTarget.value.split(/[\s,]+/).filter(Boolean).map(Number))} />
        </label>
      );
  }
}

export function SeriesPipelineEditor() {
  const pipeline = useAppStore((s) => s.seriesPipeline);
  const error = useAppStore((s) => s.seriesPipelineError);
  const edit = useAppStore((s) => s.editSeriesStep);
  const add = useAppStore((s) => s.addSeriesStep);
  const remove = useAppStore((s) => s.removeSeriesStep);
  const useStatistics = useAppStore((s) => s.useDatasetStatistics);
  const load = useAppStore((s) => s.loadSeriesPipeline);
  const toJson = useAppStore((s) => s.seriesPipelineJson);
  const [adding, setAdding] = useState(listSeriesOps()[0]!.name);
  // Remounts the cards when a pipeline is loaded, so their inputs show the loaded values.
  const [generation, setGeneration] = useState(0);

  return (
    <div className="series-pipeline">
      <ol className="series-steps" key={generation}>
        {pipeline.steps.map((step, i) => {
          const op = getSeriesOp(step.op)!;
          const label = `Step ${i + 1}: ${op.label}`;
          return (
            <li key={`${i}-${step.op}`} className="step-card">
              <h3 title={`${op.description} (${op.source})`}>{label}</h3>
              <label>
                <input type="checkbox" aria-label={`${label} enabled`} checked={step.enabled} onChange={(e) => edit(i, { enabled: e.currentTarget.checked })} /> Enabled
              </label>
              {op.stage === 'augment' && (
                <label>
                  Probability <input type="number" aria-label={`${label} probability`} min={0} max={1} step={0.05} defaultValue={String(step.p)} onChange={(e) => edit(i, { p: Number(e.currentTarget.value) })} />
                </label>
              )}
              {Object.entries(op.params).map(([name, spec]) => (
                <ParamInput key={name} name={name} spec={spec} label={label} value={step.params[name]} onChange={(v) => edit(i, { params: { [name]: v } })} />
              ))}
              {op.name === 'standardize' && (
                <button
                  type="button"
                  onClick={() => {
                    useStatistics(i);
                    setGeneration((g) => g + 1);
                  }}
                >
                  Use dataset statistics
                </button>
              )}
              <button type="button" aria-label={`Remove ${label}`} onClick={() => remove(i)}>
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <div className="series-add">
        <label>
          Add step{' '}
          <select value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
            {listSeriesOps().map((op) => (
              <option key={op.name} value={op.name}>
                {op.label} ({op.stage})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => add(adding)}>
          Add
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="series-file">
        <button type="button" onClick={() => saveFile(new TextEncoder().encode(toJson()), 'pipeline.series.json', 'application/json')}>
          Export pipeline
        </button>
        <label className="data-file-button">
          Import pipeline
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (!file) return;
              void file.text().then((text) => {
                load(text);
                setGeneration((g) => g + 1);
                input.value = '';
              });
            }}
          />
        </label>
      </div>
    </div>
  );
}

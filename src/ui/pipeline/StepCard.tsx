// One step of the pipeline: a group named "Step N: <Op name>" with its switch, probability,
// parameters, stage badge and the buttons to move, duplicate or remove it.
import type { ReactNode } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { getOp, maskBehaviourText, stepAlwaysRuns, stepRunIn, type Step } from '../../pipeline/index.js';
import { useAppStore } from '../../store/index.js';
import { ParamControl } from './ParamControl.js';

export interface StepCardProps {
  step: Step;
  index: number;
  count: number;
  /** Stable id for drag and drop. */
  id: string;
  /** Buttons that move the step into or out of a group (StepTree). */
  groupActions?: ReactNode;
}

export function StepCard({ step, index, count, id, groupActions }: StepCardProps) {
  const setEnabled = useAppStore((s) => s.setEnabled);
  const setProbability = useAppStore((s) => s.setProbability);
  const setParams = useAppStore((s) => s.setParams);
  const moveStep = useAppStore((s) => s.moveStep);
  const duplicateStep = useAppStore((s) => s.duplicateStep);
  const removeStep = useAppStore((s) => s.removeStep);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  const op = getOp(step.op);
  if (!op) return null;
  const name = `Step ${index + 1}: ${op.label}`;
  const preprocess = step.stage === 'preprocess';
  // Steps that set the output size run for every sample, like preprocess steps: a batch has one shape.
  const alwaysRuns = stepAlwaysRuns(op);
  // Size-setting augment steps run at inference too, as a centre crop (train and inference give one shape).
  const atInference = stepRunIn(op, 'inference', false);
  const presets = Object.entries(op.presets ?? {});

  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`step-card${step.enabled ? '' : ' step-disabled'}${isDragging ? ' step-dragging' : ''}`}
    >
      <fieldset role="group" aria-label={name}>
        <div className="step-head">
          <button type="button" ref={setActivatorNodeRef} className="drag-handle" aria-label={`Drag ${name}`} {...attributes} {...listeners}>
            ⋮⋮
          </button>
          <label className="step-enabled">
            <input type="checkbox" aria-label="Enabled" checked={step.enabled} onChange={(e) => setEnabled(index, e.target.checked)} />
            <span className="step-title">{index + 1}. {op.label}</span>
          </label>
          <span
            className={`badge badge-${step.stage}`}
            title={
              preprocess
                ? 'Runs in training and at inference'
                : atInference === 'inference'
                  ? 'Random in training (and in this preview); at inference it takes the centre, so the output size is the same'
                  : 'Runs in training only (and in this preview)'
            }
          >
            {preprocess ? 'preprocess · also at inference' : atInference === 'inference' ? 'augment · centre at inference' : 'augment · training only'}
          </span>
        </div>
        <p className="step-description">{op.description}</p>
        <p className="step-description step-mask">{maskBehaviourText(op, step.params)}</p>
        <div className="param">
          <label className="param-name">
            <span>Probability</span>
            <input
              type="range"
              aria-label="Probability"
              min={0}
              max={1}
              step={0.05}
              value={step.p}
              disabled={alwaysRuns}
              title={
                preprocess
                  ? 'Preprocess steps always run, so that inference sees the same input'
                  : alwaysRuns
                    ? 'This step sets the output size, so it runs for every sample (a batch has one shape)'
                    : undefined
              }
              onChange={(e) => setProbability(index, Number(e.target.value))}
            />
          </label>
          <output className="param-value">{alwaysRuns ? 'always' : `${Math.round(step.p * 100)}%`}</output>
        </div>
        {Object.entries(op.params).map(([paramName, spec]) => (
          <ParamControl
            key={paramName}
            name={paramName}
            spec={spec}
            value={step.params[paramName]}
            onChange={(value) => setParams(index, { [paramName]: value })}
          />
        ))}
        {presets.length > 0 && (
          <div className="step-presets">
            {presets.map(([presetName, values]) => (
              <button type="button" key={presetName} onClick={() => setParams(index, values as Record<string, unknown>)}>
                {presetName}
              </button>
            ))}
          </div>
        )}
        <div className="step-actions">
          <button type="button" disabled={index === 0} onClick={() => moveStep(index, index - 1)}>Move up</button>
          <button type="button" disabled={index === count - 1} onClick={() => moveStep(index, index + 1)}>Move down</button>
          <button type="button" onClick={() => duplicateStep(index)}>Duplicate step</button>
          <button type="button" onClick={() => removeStep(index)}>Remove step</button>
          {groupActions}
        </div>
      </fieldset>
    </li>
  );
}

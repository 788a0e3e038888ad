// One parameter of a step: a slider (or two for a range) with its value and unit, a select, a
// checkbox, or a text field for per-channel lists. Labelled by the parameter's name.
import { useEffect, useId, useState } from 'react';
import type { ParamSpec } from '../../pipeline/index.js';

export interface ParamControlProps {
  name: string;
  spec: ParamSpec;
  value: unknown;
  onChange: (value: unknown) => void;
}

function stepOf(spec: { step?: number; integer?: boolean; min: number; max: number }): number {
  return spec.step ?? (spec.integer ? 1 : (spec.max - spec.min) / 100);
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 0.1 ? 4 : 2);
}

export function ParamControl({ name, spec, value, onChange }: ParamControlProps) {
  const unit = spec.unit ? ` ${spec.unit}` : '';
  switch (spec.kind) {
    case 'number': {
      const v = value as number;
      return (
        <div className="param" title={spec.description}>
          <label className="param-name">
            <span>{name}</span>
            <input
              type="range"
              aria-label={name}
              min={spec.min}
              max={spec.max}
              step={stepOf(spec)}
              value={v}
              onChange={(e) => onChange(Number(e.target.value))}
            />
          </label>
          <output className="param-value">{format(v)}{unit}</output>
        </div>
      );
    }
    case 'range': {
      const [lo, hi] = value as [number, number];
      return (
        <div className="param" role="group" aria-label={name} title={spec.description}>
          <span className="param-name">{name}</span>
          <div className="range-pair">
            <input
              type="range"
              aria-label={`${name} minimum`}
              min={spec.min}
              max={spec.max}
              step={stepOf(spec)}
              value={lo}
              // The two thumbs cannot cross: min is held at or below max.
              onChange={(e) => onChange([Math.min(Number(e.target.value), hi), hi])}
            />
            <input
              type="range"
              aria-label={`${name} maximum`}
              min={spec.min}
              max={spec.max}
              step={stepOf(spec)}
              value={hi}
              onChange={(e) => onChange([lo, Math.max(Number(e.target.value), lo)])}
            />
          </div>
          <output className="param-value">
            {lo === hi ? format(lo) : `${format(lo)} to ${format(hi)}`}{unit}
          </output>
        </div>
      );
    }
    case 'choice':
      return (
        <label className="param" title={spec.description}>
          <span className="param-name">{name}</span>
          <select aria-label={name} value={value as string} onChange={(e) => onChange(e.target.value)}>
            {spec.options.map((o) => (
              <option key={o} value={o}>{o}</option>
            ))}
          </select>
        </label>
      );
    case 'boolean':
      return (
        <label className="param param-inline" title={spec.description}>
          <input type="checkbox" aria-label={name} checked={value as boolean} onChange={(e) => onChange(e.target.checked)} />
          <span className="param-name">{name}</span>
        </label>
      );
    case 'vector':
      return <VectorControl name={name} spec={spec} value={value as number[]} onChange={onChange} />;
  }
}

/** Comma-separated numbers, checked as typed; only a valid list reaches the pipeline. */
function VectorControl({ name, spec, value, onChange }: { name: string; spec: Extract<ParamSpec, { kind: 'vector' }>; value: number[]; onChange: (v: unknown) => void }) {
  const [text, setText] = useState(value.join(', '));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  useEffect(() => setText(value.join(', ')), [value]);
  const commit = (raw: string) => {
    const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const numbers = parts.map(Number);
    if (parts.length === 0 || numbers.some((n) => !Number.isFinite(n))) return setError('expected numbers separated by commas');
    if (!spec.lengths.includes(numbers.length)) return setError(`expected ${spec.lengths.join(' or ')} numbers`);
    if (numbers.some((n) => (spec.exclusiveMin ? n <= spec.min : n < spec.min) || n > spec.max)) {
      return setError(`each number ${spec.exclusiveMin ? 'above' : 'from'} ${spec.min} to ${spec.max}`);
    }
    setError(null);
    onChange(numbers);
  };
  return (
    <label className="param" title={spec.description}>
      <span className="param-name">{name}</span>
      <input
        type="text"
        aria-label={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          commit(e.target.value);
        }}
      />
      {error && <span id={errorId} className="param-error">{name}: {error}</span>}
    </label>
  );
}

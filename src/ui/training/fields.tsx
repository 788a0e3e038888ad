// Form fields of the Training settings: a number input that only commits valid numbers, and a
// labelled select.
import { useId } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max?: number;
  step: number | 'any';
  integer?: boolean;
  disabled: boolean;
  onCommit: (value: number) => void;
}

/** Uncontrolled, so half-typed values ("0.00") stay as typed; only valid numbers reach the store. */
export function NumberField({ label, value, min, max, step, integer = false, disabled, onCommit }: NumberFieldProps) {
  return (
    <label>
      {label}
      <input
        key={value}
        type="number"
        defaultValue={value}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        onChange={(e) => {
          const v = Number(e.currentTarget.value);
          if (e.currentTarget.value === '' || !Number.isFinite(v) || v < min || (max !== undefined && v > max) || (integer && !Number.isInteger(v))) return;
          onCommit(v);
        }}
      />
    </label>
  );
}

/** The label sits beside the select (htmlFor), not around it: a wrapping label would add the chosen option to the select's accessible name. */
export function Select<T extends string>({ label, value, options, disabled, onChange }: { label: string; value: T; options: { value: T; label: string }[]; disabled: boolean; onChange: (value: T) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

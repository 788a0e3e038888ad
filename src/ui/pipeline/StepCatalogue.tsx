// The catalogue of ops, grouped by kind, each with its one-line description.
import { useEffect, useRef } from 'react';
import { CATEGORIES, listOps, type Category } from '../../pipeline/index.js';

const CATEGORY_NAMES: Record<Category, string> = {
  'resize-normalise': 'Resize and normalise',
  geometry: 'Geometry',
  colour: 'Colour',
  'noise-blur': 'Noise and blur',
  cutout: 'Cut-out',
  policy: 'Policies (RandAugment, TrivialAugment, AutoAugment)',
};

export function StepCatalogue({ onPick, onClose }: { onPick: (opName: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Keyboard users land on the first op.
    ref.current?.querySelector('button')?.focus();
  }, []);
  const ops = listOps();
  return (
    <div
      ref={ref}
      className="catalogue"
      role="dialog"
      aria-label="Step catalogue"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      {CATEGORIES.map((category) => (
        <section key={category} aria-label={CATEGORY_NAMES[category]}>
          <h3>{CATEGORY_NAMES[category]}</h3>
          <ul>
            {ops
              .filter((op) => op.category === category)
              .map((op) => (
                <li key={op.name}>
                  <button type="button" onClick={() => onPick(op.name)} aria-describedby={`op-desc-${op.name}`}>
                    {op.label}
                  </button>
                  <span id={`op-desc-${op.name}`} className="muted">{op.description}</span>
                </li>
              ))}
          </ul>
        </section>
      ))}
      <button type="button" onClick={onClose}>Close catalogue</button>
    </div>
  );
}

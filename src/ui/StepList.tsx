// The pipeline's steps, read-only for now: op, stage and probability.
import { useAppStore } from '../store/index.js';

export function StepList() {
  const steps = useAppStore((state) => state.pipeline.steps);
  return (
    <ol className="step-list" aria-label="Pipeline steps">
      {steps.map((step, i) => (
        <li key={i} className={step.enabled ? undefined : 'step-disabled'}>
          <span className="step-op">{step.op}</span>
          <span className="step-stage">{step.stage}</span>
          <span className="step-p">p = {step.p}</span>
        </li>
      ))}
    </ol>
  );
}

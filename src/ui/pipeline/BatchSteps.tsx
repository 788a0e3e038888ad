// The pipeline's batch steps (mixUp, cutMix): run on each training batch after its samples went
// through the steps above; the labels become soft targets.
import { BATCH_OP_INFO, BATCH_OPS } from '../../pipeline/batchMix.js';
import './groups.css';
import { appStore, useAppStore } from '../../store/index.js';
import { setBatchStep } from '../../store/batchEdits.js';
import { mixedPairPreview } from '../../store/mixPreview.js';
import { useMemo } from 'react';
import { ImageCanvas } from '../ImageCanvas.js';

/** The selected sample mixed with a sample of another class, as a training batch would mix them. */
function MixedPair() {
  const pipeline = useAppStore((s) => s.pipeline);
  const dataset = useAppStore((s) => s.dataset);
  const previewSample = useAppStore((s) => s.previewSample);
  const sample = useAppStore((s) => s.sample);
  const pair = useMemo(() => mixedPairPreview({ pipeline, dataset, previewSample, sample }), [pipeline, dataset, previewSample, sample]);
  if (!pair) return null;
  const label = pair.labels.map((l) => `${Math.round(l.weight * 100)}% ${l.name}`).join(', ');
  return (
    <figure className="mixed-pair" aria-label="Mixed pair">
      <ImageCanvas image={{ width: pair.width, height: pair.height, data: pair.rgba }} label={`Mixed pair: ${label}`} displaySizePx={96} />
      <figcaption>
        {pair.op === 'mixUp' ? 'MixUp' : 'CutMix'} of the selected sample with {pair.partner}: label weights {label}
      </figcaption>
    </figure>
  );
}

export function BatchSteps() {
  const batch = useAppStore((s) => s.pipeline.batch);
  const edit = appStore.getState().editPipeline;
  return (
    <fieldset className="batch-steps" role="group" aria-label="Batch steps">
      <legend>Batch steps (training batches; labels become soft targets)</legend>
      {BATCH_OPS.map((op) => {
        const info = BATCH_OP_INFO[op];
        const step = batch?.find((s) => s.op === op);
        return (
          <div key={op} className="batch-step" role="group" aria-label={info.label}>
            <label title={info.description}>
              <input type="checkbox" aria-label={info.label} checked={step !== undefined} onChange={(e) => edit((p) => setBatchStep(p, op, e.target.checked ? {} : null))} /> {info.label}
            </label>
            {step && (
              <>
                <label>
                  alpha{' '}
                  <input
                    type="number"
                    aria-label={`${info.label} alpha`}
                    min={0.05}
                    max={100}
                    step={0.05}
                    value={step.alpha}
                    onChange={(e) => {
                      const alpha = Number(e.target.value);
                      if (alpha > 0) edit((p) => setBatchStep(p, op, { alpha }));
                    }}
                  />
                </label>
                <label>
                  probability{' '}
                  <input type="range" aria-label={`${info.label} probability`} min={0} max={1} step={0.05} value={step.p} onChange={(e) => edit((p) => setBatchStep(p, op, { p: Number(e.target.value) }))} />
                  <output>{Math.round(step.p * 100)}%</output>
                </label>
              </>
            )}
            <span className="step-description">{info.description}</span>
          </div>
        );
      })}
      <MixedPair />
    </fieldset>
  );
}

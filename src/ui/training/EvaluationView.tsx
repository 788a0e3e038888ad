// Where the model is wrong: the confusion matrix as a heat map (counts or normalised per true
// class), precision and recall per class, and the validation samples it gets most wrong.
import { useMemo, useState } from 'react';
import { useAppStore, type ModelInfo } from '../../store/index.js';
import type { WrongSample } from '../../train/types.js';
import { wrongSampleImage } from '../display.js';
import { ImageCanvas } from '../ImageCanvas.js';

const GALLERY_SIZE_PX = 72;

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Heat-map colour for a share in [0, 1]: transparent to the accent colour. */
function heat(share: number): string {
  return `rgba(47, 111, 222, ${(0.08 + 0.82 * share).toFixed(3)})`;
}

function WrongTile({ sample, info }: { sample: WrongSample; info: ModelInfo }) {
  const image = useMemo(() => wrongSampleImage(sample, info), [sample, info]);
  const truth = info.classes[sample.trueClass] ?? String(sample.trueClass);
  const predicted = info.classes[sample.predictedClass] ?? String(sample.predictedClass);
  return (
    <li className="wrong-tile">
      <ImageCanvas image={image} label={`Sample ${sample.sampleIndex}: ${truth}, predicted ${predicted}`} displaySizePx={GALLERY_SIZE_PX} />
      <span>
        {truth} → <strong>{predicted}</strong>
      </span>
      <span className="muted">p({truth}) {percent(sample.trueProbability)}</span>
    </li>
  );
}

export function EvaluationView() {
  const evaluation = useAppStore((s) => s.training.evaluation);
  const info = useAppStore((s) => s.training.model);
  const shares = useAppStore((s) => s.training.confusionShares);
  const [normalised, setNormalised] = useState(false);
  if (!evaluation || !info) return null;
  const classes = info.classes;

  return (
    <section aria-label="Evaluation" className="training-evaluation">
      <h3>
        Evaluation after epoch {evaluation.epoch + 1}: {percent(evaluation.accuracy)} of {evaluation.samples} validation samples right, loss {evaluation.loss.toFixed(3)}
      </h3>
      <label>
        <input type="checkbox" checked={normalised} onChange={(e) => setNormalised(e.currentTarget.checked)} />
        Normalised (share of each true class)
      </label>
      <div className="table-scroll">
      <table aria-label="Confusion matrix" className="confusion-matrix">
        <thead>
          <tr>
            <th scope="col">true ↓ / predicted →</th>
            {classes.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {evaluation.confusion.map((row, t) => (
            <tr key={classes[t] ?? t}>
              <th scope="row">{classes[t]}</th>
              {row.map((count, p) => (
                <td key={p} style={{ background: heat(shares[t]![p]!) }} className={t === p ? 'diagonal' : undefined}>
                  {normalised ? percent(shares[t]![p]!) : count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      </div>

      <table aria-label="Per-class precision and recall" className="data-table">
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col">precision</th>
            <th scope="col">recall</th>
            <th scope="col">samples</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.perClass.map((m, k) => (
            <tr key={classes[k] ?? k}>
              <th scope="row">{classes[k]}</th>
              <td>{percent(m.precision)}</td>
              <td>{percent(m.recall)}</td>
              <td>{m.support}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h4>Most wrong validation samples</h4>
      {evaluation.mostWrong.length === 0 ? (
        <p className="muted">None wrong.</p>
      ) : (
        <ul className="wrong-gallery" aria-label="Most wrong validation samples">
          {evaluation.mostWrong.map((sample) => (
            <WrongTile key={sample.sampleIndex} sample={sample} info={info} />
          ))}
        </ul>
      )}
    </section>
  );
}

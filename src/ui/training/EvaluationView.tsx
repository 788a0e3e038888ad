// Where the model is wrong: the confusion matrix as a heat map (counts or normalised per true
// class), precision and recall per class, and the validation samples it gets most wrong. Up to
// MATRIX_FITS_CLASSES classes the matrix fits the region: column names turn on their side, long
// names are cut with the full name as a tooltip (the header's text stays whole for assistive tech).
import { useMemo, useState } from 'react';
import { useAppStore, type ModelInfo } from '../../store/index.js';
import type { WrongSample } from '../../train/types.js';
import { wrongSampleImage } from '../display.js';
import { ImageCanvas } from '../ImageCanvas.js';

const GALLERY_SIZE_PX = 72;

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Class counts up to which the matrix fits the Results region at 1280 px; above, it scrolls sideways and says so. */
export const MATRIX_FITS_CLASSES = 20;
/** Above this many classes, or with names longer than ROTATE_NAME_CHARS, the column names are drawn on their side. */
const ROTATE_ABOVE_CLASSES = 6;
const ROTATE_NAME_CHARS = 8;
/** Above this many classes, normalised cells show whole percents, so columns stay narrow. */
const COMPACT_ABOVE_CLASSES = 10;

/**
 * Heat-map cell for a share in [0, 1]: a blue over the panel, light to strong. The opacity jumps
 * from 0.66 to 0.8 where the text turns white, so every cell's text keeps 4.5:1 contrast on the
 * light and dark panels (axe checks it in the e2e run).
 */
const HEAT_RGB = '29, 79, 168';
const HEAT_HIGH_SHARE = 0.6;
function heat(share: number): { background: string; high: boolean } {
  const high = share > HEAT_HIGH_SHARE;
  const alpha = high ? 0.8 + (share - HEAT_HIGH_SHARE) * 0.25 : 0.06 + share;
  return { background: `rgba(${HEAT_RGB}, ${alpha.toFixed(3)})`, high };
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
  const rotate = classes.length > ROTATE_ABOVE_CLASSES || classes.some((name) => name.length > ROTATE_NAME_CHARS);
  const compact = classes.length > COMPACT_ABOVE_CLASSES;
  const cell = (share: number, count: number) => (normalised ? (compact ? `${Math.round(share * 100)}%` : percent(share)) : count);

  return (
    <section aria-label="Evaluation" className="training-evaluation">
      <h3>
        Evaluation after epoch {evaluation.epoch + 1}: {percent(evaluation.accuracy)} of {evaluation.samples} validation samples right, loss {evaluation.loss.toFixed(3)}
      </h3>
      <label>
        <input type="checkbox" checked={normalised} onChange={(e) => setNormalised(e.currentTarget.checked)} />
        Normalised (share of each true class)
      </label>
      {classes.length > MATRIX_FITS_CLASSES ? (
        <p className="muted">{classes.length} classes: the matrix scrolls sideways.</p>
      ) : null}
      <div className="evaluation-tables">
        <div className="table-scroll" data-scrolls={classes.length > MATRIX_FITS_CLASSES ? 'sideways' : undefined}>
          <table aria-label="Confusion matrix" className={`confusion-matrix${rotate ? ' confusion-rotated' : ''}${compact ? ' confusion-compact' : ''}`}>
            <thead>
              <tr>
                <th scope="col" className="confusion-corner">
                  true ↓ / predicted →
                </th>
                {classes.map((name) => (
                  <th key={name} scope="col" title={name}>
                    <span className="class-name">{name}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {evaluation.confusion.map((row, t) => (
                <tr key={classes[t] ?? t}>
                  <th scope="row" title={classes[t]}>
                    <span className="class-name">{classes[t]}</span>
                  </th>
                  {row.map((count, p) => {
                    const { background, high } = heat(shares[t]![p]!);
                    return (
                      <td key={p} style={{ background }} className={[t === p ? 'diagonal' : '', high ? 'heat-high' : ''].join(' ').trim() || undefined}>
                        {cell(shares[t]![p]!, count)}
                      </td>
                    );
                  })}
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
      </div>

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

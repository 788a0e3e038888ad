// A series run's validation results: the confusion matrix table, per-class precision and recall,
// and the most-wrong validation series as plots.
import type { SeriesDataset } from '../../data/series/dataset.js';
import type { Evaluation } from '../../train/types.js';
import { SeriesPlot } from './SeriesPlot.js';

export function SeriesEvaluation({ evaluation, classes, dataset }: { evaluation: Evaluation; classes: readonly string[]; dataset: SeriesDataset | null }) {
  const channels = dataset?.channels;
  return (
    <>
      <table className="confusion">
        <caption>Confusion matrix</caption>
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {classes.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {evaluation.confusion.map((row, t) => (
            <tr key={t}>
              <th scope="row">{classes[t]}</th>
              {row.map((n, p) => (
                <td key={p}>{n}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Per class</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">Validation series</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.perClass.map((m, c) => (
            <tr key={c}>
              <td>{classes[c]}</td>
              <td>{(m.precision * 100).toFixed(1)}%</td>
              <td>{(m.recall * 100).toFixed(1)}%</td>
              <td>{m.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {channels && evaluation.mostWrong.length > 0 && (
        <div className="series-grid" aria-label="Most wrong">
          {evaluation.mostWrong.slice(0, 6).map((w) => (
            <SeriesPlot
              key={w.sampleIndex}
              series={{ length: w.x.length / channels, channels, data: w.x }}
              label={`${dataset?.names[w.sampleIndex] ?? w.sampleIndex}: ${classes[w.trueClass]} taken for ${classes[w.predictedClass]}`}
            />
          ))}
        </div>
      )}
    </>
  );
}

// The Results area of the Training region, at full width: the one-line summary, the charts side by
// side and the evaluation, or, before there are any, a few lines on what will appear and how.
import { useAppStore } from '../../store/index.js';
import { SegmentationResults } from '../segmentation/SegmentationResults.js';
import { EvaluationView } from './EvaluationView.js';
import { resultsSummary } from './resultsSummary.js';
import { TrainingCharts } from './TrainingCharts.js';

export function TrainingResults() {
  const epochs = useAppStore((s) => s.training.epochs);
  const backend = useAppStore((s) => (s.backend.status === 'ready' ? s.backend.name : undefined));
  const hasEvaluation = useAppStore((s) => s.training.evaluation !== null && s.training.model !== null);
  const line = resultsSummary(epochs, backend);
  return (
    <section aria-label="Results" className="training-results">
      <h3>Results</h3>
      {line ? (
        <p className="results-summary" aria-label="Results summary">
          {line}
        </p>
      ) : null}
      <TrainingCharts />
      {hasEvaluation ? (
        <>
          <SegmentationResults />
          <EvaluationView />
        </>
      ) : (
        <p className="empty-state">
          <strong>After the first epoch</strong>: the confusion matrix (which classes the model mixes up), precision and recall per
          class, and the validation images it gets most wrong.
        </p>
      )}
    </section>
  );
}

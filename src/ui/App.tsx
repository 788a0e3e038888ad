// The page, laid out in the order of the work: data, then the pipeline beside its preview, then
// training with its results at full width. One column on narrow windows (app.css).
import { BackendStatus } from './BackendStatus.js';
import { DataPanel } from './data/DataPanel.js';
import { Preview } from './Preview.js';
import { PipelineEditor } from './pipeline/PipelineEditor.js';
import { TrainingPanel } from './training/TrainingPanel.js';
import { useAppStore } from '../store/index.js';
import { ModalitySelect } from './series/ModalitySelect.js';
import { SeriesDataPanel } from './series/SeriesDataPanel.js';
import { SeriesPipelineEditor } from './series/SeriesPipelineEditor.js';
import { SeriesPreview } from './series/SeriesPreview.js';
import { SeriesTrainingPanel } from './series/SeriesTrainingPanel.js';
import './series/series.css';

export function App() {
  // Each region follows the Modality select; the image panels stay mounted (hidden) so their state survives a switch.
  const series = useAppStore((s) => s.modality === 'series');
  return (
    <div className="app">
      <header className="app-header">
        <h1>augplay</h1>
        <ModalitySelect />
        <BackendStatus />
      </header>
      <main className="app-main">
        <section aria-label="Data" className="region region-data">
          <h2>
            <span className="region-step" aria-hidden="true">1</span>Data
          </h2>
          <div hidden={series}>
            <DataPanel />
          </div>
          {series && <SeriesDataPanel />}
        </section>
        <section aria-label="Pipeline" className="region region-pipeline">
          <h2>
            <span className="region-step" aria-hidden="true">2</span>Pipeline
          </h2>
          <div hidden={series}>
            <PipelineEditor />
          </div>
          {series && <SeriesPipelineEditor />}
        </section>
        <section aria-label="Preview" className="region region-preview">
          <h2>Preview</h2>
          <div hidden={series}>
            <Preview />
          </div>
          {series && <SeriesPreview />}
        </section>
        <section aria-label="Training" className="region region-training">
          <h2>
            <span className="region-step" aria-hidden="true">3</span>Training
          </h2>
          <div hidden={series}>
            <TrainingPanel />
          </div>
          {series && <SeriesTrainingPanel />}
        </section>
      </main>
    </div>
  );
}

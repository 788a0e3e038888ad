// The page, laid out in the order of the work: data, then the pipeline beside its preview, then
// training with its results at full width. One column on narrow windows (app.css).
import { BackendStatus } from './BackendStatus.js';
import { DataPanel } from './data/DataPanel.js';
import { Preview } from './Preview.js';
import { PipelineEditor } from './pipeline/PipelineEditor.js';
import { TrainingPanel } from './training/TrainingPanel.js';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>augplay</h1>
        <BackendStatus />
      </header>
      <main className="app-main">
        <section aria-label="Data" className="region region-data">
          <h2>
            <span className="region-step" aria-hidden="true">1</span>Data
          </h2>
          <DataPanel />
        </section>
        <section aria-label="Pipeline" className="region region-pipeline">
          <h2>
            <span className="region-step" aria-hidden="true">2</span>Pipeline
          </h2>
          <PipelineEditor />
        </section>
        <section aria-label="Preview" className="region region-preview">
          <h2>Preview</h2>
          <Preview />
        </section>
        <section aria-label="Training" className="region region-training">
          <h2>
            <span className="region-step" aria-hidden="true">3</span>Training
          </h2>
          <TrainingPanel />
        </section>
      </main>
    </div>
  );
}

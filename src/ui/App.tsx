// The page: data, pipeline, preview and training regions, with the backend status in the header.
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
          <h2>Data</h2>
          <DataPanel />
        </section>
        <section aria-label="Pipeline" className="region region-pipeline">
          <h2>Pipeline</h2>
          <PipelineEditor />
        </section>
        <section aria-label="Preview" className="region region-preview">
          <h2>Preview</h2>
          <Preview />
        </section>
        <section aria-label="Training" className="region region-training">
          <h2>Training</h2>
          <TrainingPanel />
        </section>
      </main>
    </div>
  );
}

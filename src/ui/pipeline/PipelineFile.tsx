// Export (download, copy) and import (file, pasted text) of the pipeline JSON, and its Hugging Face
// preprocessor_config.json (or why this pipeline has none).
import { useState } from 'react';
import { withTargets } from '../../pipeline/index.js';
import { appStore, errorMessage, useAppStore } from '../../store/index.js';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Revoke on the next task: the download has started by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function PipelineFile() {
  const pipeline = useAppStore((s) => s.pipeline);
  const importPipeline = useAppStore((s) => s.importPipeline);
  const [pasted, setPasted] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [hfRefusal, setHfRefusal] = useState<string | null>(null);
  const [hfNotes, setHfNotes] = useState<readonly string[]>([]);
  // Training for segmentation: the file says the pipeline was built for images and their masks.
  const segmentation = useAppStore((s) => s.training.settings.task === 'segmentation');
  const json = () => `${JSON.stringify(withTargets(pipeline, segmentation), null, 2)}\n`;

  return (
    <div className="pipeline-file">
      <div className="toolbar">
        <button type="button" onClick={() => download('pipeline.json', json())}>Export pipeline</button>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(json()).then(
              () => setStatus('Pipeline JSON copied.'),
              (e: unknown) => setStatus(`Could not copy (${errorMessage(e)}): use Export pipeline instead.`),
            )
          }
        >
          Copy pipeline JSON
        </button>
        <button
          type="button"
          onClick={() => {
            const result = appStore.getState().preprocessorConfig();
            if (!result.ok) {
              setHfRefusal(result.message);
              setHfNotes([]);
              return;
            }
            setHfRefusal(null);
            setHfNotes(result.notes);
            download(result.fileName, result.json);
            setStatus(`Saved ${result.fileName} (Hugging Face image processor).`);
          }}
        >
          Export Hugging Face config
        </button>
        <label className="file-button">
          Import pipeline
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Import pipeline"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              const error = importPipeline(await file.text());
              setStatus(error ? `${file.name} was not imported.` : `Imported ${file.name}.`);
            }}
          />
        </label>
      </div>
      <details>
        <summary>Paste pipeline JSON</summary>
        <textarea aria-label="Pipeline JSON" rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} />
        <button
          type="button"
          onClick={() => {
            const error = importPipeline(pasted);
            setStatus(error ? 'The pasted JSON was not imported.' : 'Imported the pasted pipeline.');
          }}
        >
          Import pasted JSON
        </button>
      </details>
      {status && <p role="status" aria-label="Pipeline file status" className="muted">{status}</p>}
      {hfRefusal && (
        <p role="alert" aria-label="Hugging Face export" className="error-box">
          {hfRefusal}
        </p>
      )}
      {hfNotes.length > 0 && (
        <details className="hf-notes">
          <summary>What may still differ in Hugging Face</summary>
          <ul>
            {hfNotes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

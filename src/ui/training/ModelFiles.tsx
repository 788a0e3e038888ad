// The pieces of a Training region both modalities show alike: "Export model" / "Import model" with
// the export's error, and the offer of an earlier visit's checkpoint. The panels pass their store's
// actions; the accessible names are the same in both.
import { useState } from 'react';
import { errorMessage } from '../../store/index.js';
import type { CheckpointInfo } from '../../train/sessionTypes.js';
import { saveFile } from './files.js';

export function ModelFileButtons(props: {
  canExport: boolean;
  busy: boolean;
  exportModel: () => Promise<{ fileName: string; bytes: Uint8Array }>;
  importModel: (bytes: Uint8Array, fileName: string) => unknown;
}) {
  const [exportError, setExportError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={!props.canExport || props.busy}
        onClick={() => {
          setExportError(null);
          props
            .exportModel()
            .then(({ fileName, bytes }) => saveFile(bytes, fileName, 'application/zip'))
            .catch((error: unknown) => setExportError(errorMessage(error)));
        }}
      >
        Export model
      </button>
      <label className="file-button">
        Import model
        <input
          type="file"
          accept=".zip,application/zip"
          disabled={props.busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void file.arrayBuffer().then((buffer) => props.importModel(new Uint8Array(buffer), file.name));
          }}
        />
      </label>
      {exportError ? (
        <p role="alert" className="error">
          {exportError}
        </p>
      ) : null}
    </>
  );
}

export function CheckpointOffer(props: { checkpoint: CheckpointInfo; label: string; onContinue: () => unknown; onDiscard: () => unknown }) {
  const { checkpoint } = props;
  return (
    <div className="training-checkpoint" role="group" aria-label={props.label}>
      <p>
        A checkpoint from {new Date(checkpoint.savedAt).toLocaleString()}: {checkpoint.preset} after {checkpoint.epochsDone} of {checkpoint.epochs} epochs on{' '}
        {checkpoint.dataDescription}.
      </p>
      <button type="button" onClick={() => void props.onContinue()}>
        Continue from checkpoint
      </button>
      <button type="button" onClick={() => void props.onDiscard()}>
        Discard checkpoint
      </button>
    </div>
  );
}

// The parts of a Data region both modalities share: the drop zone (files and folders dropped on
// it), the file and folder buttons (an input covering its label), and the import report table.
import { useState, type ReactNode, type InputHTMLAttributes } from 'react';
import type { ReportRow } from '../../data/importTypes.js';
import './data.css';

/** React has no typing for webkitdirectory; the attribute is what Chromium, Firefox and Safari read. */
const FOLDER_ATTRS = { webkitdirectory: '', directory: '' } as InputHTMLAttributes<HTMLInputElement>;

/** A region that takes dropped files and folders (their DataTransfer goes to `onDrop`), highlighted while something is dragged over it. */
export function DropZone({ onDrop, children }: { onDrop: (transfer: DataTransfer) => void; children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        onDrop(e.dataTransfer);
      }}
    >
      {children}
    </div>
  );
}

/** "Add …" as a button: a file input (or a folder's, with `folder`) labelled `label`; the same files can be picked again. */
export function FileButton({ label, accept, folder, disabled, onFiles }: { label: string; accept?: string; folder?: boolean; disabled: boolean; onFiles: (files: FileList) => void }) {
  return (
    <label className="data-file-button">
      {label}
      <input
        type="file"
        multiple
        {...(folder ? FOLDER_ATTRS : { accept })}
        disabled={disabled}
        onChange={(e) => {
          const input = e.currentTarget;
          if (input.files && input.files.length > 0) onFiles(input.files);
          input.value = ''; // so picking the same files again fires change again
        }}
      />
    </label>
  );
}

/** The table "Import report": one row per refused file or line and why. Nothing when all was imported. */
export function ImportReport({ rows, fileHeading = 'File', reasonHeading = 'Reason' }: { rows: readonly ReportRow[]; fileHeading?: string; reasonHeading?: string }) {
  if (rows.length === 0) return null;
  return (
    <table aria-label="Import report" className="data-table import-report">
      <thead>
        <tr>
          <th scope="col">{fileHeading}</th>
          <th scope="col">{reasonHeading}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            <td>{row.file}</td>
            <td>{row.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

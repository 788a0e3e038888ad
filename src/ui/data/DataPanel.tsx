// The Data region: what is loaded, controls to add files, folders and zips (or drop them), the
// import progress and report, class counts with the split, and the thumbnail grid.
import { useEffect } from 'react';
import { importDropped, importFileList, installBrowserDataServices } from '../../store/browserDataServices.js';
import { classTable } from '../../store/dataSlice.js';
import { appStore, useAppStore } from '../../store/index.js';
import { DropZone, FileButton, ImportReport } from './DataImport.js';
import { Thumbnails } from './Thumbnails.js';
import './data.css';

installBrowserDataServices();

/** Extensions offered by "Add images": the images we decode, zips, and CSV label files. */
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/bmp,.png,.jpg,.jpeg,.webp,.gif,.bmp,.zip,application/zip,.csv,text/csv';

export function DataPanel() {
  const dataset = useAppStore((s) => s.dataset);
  const previewSample = useAppStore((s) => s.previewSample);
  const selectPreviewSample = useAppStore((s) => s.selectPreviewSample);
  const split = useAppStore((s) => s.split);
  const status = useAppStore((s) => s.dataStatus);
  const error = useAppStore((s) => s.dataError);
  const progress = useAppStore((s) => s.importProgress);
  const report = useAppStore((s) => s.importReport);
  const summary = useAppStore((s) => s.importSummary);
  const sizePx = useAppStore((s) => s.workingSizePx);
  const sizeNote = useAppStore((s) => s.workingSizeNote);
  const fraction = useAppStore((s) => s.validationFraction);
  const splitSeed = useAppStore((s) => s.splitSeed);
  const poolSize = useAppStore((s) => s.poolSize);
  const pipelineKernels = useAppStore((s) => s.pipelineKernels);

  useEffect(() => {
    void appStore.getState().initData();
  }, []);

  const rows = classTable(dataset, split);
  const busy = status !== 'ready';

  return (
    <div className="data-panel">
      <div className="data-main">
        <p className="muted">
          {!dataset
            ? 'Loading the dataset…'
            : dataset.source === 'sample'
              ? `Built-in sample: synthetic shapes, ${dataset.labels.length} images at ${dataset.sizePx}x${dataset.sizePx}.`
              : `Your images: ${dataset.labels.length} at ${dataset.sizePx}x${dataset.sizePx}, saved in this browser.`}
        </p>

        <DropZone onDrop={(transfer) => void importDropped(transfer)}>
          <FileButton label="Add images" accept={ACCEPT} disabled={busy} onFiles={(files) => void importFileList(files)} />
          <FileButton label="Add folder" folder disabled={busy} onFiles={(files) => void importFileList(files)} />
          <span className="muted">or drop images, folders or a zip here. Sub-folders are classes; a CSV of filename,label labels loose files.</span>
        </DropZone>

        {progress && (
          <div className="import-progress">
            <progress aria-label="Import progress" max={Math.max(1, progress.total)} value={progress.done} />
            <span className="muted">
              {progress.done} / {progress.total}
            </span>
          </div>
        )}
        {error && (
          <p role="alert" className="data-error">
            {error}
          </p>
        )}
        {summary && <p role="status">{summary}</p>}

        <div className="data-settings">
          <label>
            Working size (px)
            <input
              type="number"
              min={8}
              max={512}
              step={8}
              defaultValue={sizePx}
              key={sizePx}
              disabled={busy}
              onBlur={(e) => void appStore.getState().setWorkingSize(Number(e.currentTarget.value))}
            />
          </label>
          {sizeNote && (
            <p className="muted" aria-label="Working size note">
              {sizeNote} Set another size to override.
            </p>
          )}
          <label>
            Validation fraction
            <input
              type="number"
              min={0}
              max={0.9}
              step={0.05}
              value={fraction}
              onChange={(e) => {
                const v = Number(e.currentTarget.value);
                if (v >= 0 && v < 1) appStore.getState().setValidationFraction(v);
              }}
            />
          </label>
          <label>
            Split seed
            <input
              type="number"
              min={0}
              max={4294967295}
              step={1}
              value={splitSeed}
              onChange={(e) => {
                const v = Number(e.currentTarget.value);
                if (e.currentTarget.value !== '' && Number.isInteger(v) && v >= 0 && v <= 4294967295) appStore.getState().setSplitSeed(v);
              }}
            />
          </label>
          <label>
            Workers
            <input type="number" min={1} max={16} value={poolSize} onChange={(e) => appStore.getState().setPoolSize(Number(e.currentTarget.value))} />
          </label>
          {pipelineKernels && (
            // Plain text, not an <output>: that is a live "status", and the panel's status is the import's.
            <span className="muted" title="What runs the augmentation steps in the workers">
              Kernels: {pipelineKernels}
            </span>
          )}
          <button type="button" disabled={busy} onClick={() => void appStore.getState().clearDataset()}>
            Clear dataset
          </button>
        </div>

        {dataset && (
          <table aria-label="Classes" className="data-table">
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col">Images</th>
                <th scope="col">Train</th>
                <th scope="col">Validation</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name}>
                  <th scope="row">{row.name}</th>
                  <td>{row.images}</td>
                  <td>{row.train}</td>
                  <td>{row.validation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <ImportReport rows={report} />
      </div>

      {dataset && <Thumbnails dataset={dataset} selected={previewSample} onSelect={selectPreviewSample} />}
    </div>
  );
}

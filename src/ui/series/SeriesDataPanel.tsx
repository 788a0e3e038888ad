// The Data region for time series: add files, folders or zips (or drop them), the working length
// and its rule, the missing-value rule, what is loaded per class, and the import report.
import { useState, type DragEvent, type InputHTMLAttributes } from 'react';
import { useAppStore } from '../../store/index.js';
import { importSeriesDropped, importSeriesFileList } from '../../store/seriesServices.js';

const ACCEPT = '.csv,.tsv,.txt,.zip,text/csv,text/tab-separated-values,text/plain,application/zip';
/** React has no typing for webkitdirectory; the attribute is what Chromium, Firefox and Safari read. */
const FOLDER_ATTRS = { webkitdirectory: '', directory: '' } as InputHTMLAttributes<HTMLInputElement>;

export function SeriesDataPanel() {
  const dataset = useAppStore((s) => s.seriesDataset);
  const report = useAppStore((s) => s.seriesReport);
  const importing = useAppStore((s) => s.seriesImporting);
  const length = useAppStore((s) => s.seriesLength);
  const rule = useAppStore((s) => s.seriesLengthRule);
  const missing = useAppStore((s) => s.seriesMissingRule);
  const setLength = useAppStore((s) => s.setSeriesLength);
  const setMissing = useAppStore((s) => s.setSeriesMissingRule);
  const loadSample = useAppStore((s) => s.loadSeriesSample);
  const clear = useAppStore((s) => s.clearSeries);
  const [lengthText, setLengthText] = useState(String(length));
  const [dragging, setDragging] = useState(false);

  const onFiles = (files: FileList | null, input: HTMLInputElement) => {
    if (files && files.length) void importSeriesFileList(files);
    input.value = '';
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    void importSeriesDropped(event.dataTransfer);
  };
  const counts = dataset ? dataset.classes.map((name, c) => [name, dataset.labels.filter((l) => l === c).length] as const) : [];

  return (
    <div className="series-data">
      <p className="muted">
        {dataset ? `${dataset.labels.length} series, ${dataset.channels} channel${dataset.channels > 1 ? 's' : ''}, at ${dataset.length} steps (${dataset.lengthRule === 'resample' ? 'resampled' : 'cropped or zero-padded at the end'}), saved in this browser.` : 'No time series loaded.'}
      </p>
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label className="data-file-button">
          Add time series
          <input type="file" multiple accept={ACCEPT} disabled={importing} onChange={(e) => onFiles(e.currentTarget.files, e.currentTarget)} />
        </label>
        <label className="data-file-button">
          Add time-series folder
          <input type="file" multiple {...FOLDER_ATTRS} disabled={importing} onChange={(e) => onFiles(e.currentTarget.files, e.currentTarget)} />
        </label>
        <span className="muted">UCR/UEA text (label, then values), a CSV with a header (a label column, one column per step), or a folder or zip of one CSV per sample (rows are steps, columns channels; sub-folders are classes).</span>
      </div>
      <div className="series-settings">
        <label>
          Working length{' '}
          <input type="number" min={2} max={4096} step={1} value={lengthText} onChange={(e) => setLengthText(e.currentTarget.value)} onBlur={() => setLength(Number(lengthText), rule)} />
        </label>
        <label>
          Length rule{' '}
          <select value={rule} onChange={(e) => setLength(Number(lengthText), e.currentTarget.value === 'cropOrPad' ? 'cropOrPad' : 'resample')}>
            <option value="resample">Resample (stretch)</option>
            <option value="cropOrPad">Crop or pad with zeros</option>
          </select>
        </label>
        <label>
          Missing values{' '}
          <select value={missing} onChange={(e) => setMissing(e.currentTarget.value === 'refuse' ? 'refuse' : 'interpolate')}>
            <option value="interpolate">Fill by interpolation</option>
            <option value="refuse">Refuse the row</option>
          </select>
        </label>
        <button type="button" onClick={() => void loadSample()}>
          Use the gesture sample
        </button>
        <button type="button" disabled={!dataset} onClick={() => void clear()}>
          Clear time series
        </button>
      </div>
      {counts.length > 0 && (
        <table className="class-table">
          <caption>Classes</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Series</th>
            </tr>
          </thead>
          <tbody>
            {counts.map(([name, n]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.length > 0 && (
        <table className="import-report">
          <caption>Import report</caption>
          <thead>
            <tr>
              <th scope="col">File and line</th>
              <th scope="col">Why it was left out</th>
            </tr>
          </thead>
          <tbody>
            {report.map((row, i) => (
              <tr key={i}>
                <td>{row.file}</td>
                <td>{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

// The Data region for time series: add files, folders or zips (or drop them), the working length
// and its rule, the missing-value rule, what is loaded per class, the import report, and the series
// as small plots (clicking one previews it, as a thumbnail does for images).
import { memo, useState } from 'react';
import type { SeriesDataset } from '../../data/series/dataset.js';
import { useAppStore } from '../../store/index.js';
import { importSeriesDropped, importSeriesFileList } from '../../store/seriesServices.js';
import { DropZone, FileButton, ImportReport } from '../data/DataImport.js';
import { ThumbGrid } from '../data/Thumbnails.js';
import { SeriesPlot } from './SeriesPlot.js';

const ACCEPT = '.csv,.tsv,.txt,.zip,text/csv,text/tab-separated-values,text/plain,application/zip';

/** Series `index` as a small plot named like an image thumbnail: "name (class)". */
const SeriesThumb = memo(function SeriesThumb({ dataset, index }: { dataset: SeriesDataset; index: number }) {
  const n = dataset.length * dataset.channels;
  const series = { length: dataset.length, channels: dataset.channels, data: dataset.values.subarray(index * n, (index + 1) * n) };
  const name = `${dataset.names[index]} (${dataset.classes[dataset.labels[index]!] ?? '?'})`;
  return <SeriesPlot series={series} label={name} title={name} className="thumb series-thumb" />;
});

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
  const previewIndex = useAppStore((s) => s.seriesPreviewIndex);
  const selectPreview = useAppStore((s) => s.selectSeriesPreview);
  const [lengthText, setLengthText] = useState(String(length));
  const counts = dataset ? dataset.classes.map((name, c) => [name, dataset.labels.filter((l) => l === c).length] as const) : [];

  return (
    <div className="data-panel">
    <div className="data-main series-data">
      <p className="muted">
        {dataset ? `${dataset.labels.length} series, ${dataset.channels} channel${dataset.channels > 1 ? 's' : ''}, at ${dataset.length} steps (${dataset.lengthRule === 'resample' ? 'resampled' : 'cropped or zero-padded at the end'}), saved in this browser.` : importing ? 'Loading time series…' : 'No time series loaded.'}
      </p>
      <DropZone onDrop={(transfer) => void importSeriesDropped(transfer)}>
        <FileButton label="Add time series" accept={ACCEPT} disabled={importing} onFiles={(files) => void importSeriesFileList(files)} />
        <FileButton label="Add time-series folder" folder disabled={importing} onFiles={(files) => void importSeriesFileList(files)} />
        <span className="muted">UCR/UEA text (label, then values), a CSV with a header (a label column, one column per step), or a folder or zip of one CSV per sample (rows are steps, columns channels; sub-folders are classes).</span>
      </DropZone>
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
      <ImportReport rows={report} fileHeading="File and line" reasonHeading="Why it was left out" />
    </div>
    {dataset && (
      <ThumbGrid
        count={dataset.labels.length}
        noun="series"
        nameOf={(index) => dataset.names[index] ?? String(index)}
        selected={previewIndex}
        onSelect={selectPreview}
        cell={(index) => <SeriesThumb dataset={dataset} index={index} />}
      />
    )}
    </div>
  );
}

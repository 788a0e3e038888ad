// Segmentation results after each epoch: the "Per-class IoU" table (with mean IoU and pixel
// accuracy) and a gallery of validation predictions, worst first: image, true mask, predicted mask.
import { useMemo } from 'react';
import { useAppStore } from '../../store/index.js';
import { ImageCanvas } from '../ImageCanvas.js';
import { formatIou, segmentationTriplet } from './overlays.js';
import './segmentation.css';

export function SegmentationResults() {
  const evaluation = useAppStore((s) => s.training.evaluation);
  const info = useAppStore((s) => s.training.model);
  const colours = useAppStore((s) => s.dataset?.segmentation?.colours);
  const seg = evaluation?.segmentation;
  const gallery = useMemo(() => (seg && info ? seg.worst.map((w) => ({ w, ...segmentationTriplet(w, info, colours) })) : []), [seg, info, colours]);
  if (!seg || !info) return null;
  return (
    <div className="segmentation-results">
      <table aria-label="Per-class IoU" className="data-table">
        <caption>Per-class IoU (validation pixels)</caption>
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col">IoU</th>
          </tr>
        </thead>
        <tbody>
          {seg.iou.map((iou, k) => (
            <tr key={k}>
              <th scope="row">{info.classes[k] ?? `class ${k}`}</th>
              <td>{formatIou(iou)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">mean IoU</th>
            <td>{formatIou(seg.meanIou)}</td>
          </tr>
          <tr>
            <th scope="row">pixel accuracy</th>
            <td>{formatIou(seg.pixelAccuracy)}</td>
          </tr>
        </tfoot>
      </table>
      <h4>Validation predictions, worst first</h4>
      <ul className="segmentation-gallery" aria-label="Validation predictions, worst first">
        {gallery.map(({ w, image, truth, predicted }) => (
          <li key={w.sampleIndex}>
            <ImageCanvas image={image} label={`Sample ${w.sampleIndex}`} displaySizePx={96} />
            <ImageCanvas image={truth} label={`Sample ${w.sampleIndex}, true mask`} displaySizePx={96} />
            <ImageCanvas image={predicted} label={`Sample ${w.sampleIndex}, predicted mask`} displaySizePx={96} />
            <span className="muted">{formatIou(w.pixelAccuracy)} of pixels right</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

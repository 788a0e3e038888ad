// The "Modality" select: Images or Time series. Data, Pipeline, Preview and Training follow it;
// each modality keeps its own dataset and pipeline.
import { useAppStore } from '../../store/index.js';

export function ModalitySelect() {
  const modality = useAppStore((s) => s.modality);
  const setModality = useAppStore((s) => s.setModality);
  return (
    <label className="modality-select">
      Modality{' '}
      <select value={modality} onChange={(e) => setModality(e.currentTarget.value === 'series' ? 'series' : 'image')}>
        <option value="image">Images</option>
        <option value="series">Time series</option>
      </select>
    </label>
  );
}

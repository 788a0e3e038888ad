// Which tfjs backend runs, on what device, and why the others did not.
import { useAppStore } from '../store/index.js';

export function BackendStatus() {
  const backend = useAppStore((state) => state.backend);
  const text =
    backend.status === 'detecting' ? 'Backend: detecting…' : backend.status === 'ready' ? `Backend: ${backend.name ?? 'unknown'}` : 'Backend: none';
  return (
    <div className="backend-status" role="status" aria-label="Backend status">
      <span className={`backend-name backend-${backend.status}`}>{text}</span>
      {backend.adapter ? <span className="backend-adapter">{backend.adapter}</span> : null}
      {backend.measured ? (
        <span className="backend-measured" aria-label="Measured backends">
          {backend.measured.header}. {backend.measured.reason}
          {backend.measured.fromCache ? ' (measured earlier)' : ''}.
        </span>
      ) : null}
      {backend.error ? <span className="backend-error">{backend.error}</span> : null}
      {backend.skipped.length > 0 ? (
        <ul className="backend-skipped" aria-label="Skipped backends">
          {backend.skipped.map((skip) => (
            <li key={skip.name}>
              <span className="skipped-name">{skip.name}</span>: {skip.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

// What a circuit breaker did to a send, under the request line of the response: let it through,
// rejected it while open, or answered its fallback instead.
import type { BreakerVerdict } from '../../../shared/breaker';
import { useAppStore } from '../../store/store-context';

export function verdictText(verdict: BreakerVerdict): string {
  switch (verdict.result) {
    case 'rejected':
      return `Rejected by breaker ${verdict.name} (${verdict.state})`;
    case 'fallback':
      return `Fallback from breaker ${verdict.name} (${verdict.state})`;
    case 'passed':
      return `Through breaker ${verdict.name} (${verdict.state})`;
  }
}

export function BreakerVerdictLine({ verdict }: { verdict: BreakerVerdict }) {
  const showView = useAppStore((s) => s.showView);
  const exists = useAppStore((s) => s.breakers.some((b) => b.breakerId === verdict.breakerId));
  return (
    <p className={`breaker-verdict breaker-verdict--${verdict.result} breaker-verdict--${verdict.state}`} aria-label="Breaker verdict">
      <span className="breaker-verdict__dot" aria-hidden="true" />
      <span className="ellipsis">{verdictText(verdict)}</span>
      {exists && (
        <button type="button" className="breaker-verdict__link" onClick={() => showView({ kind: 'breaker', id: verdict.breakerId })}>
          Show breaker
        </button>
      )}
    </p>
  );
}

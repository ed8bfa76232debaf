// A request's assertions after it ran, held or failed, each with its message: in a collection
// run's result and in a saga step's details.
import type { AssertionResult } from '../../../shared/collection';
import { CheckIcon, CloseIcon } from '../../ui/icons';

export function AssertionList({ assertions, label }: { assertions: readonly AssertionResult[]; label: string }) {
  return (
    <ul className="run-assertions" aria-label={label}>
      {assertions.map((assertion, index) => (
        <li key={index} className={`run-assertion run-assertion--${assertion.passed ? 'passed' : 'failed'}`}>
          {assertion.passed ? <CheckIcon size={14} /> : <CloseIcon size={14} />}
          <span className="visually-hidden">{assertion.passed ? 'Held:' : 'Failed:'}</span>
          <span className="mono">{assertion.label}</span>
          {assertion.message && <span className="run-assertion__message">{assertion.message}</span>}
        </li>
      ))}
    </ul>
  );
}

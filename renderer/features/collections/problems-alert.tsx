// A failure caused by files that did not read (a collection run, a saga): its message and, under
// it, each problem where it is (path:line:column).
import type { FileProblem } from '../../../shared/collection';
import { problemPlace } from '../../store/collections/collection-tree';
import { WarningIcon } from '../../ui/icons';

export function ProblemsAlert({ message, problems, className }: { message: string; problems: readonly FileProblem[]; className: string }) {
  return (
    <div className={`view__error ${className}`} role="alert">
      <WarningIcon />
      <div>
        <p>{message}</p>
        {problems.length > 0 && (
          <ul className="run-view__problems" aria-label="Problems">
            {problems.map((problem) => (
              <li key={`${problem.path}:${problem.line}:${problem.column}:${problem.message}`}>
                <span className="mono">{problemPlace(problem)}</span>: {problem.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

// A replayed step's reply against its recording (shared/json-diff.ts): one row per difference,
// recorded on the left, actual on the right, coloured by kind. Values are shown as compact JSON
// text nodes (never HTML), cut short when long; the full value is in the cell's title.
import type { JsonDiff, JsonDifference } from '../../../shared/json-diff';
import '../../styles/saga-replay.css';
import { TableHead } from '../../ui/table-head';

/** Past this many characters a value is cut in the table; hovering shows it whole. */
const MAX_VALUE_CHARS = 160;

const kindLabels: Record<JsonDifference['kind'], string> = { changed: 'Changed', added: 'Added', removed: 'Removed' };

export function StepDiff({ diff, label = 'Differences from the recording' }: { diff: JsonDiff; label?: string }) {
  if (diff.equal) {
    return (
      <p className="step-diff__same" role="status" aria-label={label}>
        <span className="step-diff__same-mark" aria-hidden="true">=</span> Same as recorded
      </p>
    );
  }
  const count = diff.differences.length + (diff.omitted ?? 0);
  return (
    <div className="step-diff">
      <table className="step-diff__table" aria-label={label}>
        <caption className="step-diff__caption">
          {count} {count === 1 ? 'difference' : 'differences'} from the recording
        </caption>
        <TableHead columns={['Path', 'Recorded', 'Actual']} />
        <tbody>
          {diff.differences.map((difference) => (
            <tr key={`${difference.kind}:${difference.path}`} className={`step-diff__row step-diff__row--${difference.kind}`}>
              <th scope="row" className="step-diff__path mono" title={kindLabels[difference.kind]}>
                <span className="step-diff__kind" aria-label={kindLabels[difference.kind]}>
                  {difference.kind === 'added' ? '+' : difference.kind === 'removed' ? '−' : '≠'}
                </span>
                {difference.path === '' ? <em>whole reply</em> : difference.path}
              </th>
              <ValueCell value={difference.recorded} present={difference.kind !== 'added'} side="recorded" />
              <ValueCell value={difference.actual} present={difference.kind !== 'removed'} side="actual" />
            </tr>
          ))}
        </tbody>
      </table>
      {diff.omitted !== undefined && (
        <p className="step-diff__omitted">
          and {diff.omitted} more not listed
        </p>
      )}
    </div>
  );
}

function ValueCell({ value, present, side }: { value: unknown; present: boolean; side: 'recorded' | 'actual' }) {
  if (!present) return <td className={`step-diff__value step-diff__value--${side} step-diff__value--absent`}>absent</td>;
  const text = compactJson(value);
  const short = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
  return (
    <td className={`step-diff__value step-diff__value--${side} mono`} title={short === text ? undefined : text}>
      {short}
    </td>
  );
}

function compactJson(value: unknown): string {
  return (JSON.stringify(value) as string | undefined) ?? 'undefined';
}

// A transport's short name as a tag, with the full name as its tooltip.
import type { TransportKind } from '../../../shared/connection';
import { transportLabels, transportShortLabels } from './connection-form-model';

export function TransportTag({ kind }: { kind: TransportKind }) {
  return (
    <span className="transport-tag" title={`Transport: ${transportLabels[kind]}`}>
      {transportShortLabels[kind]}
    </span>
  );
}

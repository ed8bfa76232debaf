// Transport notices (replies no request waited for, and their running count) as traffic entries
// of their connection: a flood costs a few entries, never one per reply.
import type { Connection } from '../connections/registry';
import type { TransportNotice } from '../transports/transport';
import type { RecordTraffic } from './messenger';

/** The pattern column of notice entries: they belong to no request, so to no pattern. */
export const UNEXPECTED_REPLY_PATTERN = '(unexpected reply)';

export function recordTransportNotice(record: RecordTraffic, connection: Connection, notice: TransportNotice): void {
  switch (notice.kind) {
    case 'unexpected-reply':
      record(
        connection,
        UNEXPECTED_REPLY_PATTERN,
        { kind: 'reply', direction: 'in', sizeBytes: notice.sizeBytes, meta: { unexpected: true }, ...(notice.correlationId !== undefined ? { correlationId: notice.correlationId } : {}) },
        notice.body,
      );
      return;
    case 'summary':
      record(connection, UNEXPECTED_REPLY_PATTERN, { kind: 'failure', direction: 'local', sizeBytes: 0, failureCode: notice.failureCode }, notice.message);
      return;
  }
}

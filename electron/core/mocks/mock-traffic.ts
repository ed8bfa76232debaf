// The traffic recorder for mocks: like messenger's `createTrafficRecorder`, but the entry's source
// is a mock (connectionId = mock id, connectionName = mock name, origin 'mock').
import type { TransportKind } from '../../../shared/connection';
import type { Clock, TrafficFields } from '../messaging/messenger';
import { bodyText } from '../traffic/body-text';
import type { TrafficLog } from '../traffic/traffic-log';

export type MockSource = { id: string; name: string; transport: TransportKind };

/** Appends one entry for a mock to the traffic log; the log previews its body. */
export type RecordMockTraffic = (mock: MockSource, pattern: string, fields: TrafficFields, body: unknown) => void;

export function createMockTrafficRecorder(traffic: TrafficLog, clock: Pick<Clock, 'now'>): RecordMockTraffic {
  return (mock, pattern, fields, body) => {
    traffic.append({ connectionId: mock.id, connectionName: mock.name, transport: mock.transport, origin: 'mock', pattern, at: clock.now(), ...fields }, bodyText(body, fields.encoding));
  };
}

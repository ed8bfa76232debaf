import { describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../shared/contract';
import type { ConnectionInfo } from '../../shared/connection';
import { fail, ok } from '../../shared/result';
import type { TrafficEntry } from '../../shared/traffic';
import { connectStoreToEngine, createAppStore } from './app-store';
import { checkRequest } from './composer-slice';
import { createFakeRpc } from './fake-rpc';
import { MAX_TRAFFIC_ENTRIES_IN_UI, mergeBySeq } from './traffic-slice';

const connection = (id: string, state: ConnectionInfo['state'] = 'ready'): ConnectionInfo => ({
  id,
  name: `service-${id}`,
  target: { kind: 'tcp', host: '127.0.0.1', port: 3000 },
  options: { connectTimeoutMs: 5000, requestTimeoutMs: 10000 },
  state,
});

const entry = (seq: number): TrafficEntry => ({
  seq,
  kind: 'request',
  direction: 'out',
  connectionId: 'a',
  connectionName: 'service-a',
  transport: 'tcp',
  pattern: '{"cmd":"sum"}',
  at: 0,
  bodyPreview: '[]',
  bodyTruncated: false,
  sizeBytes: 10,
});

const outcome: SendOutcome = { correlationId: 'c1', status: 'ok', values: [6], totalMs: 3, replyBytes: 20, requestBytes: 30 };

describe('connections', () => {
  it('loads the list, selects the first, and follows state events', async () => {
    const { rpc, emit } = createFakeRpc((command) => (command === 'connection.list' ? ok([connection('a', 'connecting')]) : ok({ entries: [], lastSeq: 0, evictedCount: 0 })));
    const store = createAppStore(rpc);
    await connectStoreToEngine(store, rpc).sync();
    expect(store.getState().selectedConnectionId).toBe('a');

    emit('connection.stateChanged', connection('a', 'ready'));
    expect(store.getState().connections.map((c) => c.state)).toEqual(['ready']);

    emit('connection.removed', { connectionId: 'a' });
    expect(store.getState().connections).toEqual([]);
    expect(store.getState().selectedConnectionId).toBeUndefined();
  });

  it('keeps a newer state event over the older snapshot an open result carries', async () => {
    const { rpc, emit } = createFakeRpc((command) => {
      if (command === 'connection.open') {
        emit('connection.stateChanged', connection('b', 'ready'));
        return ok(connection('b', 'connecting'));
      }
      return ok(null);
    });
    const store = createAppStore(rpc);
    connectStoreToEngine(store, rpc);
    await store.getState().openConnection({ name: 'service-b', target: { kind: 'tcp', host: '127.0.0.1', port: 3000 } });
    expect(store.getState().connections.map((c) => c.state)).toEqual(['ready']);
    expect(store.getState().selectedConnectionId).toBe('b');
  });
});

describe('composer', () => {
  it('says why it cannot send, in order of what to fix first', () => {
    const base = { connections: [connection('a')], selectedConnectionId: 'a', patternText: '{"cmd":"sum"}', payloadText: '[1]' };
    expect(checkRequest({ ...base, connections: [], selectedConnectionId: undefined })).toMatchObject({ ready: false, reason: 'Add a connection to send messages' });
    expect(checkRequest({ ...base, connections: [connection('a', 'reconnecting')] })).toMatchObject({ ready: false, reason: 'service-a is reconnecting — wait until it is ready' });
    expect(checkRequest({ ...base, patternText: '' })).toMatchObject({ ready: false, reason: 'Type a pattern to send', patternError: undefined });
    expect(checkRequest({ ...base, payloadText: '[1,' })).toMatchObject({ ready: false, reason: 'Fix the payload JSON to send' });
    expect(checkRequest(base)).toMatchObject({ ready: true, pattern: { cmd: 'sum' }, data: [1] });
  });

  it('sends the parsed pattern and payload, and keeps the outcome with what was asked', async () => {
    const { rpc, calls } = createFakeRpc((command) => (command === 'message.send' ? ok(outcome) : ok([connection('a')])));
    const store = createAppStore(rpc);
    await store.getState().loadConnections();
    store.getState().setPatternText('{"cmd":"sum"}');
    store.getState().setPayloadText('[1,2,3]');

    const sending = store.getState().send();
    expect(store.getState().inFlight).toBe('send');
    await sending;

    expect(calls.at(-1)).toEqual({ command: 'message.send', input: { connectionId: 'a', pattern: { cmd: 'sum' }, data: [1, 2, 3] } });
    expect(store.getState().inFlight).toBeUndefined();
    expect(store.getState().lastOutcome).toEqual({ kind: 'sent', request: { kind: 'send', connectionName: 'service-a', patternText: '{"cmd":"sum"}' }, outcome });
  });

  it('sends the message options the transport of the connection carries, and never emits on gRPC', async () => {
    const kafka: ConnectionInfo = { ...connection('k'), target: { kind: 'kafka', brokers: ['127.0.0.1:9092'], clientId: 'patchbay', allowAutoTopicCreation: true } };
    const grpc: ConnectionInfo = { ...connection('g'), target: { kind: 'grpc', host: '127.0.0.1', port: 5000, protoFiles: [], includeDirs: [], loader: { keepCase: false, longs: 'Long', enums: 'Number', defaults: false, oneofs: false } } };
    const { rpc, calls } = createFakeRpc((command) => (command === 'message.emit' ? ok({ sizeBytes: 2 }) : ok([kafka, grpc])));
    const store = createAppStore(rpc);
    await store.getState().loadConnections();
    store.getState().setPatternText('orders.created');
    store.getState().setMessageOptions({ headers: [{ name: 'x-trace', value: 't1' }], key: 'order-42', partition: '0', propertiesText: '{"priority":1}' });

    await store.getState().emit();
    expect(calls.at(-1)).toEqual({ command: 'message.emit', input: { connectionId: 'k', pattern: 'orders.created', data: {}, options: { headers: { 'x-trace': 't1' }, key: 'order-42', partition: 0 } } });

    store.getState().selectConnection('g');
    const callsBefore = calls.length;
    await store.getState().emit();
    expect(calls).toHaveLength(callsBefore);
  });

  it('keeps an engine refusal as the outcome', async () => {
    const { rpc } = createFakeRpc((command) => (command === 'message.emit' ? fail('not-connected', 'service-a is not connected') : ok([connection('a')])));
    const store = createAppStore(rpc);
    await store.getState().loadConnections();
    store.getState().setPatternText('user.created');
    await store.getState().emit();
    expect(store.getState().lastOutcome).toMatchObject({ kind: 'refused', failure: { code: 'not-connected', message: 'service-a is not connected' } });
  });
});

describe('traffic', () => {
  it('takes each batch in one update and keeps only the newest entries', () => {
    const { rpc } = createFakeRpc(() => ok(null));
    const store = createAppStore(rpc);
    let updates = 0;
    store.subscribe(() => updates++);
    const batch = Array.from({ length: MAX_TRAFFIC_ENTRIES_IN_UI + 10 }, (_, i) => entry(i + 1));

    store.getState().appendTraffic(batch);

    expect(updates).toBe(1);
    expect(store.getState().trafficEntries).toHaveLength(MAX_TRAFFIC_ENTRIES_IN_UI);
    expect(store.getState().trafficEntries[0]?.seq).toBe(11);
    expect(store.getState().trafficDroppedCount).toBe(10);
  });

  it('merges a page read while batches arrived, without duplicates, in seq order', () => {
    expect(mergeBySeq([entry(3), entry(4)], [entry(1), entry(2), entry(3)]).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(mergeBySeq([entry(1)], [entry(2), entry(3)]).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('reads the tail of a log longer than the UI keeps', async () => {
    const lastSeq = MAX_TRAFFIC_ENTRIES_IN_UI * 3;
    const { rpc, calls } = createFakeRpc((command, input) => {
      if (command !== 'traffic.readPage') return ok(null);
      const { afterSeq = 0, limit = 500 } = input as { afterSeq?: number; limit?: number };
      const entries = Array.from({ length: Math.min(limit, lastSeq - afterSeq) }, (_, i) => entry(afterSeq + i + 1));
      return ok({ entries, lastSeq, evictedCount: 0 });
    });
    const store = createAppStore(rpc);
    await store.getState().loadTraffic();
    expect(calls.map((c) => c.input)).toEqual([{ limit: MAX_TRAFFIC_ENTRIES_IN_UI }, { afterSeq: lastSeq - MAX_TRAFFIC_ENTRIES_IN_UI, limit: MAX_TRAFFIC_ENTRIES_IN_UI }]);
    expect(store.getState().trafficEntries[0]?.seq).toBe(lastSeq - MAX_TRAFFIC_ENTRIES_IN_UI + 1);
    expect(store.getState().trafficEntries.at(-1)?.seq).toBe(lastSeq);
  });

  it('forgets everything when the engine says the log was cleared', () => {
    const { rpc, emit } = createFakeRpc(() => ok(null));
    const store = createAppStore(rpc);
    connectStoreToEngine(store, rpc);
    emit('traffic.appended', { entries: [entry(1)] });
    emit('traffic.cleared', {});
    expect(store.getState().trafficEntries).toEqual([]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { ConnectionInfo } from '../../../shared/connection';
import type { ListenerInfo } from '../../../shared/listen';
import { listenSpecSchema } from '../../../shared/listen';
import type { TrafficEntry } from '../../../shared/traffic';
import type { Connection } from '../connections/registry';
import { createTrafficRecorder } from '../messaging/messenger';
import { createTrafficLog } from '../traffic/traffic-log';
import type { ListenEnd, Observed, StateSnapshot, TransportClient } from '../transports/transport';
import { checkSpecFits, createListenerRegistry, RESUME_ATTEMPTS } from './listener-registry';

function setup({ pendingLimit, transport = 'redis', failSubscribe = () => false }: { pendingLimit?: number; transport?: string; failSubscribe?: () => boolean } = {}) {
  let nowMs = 1000;
  const clock = { now: () => 1_700_000_000_000 + nowMs, monotonicMs: () => nowMs };
  const traffic = createTrafficLog({ onBatch: () => {} });
  let sink: ((message: Observed) => void) | undefined;
  let ended: ((end: ListenEnd) => void) | undefined;
  let unsubscribed = 0;
  let subscribed = 0;
  let status: StateSnapshot = { state: 'ready' };
  const statusWatchers = new Set<(status: StateSnapshot) => void>();
  const client = {
    get status() {
      return status;
    },
    onStatus: (watcher: (status: StateSnapshot) => void) => {
      statusWatchers.add(watcher);
      return () => statusWatchers.delete(watcher);
    },
    subscribe: async (_spec: unknown, give: (message: Observed) => void, onEnd?: (end: ListenEnd) => void) => {
      subscribed += 1;
      if (failSubscribe()) return { ok: false as const, error: { code: 'listen-failed', message: 'Could not listen: nothing is listening' } };
      sink = give;
      ended = onEnd;
      return { ok: true as const, value: async () => void (unsubscribed += 1) };
    },
  } as unknown as TransportClient;
  const info = { id: 'c1', name: `local ${transport}`, target: { kind: transport, host: '127.0.0.1', port: 6379 } } as unknown as ConnectionInfo;
  const connection: Connection = { info: () => info, client };
  const states: ListenerInfo['state'][] = [];
  const infoWatchers: ((info: ListenerInfo) => void)[] = [];
  let ids = 0;
  const registry = createListenerRegistry({
    connections: { get: (id) => (id === 'c1' ? connection : undefined) },
    record: createTrafficRecorder(traffic, clock),
    clock,
    newId: () => `l${++ids}`,
    onStateChanged: (listener) => {
      states.push(listener.state);
      for (const watcher of infoWatchers) watcher(listener);
    },
    onRemoved: () => {},
    resumeBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
    ...(pendingLimit ? { pendingLimit } : {}),
  });
  const entries = (): TrafficEntry[] => traffic.readPage(undefined, 100).entries;
  return {
    registry,
    states,
    entries,
    advance: (ms: number) => (nowMs += ms),
    observe: (message: Observed) => sink!(message),
    lose: (reason: string) => ended!({ failed: true, reason }),
    complete: () => ended!({ failed: false, reason: 'The service ended the stream.' }),
    unsubscribed: () => unsubscribed,
    subscribed: () => subscribed,
    watchers: () => statusWatchers.size,
    setStatus: (next: StateSnapshot) => {
      status = next;
      for (const watcher of statusWatchers) watcher(next);
    },
    onInfo: (watcher: (info: ListenerInfo) => void) => infoWatchers.push(watcher),
  };
}

const request = (id: string): Observed => ({ kind: 'request', route: 'sum', pattern: { cmd: 'sum' }, correlationId: id, body: [1, 2], sizeBytes: 40 });
const reply = (id: string, body: unknown, final: boolean): Observed => ({ kind: 'reply', route: '{"cmd":"sum"}.reply', correlationId: id, body, final, sizeBytes: 30 });

describe('listener registry', () => {
  it('joins replies to the request it saw: elapsedMs per part, totalMs on the final one', async () => {
    const t = setup();
    const started = await t.registry.start('c1', listenSpecSchema.parse({ kind: 'redis', channels: ['{"cmd":"sum"}'], tap: true }));
    expect(started).toMatchObject({ ok: true, value: { id: 'l1', state: 'listening', label: 'redis channels {"cmd":"sum"} (tap)' } });
    t.observe(request('a'));
    t.advance(12);
    t.observe(reply('a', 1, false));
    t.advance(3);
    t.observe(reply('a', 3, true));
    t.observe(reply('a', 4, true)); // a second service answering: no longer pending
    expect(t.entries().map(({ kind, direction, origin, listenerId, pattern, correlationId, bodyPreview, elapsedMs, firstReplyMs, totalMs, connectionName }) => ({ kind, direction, origin, listenerId, pattern, correlationId, bodyPreview, elapsedMs, firstReplyMs, totalMs, connectionName }))).toEqual([
      { kind: 'request', direction: 'observed', origin: 'listen', listenerId: 'l1', pattern: '{"cmd":"sum"}', correlationId: 'a', bodyPreview: '[1,2]', elapsedMs: undefined, firstReplyMs: undefined, totalMs: undefined, connectionName: 'local redis' },
      { kind: 'reply', direction: 'observed', origin: 'listen', listenerId: 'l1', pattern: '{"cmd":"sum"}', correlationId: 'a', bodyPreview: '1', elapsedMs: 12, firstReplyMs: undefined, totalMs: undefined, connectionName: 'local redis' },
      { kind: 'reply', direction: 'observed', origin: 'listen', listenerId: 'l1', pattern: '{"cmd":"sum"}', correlationId: 'a', bodyPreview: '3', elapsedMs: 15, firstReplyMs: 12, totalMs: 15, connectionName: 'local redis' },
      { kind: 'reply', direction: 'observed', origin: 'listen', listenerId: 'l1', pattern: '{"cmd":"sum"}', correlationId: 'a', bodyPreview: '4', elapsedMs: undefined, firstReplyMs: undefined, totalMs: undefined, connectionName: 'local redis' },
    ]);
    expect(t.registry.list()[0]?.count).toBe(4);
  });

  it('forgets requests after five minutes and beyond its limit', async () => {
    const t = setup({ pendingLimit: 2 });
    await t.registry.start('c1', listenSpecSchema.parse({ kind: 'redis', channels: ['x'], tap: true }));
    t.observe(request('old'));
    t.advance(5 * 60_000 + 1);
    t.observe(reply('old', 1, true));
    t.observe(request('a'));
    t.observe(request('b'));
    t.observe(request('c')); // pushes out a
    t.observe(reply('a', 1, true));
    t.observe(reply('c', 1, true));
    expect(t.entries().filter((entry) => entry.kind === 'reply').map((entry) => [entry.correlationId, entry.elapsedMs])).toEqual([
      ['old', undefined],
      ['a', undefined],
      ['c', 0],
    ]);
  });

  it('shows raw text as it came, and subscribes again when its subscription is lost', async () => {
    const t = setup();
    await t.registry.start('c1', listenSpecSchema.parse({ kind: 'redis', channels: ['raw'] }));
    t.observe({ kind: 'message', route: 'raw', body: 'plain words', encoding: 'text', sizeBytes: 11, meta: { channel: 'raw' } });
    expect(t.entries()[0]).toMatchObject({ kind: 'message', pattern: 'raw', bodyPreview: 'plain words', encoding: 'text', meta: { channel: 'raw' } });
    t.lose('gone');
    expect(t.registry.list()[0]).toMatchObject({ state: 'starting', lastError: 'gone. Listening resumes once redis://127.0.0.1:6379 is back.' });
    await expect.poll(() => t.registry.list()[0]?.state).toBe('listening');
    expect(t.states).toEqual(['starting', 'listening', 'starting', 'listening']);
    expect(t.subscribed()).toBe(2);
    expect(await t.registry.stop('l1')).toEqual({ ok: true, value: null });
    expect(t.registry.list()).toEqual([]);
    expect(t.watchers()).toBe(0);
  });

  it('waits while its connection reconnects, resumes once it is ready, and fails when it fails', async () => {
    const t = setup();
    await t.registry.start('c1', listenSpecSchema.parse({ kind: 'redis', channels: ['raw'] }));
    t.setStatus({ state: 'reconnecting', lastError: 'Nothing is listening on redis://127.0.0.1:6379 (connection refused).' });
    expect(t.unsubscribed()).toBe(1);
    expect(t.registry.list()[0]).toMatchObject({
      state: 'starting',
      lastError: 'The connection to redis://127.0.0.1:6379 was lost (Nothing is listening on redis://127.0.0.1:6379 (connection refused)). Listening resumes once redis://127.0.0.1:6379 is back.',
    });
    t.setStatus({ state: 'ready' });
    await expect.poll(() => t.registry.list()[0]?.state).toBe('listening');
    expect(t.registry.list()[0]?.lastError).toBeUndefined();
    t.setStatus({ state: 'reconnecting', lastError: 'gone.' });
    t.setStatus({ state: 'failed', lastError: 'Wrong password.' });
    expect(t.registry.list()[0]).toMatchObject({ state: 'failed', lastError: 'The connection to redis://127.0.0.1:6379 failed: Wrong password. Listening stopped; start it again once the connection is open.' });
    expect(t.subscribed()).toBe(2);
    expect(t.watchers()).toBe(0);
  });

  it(`gives up after ${RESUME_ATTEMPTS} tries on a ready connection`, async () => {
    let failing = false;
    const t = setup({ failSubscribe: () => failing });
    await t.registry.start('c1', listenSpecSchema.parse({ kind: 'redis', channels: ['raw'] }));
    failing = true;
    t.lose('gone');
    await expect.poll(() => t.registry.list()[0]?.state).toBe('failed');
    expect(t.registry.list()[0]?.lastError).toBe(`Could not listen again after redis://127.0.0.1:6379 came back (${RESUME_ATTEMPTS} tries): Could not listen: nothing is listening`);
    expect(t.subscribed()).toBe(1 + RESUME_ATTEMPTS);
  });

  it('reports a busy listener\'s count at most every 250 ms, not once per message', async () => {
    vi.useFakeTimers();
    try {
      const t = setup();
      const counts: number[] = [];
      const started = await t.registry.start('c1', listenSpecSchema.parse({ kind: 'redis', channels: ['raw'] }));
      expect(started.ok).toBe(true);
      t.onInfo((info) => counts.push(info.count));
      for (let n = 0; n < 5; n++) t.observe({ kind: 'message', route: 'raw', body: `m${n}`, encoding: 'text', sizeBytes: 2 });
      expect(counts).toEqual([]);
      vi.advanceTimersByTime(250);
      expect(counts).toEqual([5]);
      t.observe({ kind: 'message', route: 'raw', body: 'm5', encoding: 'text', sizeBytes: 2 });
      await t.registry.stop(started.ok ? started.value.id : '');
      vi.advanceTimersByTime(250);
      // The stop reports the final count once; the report that was due is dropped.
      expect(counts).toEqual([5, 6]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is stopped, not failed, when the service completes its stream', async () => {
    const t = setup({ transport: 'grpc' });
    await t.registry.start('c1', listenSpecSchema.parse({ kind: 'grpc', method: 'users.UsersService/ListUsers', data: { limit: 2 } }));
    t.complete();
    expect(t.states).toEqual(['starting', 'listening', 'stopped']);
    expect(t.registry.list()).toEqual([expect.objectContaining({ state: 'stopped', count: 0 })]);
    expect(t.registry.list()[0]).not.toHaveProperty('lastError');
  });

  it('says which connection a spec needs', () => {
    expect(checkSpecFits(listenSpecSchema.parse({ kind: 'kafka', topics: ['a'] }), 'redis')).toEqual({
      ok: false,
      error: { code: 'wrong-transport', message: 'A Kafka listener needs a Kafka connection; this one is Redis.' },
    });
    expect(checkSpecFits(listenSpecSchema.parse({ kind: 'rmq-exchange', exchange: 'x' }), 'tcp')).toEqual({
      ok: false,
      error: { code: 'wrong-transport', message: 'A RabbitMQ listener needs a RabbitMQ connection; this one is TCP (TCP is point to point: there is no broker to listen on).' },
    });
  });
});

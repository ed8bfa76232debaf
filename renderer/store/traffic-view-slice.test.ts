import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../shared/result';
import { trafficStatusOf, type TrafficEntry, type TrafficFilter } from '../../shared/traffic';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';
import { cleanFilter, LIVE_QUERY_INTERVAL_MS, TAIL_ROWS, WINDOW_OVERSCAN_ROWS } from './traffic-view-slice';

const entry = (seq: number, over: Partial<TrafficEntry> = {}): TrafficEntry => ({
  seq,
  kind: 'request',
  direction: 'out',
  connectionId: 'c1',
  connectionName: 'orders',
  transport: 'tcp',
  pattern: 'sum',
  at: 1_700_000_000_000 + seq,
  bodyPreview: '[1,2]',
  bodyTruncated: false,
  sizeBytes: 10,
  ...over,
});

/** A stand-in for the engine's log: filters by status and text, answers windows like traffic.query. */
function createFakeLog(count: number) {
  const log = Array.from({ length: count }, (_, i) => entry(i + 1, i % 2 === 1 ? { kind: 'reply', direction: 'in', totalMs: i } : {}));
  const matching = (filter: TrafficFilter) =>
    log.filter((e) => (!filter.statuses || filter.statuses.includes(trafficStatusOf(e))) && (!filter.text || e.pattern.includes(filter.text) || e.bodyPreview.includes(filter.text)));
  const fake = createFakeRpc((command, input) => {
    const { filter = {}, offset, limit = 200 } = input as { filter?: TrafficFilter; offset?: number; limit?: number };
    if (command === 'traffic.query') {
      const all = matching(filter);
      const from = offset ?? Math.max(0, all.length - limit);
      return ok({ total: all.length, offset: from, entries: all.slice(from, from + limit), lastSeq: log.at(-1)?.seq ?? 0, evictedCount: 0 });
    }
    if (command === 'traffic.import') return ok({ source: 'file-1', name: 'saved.ndjson', count: 2 });
    return ok(null);
  });
  const append = (n: number) => {
    const lastSeq = log.at(-1)?.seq ?? 0;
    const added = Array.from({ length: n }, (_, i) => entry(lastSeq + i + 1));
    log.push(...added);
    fake.emit('traffic.appended', { entries: added });
  };
  return { ...fake, log, append };
}

const queries = (calls: { command: string; input: unknown }[]) => calls.filter((c) => c.command === 'traffic.query').map((c) => c.input);

describe('traffic view', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the newest matching entries: the tail of the filtered log', async () => {
    const { rpc, calls } = createFakeLog(1_000);
    const store = createAppStore(rpc);
    await store.getState().refreshTrafficView();
    const { window } = store.getState().trafficView;
    expect(queries(calls)).toEqual([{ source: 'live', filter: {}, offset: undefined, limit: TAIL_ROWS }]);
    expect(window.total).toBe(1_000);
    expect(window.offset).toBe(800);
    expect(window.entries.at(-1)?.seq).toBe(1_000);
  });

  it('combines filters, dropping empty ones, and asks the engine with them in one update', async () => {
    const { rpc, calls } = createFakeLog(10);
    const store = createAppStore(rpc);
    let updates = 0;
    store.subscribe(() => updates++);
    await store.getState().setTrafficFilter({ statuses: ['ok'], text: '  ', transports: [] });
    expect(queries(calls).at(-1)).toEqual({ source: 'live', filter: { statuses: ['ok'] }, offset: undefined, limit: TAIL_ROWS });
    expect(store.getState().trafficView.window.total).toBe(5);
    expect(updates).toBe(2); // the new filter, then the answer
    expect(cleanFilter({ minLatencyMs: 0, text: ' sum ', directions: ['in'] })).toEqual({ text: 'sum', directions: ['in'] });
  });

  it('re-queries the tail at most every 100 ms however many batches arrive', async () => {
    const { rpc, calls, append } = createFakeLog(10);
    const store = createAppStore(rpc);
    connectStoreToEngine(store, rpc);
    store.getState().watchTrafficView();
    await vi.advanceTimersByTimeAsync(0);
    const before = queries(calls).length;

    // The first batch is asked for at once; the other 49 of the same instant fold into one query 100 ms later.
    for (let i = 0; i < 50; i++) append(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(queries(calls).length - before).toBe(1);
    expect(store.getState().trafficView.window.total).toBe(11);

    await vi.advanceTimersByTimeAsync(LIVE_QUERY_INTERVAL_MS - 1);
    expect(queries(calls).length - before).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(queries(calls).length - before).toBe(2);
    expect(store.getState().trafficView.window.entries.at(-1)?.seq).toBe(60);

    await vi.advanceTimersByTimeAsync(10 * LIVE_QUERY_INTERVAL_MS);
    expect(queries(calls).length - before).toBe(2);
  });

  it('holds still while paused and counts what arrived; Resume shows the newest', async () => {
    const { rpc, append } = createFakeLog(10);
    const store = createAppStore(rpc);
    connectStoreToEngine(store, rpc);
    const unwatch = store.getState().watchTrafficView();
    await vi.advanceTimersByTimeAsync(0);
    store.getState().pauseTraffic();

    append(7);
    await vi.advanceTimersByTimeAsync(LIVE_QUERY_INTERVAL_MS);
    expect(store.getState().trafficView.window.entries.at(-1)?.seq).toBe(10);
    expect(store.getState().trafficView.newCount).toBe(7);

    // Away and back while paused: still what it held, and the count goes on.
    unwatch();
    append(3);
    store.getState().watchTrafficView();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().trafficView.window.entries.at(-1)?.seq).toBe(10);
    expect(store.getState().trafficView.newCount).toBe(10);

    store.getState().resumeTraffic();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().trafficView.window.entries.at(-1)?.seq).toBe(20);
    expect(store.getState().trafficView.newCount).toBe(0);
  });

  it('asks nothing while the view is not on screen', async () => {
    const { rpc, calls, append } = createFakeLog(10);
    const store = createAppStore(rpc);
    connectStoreToEngine(store, rpc);
    const unwatch = store.getState().watchTrafficView();
    await vi.advanceTimersByTimeAsync(0);
    unwatch();
    const count = calls.length;
    append(5);
    await vi.advanceTimersByTimeAsync(10 * LIVE_QUERY_INTERVAL_MS);
    expect(calls).toHaveLength(count);
  });

  it('loads the rows scrolled to, with overscan, and not again for rows it holds', async () => {
    const { rpc, calls } = createFakeLog(10_000);
    const store = createAppStore(rpc);
    await store.getState().refreshTrafficView();
    store.getState().setTrafficFollowing(false);
    store.getState().showTrafficRange(5_000, 5_040);
    await vi.advanceTimersByTimeAsync(0);
    expect(queries(calls).at(-1)).toEqual({ source: 'live', filter: {}, offset: 5_000 - WINDOW_OVERSCAN_ROWS, limit: 40 + 2 * WINDOW_OVERSCAN_ROWS });
    expect(store.getState().trafficView.window.entries[0]?.seq).toBe(4_901);

    const count = calls.length;
    store.getState().showTrafficRange(5_010, 5_050);
    expect(calls).toHaveLength(count);
  });

  it('drops a tail answer that comes after the user scrolled away', async () => {
    let release: () => void = () => undefined;
    const { rpc } = createFakeRpc(async (_command, input) => {
      const { offset } = input as { offset?: number };
      if (offset === undefined) await new Promise<void>((resolve) => (release = resolve));
      return ok({ total: 1_000, offset: offset ?? 800, entries: [entry(offset ?? 800)], lastSeq: 1_000, evictedCount: 0 });
    });
    const store = createAppStore(rpc);
    const tail = store.getState().refreshTrafficView();
    store.getState().setTrafficFollowing(false);
    store.getState().showTrafficRange(10, 20);
    await vi.advanceTimersByTimeAsync(0);
    release();
    await tail;
    expect(store.getState().trafficView.window.offset).toBe(0);
  });

  it('moves the selection row by row', async () => {
    const { rpc } = createFakeLog(300);
    const store = createAppStore(rpc);
    await store.getState().refreshTrafficView();
    store.getState().selectTrafficEntry(store.getState().trafficView.window.entries.at(-1));
    expect(await store.getState().moveTrafficSelection(-1)).toBe(298);
    expect(store.getState().trafficView.selected?.seq).toBe(299);
    store.getState().selectTrafficEntry(store.getState().trafficView.window.entries.at(-1));
    expect(await store.getState().moveTrafficSelection(1)).toBeUndefined();
  });

  it('shows an imported file instead of the live log, then goes back', async () => {
    const { rpc, calls, append } = createFakeLog(3);
    const store = createAppStore(rpc);
    connectStoreToEngine(store, rpc);
    const opened = await store.getState().openTrafficFile('saved.ndjson', '{"format":"patchbay-traffic"}\n');
    expect(opened).toEqual(ok({ source: 'file-1', name: 'saved.ndjson', count: 2 }));
    expect(store.getState().trafficView.source).toBe('file-1');
    expect(queries(calls).at(-1)).toMatchObject({ source: 'file-1' });

    const count = calls.length;
    append(5); // live traffic does not touch the file's view
    await vi.advanceTimersByTimeAsync(LIVE_QUERY_INTERVAL_MS);
    expect(calls).toHaveLength(count);

    await store.getState().backToLiveTraffic();
    expect(calls.slice(count).map((c) => c.command)).toEqual(['traffic.closeSource', 'traffic.query']);
    expect(store.getState().trafficView).toMatchObject({ source: 'live', file: undefined });
  });

  it('refuses an empty file before asking the engine, and keeps an engine refusal', async () => {
    const { rpc } = createFakeRpc((command) => (command === 'traffic.import' ? fail('invalid-file', 'Line 2 is not a traffic entry') : ok(null)));
    const store = createAppStore(rpc);
    expect(await store.getState().openTrafficFile('x.ndjson', ' \n')).toEqual(fail('empty-file', 'x.ndjson is empty: open a file saved with Export (one JSON entry per line).'));
    expect(await store.getState().openTrafficFile('y.ndjson', 'junk')).toEqual(fail('invalid-file', 'Line 2 is not a traffic entry'));
    expect(store.getState().trafficView.source).toBe('live');
  });

  it('says why the log could not be read', async () => {
    const { rpc } = createFakeRpc(() => fail('not-implemented', 'Not implemented yet.'));
    const store = createAppStore(rpc);
    await store.getState().refreshTrafficView();
    expect(store.getState().trafficView).toMatchObject({ loaded: true, error: 'Not implemented yet.' });
  });

  describe('picking entries to save as a saga', () => {
    const marked = (store: ReturnType<typeof createAppStore>) => [...store.getState().trafficView.marked.keys()];

    it('toggles one entry at a time, and picks a range of the window with Shift', async () => {
      const { rpc } = createFakeLog(10);
      const store = createAppStore(rpc);
      await store.getState().refreshTrafficView();
      const rows = store.getState().trafficView.window.entries;
      store.getState().markTrafficEntry(rows[1]!, 'toggle');
      store.getState().markTrafficEntry(rows[5]!, 'range');
      expect(marked(store)).toEqual([2, 3, 4, 5, 6]);
      store.getState().markTrafficEntry(rows[3]!, 'toggle');
      expect(marked(store)).toEqual([2, 3, 5, 6]);
      // A range without an entry toggled before it toggles that one alone.
      store.getState().clearTrafficMarks();
      store.getState().markTrafficEntry(rows[7]!, 'range');
      expect(marked(store)).toEqual([8]);
    });

    it('saves the picked requests and events of the shown source, leaving replies to come with their request', async () => {
      const { rpc, calls } = createFakeLog(6);
      const store = createAppStore(rpc);
      await store.getState().refreshTrafficView();
      for (const row of store.getState().trafficView.window.entries.slice(0, 4)) store.getState().markTrafficEntry(row, 'toggle');
      await store.getState().saveTrafficAsSaga({ collectionId: 'col-1', path: 'recorded/a.saga.yaml', connections: { orders: 'orders' } });
      expect(calls.filter((call) => call.command === 'saga.fromTraffic').map((call) => call.input)).toEqual([
        { collectionId: 'col-1', source: 'live', path: 'recorded/a.saga.yaml', seqs: [1, 3], connections: { orders: 'orders' } },
      ]);
    });

    it('forgets the picks when another source is shown', async () => {
      const { rpc } = createFakeLog(4);
      const store = createAppStore(rpc);
      await store.getState().refreshTrafficView();
      store.getState().markTrafficEntry(store.getState().trafficView.window.entries[0]!, 'toggle');
      await store.getState().openTrafficFile('saved.ndjson', '{}');
      expect(marked(store)).toEqual([]);
    });
  });
});

// The Traffic view's state. The engine holds and filters the log; the view holds one window of it
// (the rows in view plus overscan), asks for another window when the user scrolls, and while it
// follows the live tail re-asks for the tail when new entries arrive: at most one query in flight
// and at most ~10 a second, one store update per answer, whatever the traffic rate.
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import { LIVE_TRAFFIC_SOURCE, type Conversation, type PatternStats, type TrafficEntry, type TrafficFilter, type TrafficSourceInfo, type TrafficWindow } from '../../shared/traffic';
import type { SliceCreator } from './app-store';

/** Live refreshes start at least this far apart (~10 queries a second at most). */
export const LIVE_QUERY_INTERVAL_MS = 100;
/** Rows asked for around the rows in view, so short scrolls need no query. */
export const WINDOW_OVERSCAN_ROWS = 100;
/** The tail window while following: more than a tall screen of rows. */
export const TAIL_ROWS = 200;
const MAX_QUERY_ROWS = 2_000;

export interface TrafficViewState {
  /** `live`, or an imported file's source id. */
  source: string;
  /** The imported file being viewed; absent on the live log. */
  file?: TrafficSourceInfo;
  filter: TrafficFilter;
  window: TrafficWindow;
  /** The first answer came. */
  loaded: boolean;
  /** The last query failed; the view says so (and keeps the rows it had). */
  error?: string;
  /** Showing the newest entries and moving with them. */
  following: boolean;
  /** Held still by the user; the engine keeps collecting. */
  paused: boolean;
  /** Matching entries that arrived since the view held still. */
  newCount: number;
  selected?: TrafficEntry;
  /** Entries picked with Ctrl/⌘- or Shift-click or their checkbox (to save as a saga), by seq. */
  marked: ReadonlyMap<number, TrafficEntry>;
  stats?: PatternStats[];
  statsError?: string;
}

export interface TrafficViewSlice {
  trafficView: TrafficViewState;
  /**
   * The view is on screen: live refreshes run only while it is. Shows the newest entries, or when
   * paused keeps what it held and counts what came since. Returns the call for when it leaves.
   */
  watchTrafficView(): () => void;
  /** Loads the window to show again (the tail when following); the log was cleared, say. */
  refreshTrafficView(): Promise<void>;
  /** Merges into the filter (an empty list or text means "any") and shows the matching tail. */
  setTrafficFilter(patch: Partial<TrafficFilter>): Promise<void>;
  setTrafficFollowing(following: boolean): void;
  pauseTraffic(): void;
  resumeTraffic(): void;
  /** The view shows positions [first, last): loads them when the window does not hold them. */
  showTrafficRange(first: number, last: number): void;
  /** New entries arrived (a `traffic.appended` batch): refreshes the tail or the "new" count, throttled. */
  noteTrafficAppended(): void;
  selectTrafficEntry(entry: TrafficEntry | undefined): void;
  /** `toggle` picks or unpicks one entry; `range` picks every row of the window from the last one toggled to this one. */
  markTrafficEntry(entry: TrafficEntry, mode: 'toggle' | 'range'): void;
  clearTrafficMarks(): void;
  /** Writes the picked requests and events as a saga file of an open collection (`saga.fromTraffic`). */
  saveTrafficAsSaga(target: { collectionId: string; path: string; name?: string; connections?: Record<string, string> }): Promise<Result<{ path: string; steps: string[]; connectionsAdded: string[] }>>;
  /** Moves the selection by `delta` rows; returns the new selection's position, to scroll to. */
  moveTrafficSelection(delta: number): Promise<number | undefined>;
  loadTrafficStats(): Promise<void>;
  loadTrafficBody(seq: number): Promise<Result<{ body: string; encoding?: 'text' | 'hex'; complete: boolean }>>;
  loadTrafficConversation(seq: number): Promise<Result<Conversation>>;
  exportTraffic(): Promise<Result<{ ndjson: string; count: number }>>;
  /** Imports an export file and shows it instead of the live log. */
  openTrafficFile(name: string, ndjson: string): Promise<Result<TrafficSourceInfo>>;
  backToLiveTraffic(): Promise<void>;
}

const emptyWindow: TrafficWindow = { total: 0, offset: 0, entries: [], lastSeq: 0, evictedCount: 0 };

const noMarks: ReadonlyMap<number, TrafficEntry> = new Map();

const initialState: TrafficViewState = { source: LIVE_TRAFFIC_SOURCE, filter: {}, window: emptyWindow, loaded: false, following: true, paused: false, newCount: 0, marked: noMarks };

/** What a saga can be made of: requests and events (replies come with their request). */
export const isReplayable = (entry: Pick<TrafficEntry, 'kind' | 'origin'>) => (entry.kind === 'request' || entry.kind === 'event') && entry.origin !== 'mock';

/** Drops empty fields, so `{}` means "everything" and the engine skips those tests. */
export function cleanFilter(filter: TrafficFilter): TrafficFilter {
  const clean: TrafficFilter = {};
  if (filter.text?.trim()) clean.text = filter.text.trim();
  if (filter.transports?.length) clean.transports = filter.transports;
  if (filter.connectionIds?.length) clean.connectionIds = filter.connectionIds;
  if (filter.directions?.length) clean.directions = filter.directions;
  if (filter.statuses?.length) clean.statuses = filter.statuses;
  if (filter.minLatencyMs !== undefined && filter.minLatencyMs > 0) clean.minLatencyMs = filter.minLatencyMs;
  return clean;
}

const isEmptyFilter = (filter: TrafficFilter) => Object.keys(filter).length === 0;

/** Keeps the previous objects of entries already shown, so memoized rows skip re-rendering. */
function reuseEntries(previous: TrafficWindow, next: TrafficWindow): TrafficWindow {
  if (previous.entries.length === 0) return next;
  const bySeq = new Map(previous.entries.map((entry) => [entry.seq, entry]));
  return { ...next, entries: next.entries.map((entry) => bySeq.get(entry.seq) ?? entry) };
}

export interface TrafficViewTimers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
}

const realTimers: TrafficViewTimers = { now: () => Date.now(), setTimeout: (run, ms) => setTimeout(run, ms) };

export const createTrafficViewSlice =
  (rpc: RpcClient, timers: TrafficViewTimers = realTimers): SliceCreator<TrafficViewSlice> =>
  (set, get) => {
    const view = () => get().trafficView;
    const update = (patch: Partial<TrafficViewState>) => set({ trafficView: { ...view(), ...patch } });

    // Only the newest window query may land: an older answer (a tail that arrived after the user
    // scrolled away, a filter since changed) would show the wrong rows.
    let latestQueryId = 0;
    /** The range the newest window query asked for, so scrolling within it asks nothing more. */
    let pendingRange: { from: number; to: number } | undefined;
    /** What the view showed when it started holding still, to count what came since. */
    let held: { total: number; lastSeq: number } | undefined;
    /** Views on screen; none, no live refreshes. */
    let watchers = 0;
    /** The entry last toggled: a Shift-click picks the rows from it. */
    let markAnchor: number | undefined;

    async function queryWindow(offset?: number, limit = TAIL_ROWS): Promise<void> {
      const queryId = ++latestQueryId;
      const { source, filter } = view();
      pendingRange = offset === undefined ? undefined : { from: offset, to: offset + limit };
      const result = await rpc.call('traffic.query', { source, filter, offset, limit: Math.min(limit, MAX_QUERY_ROWS) });
      if (queryId !== latestQueryId) return;
      pendingRange = undefined;
      if (!result.ok) return update({ error: result.error.message, loaded: true });
      const window = reuseEntries(view().window, result.value);
      update({ window, loaded: true, error: undefined, ...(holdingStill() ? {} : { newCount: 0 }) });
      if (!holdingStill()) held = undefined;
    }

    const holdingStill = () => view().paused || !view().following;

    function startHolding() {
      held ??= { total: view().window.total, lastSeq: view().window.lastSeq };
    }

    /** Counts matching entries since the view held still: one-row query, the total says it. */
    async function countNew(): Promise<void> {
      const { source, filter } = view();
      const result = await rpc.call('traffic.query', { source, filter, limit: 1 });
      if (!result.ok || !held || !holdingStill()) return;
      // With no filter the sequence numbers count exactly even once old entries are evicted.
      const newCount = isEmptyFilter(filter) ? result.value.lastSeq - held.lastSeq : result.value.total - held.total;
      if (newCount !== view().newCount) update({ newCount: Math.max(0, newCount) });
    }

    // The live refresh: one in flight, started at most every LIVE_QUERY_INTERVAL_MS; appends that
    // come meanwhile fold into the next one.
    let refreshWanted = false;
    let refreshRunning = false;
    let refreshTimer = false;
    let lastRefreshStartedAt = -Infinity;

    function scheduleLiveRefresh() {
      refreshWanted = true;
      if (refreshRunning || refreshTimer) return;
      const waitMs = lastRefreshStartedAt + LIVE_QUERY_INTERVAL_MS - timers.now();
      if (waitMs > 0) {
        refreshTimer = true;
        timers.setTimeout(() => {
          refreshTimer = false;
          void runLiveRefresh();
        }, waitMs);
      } else void runLiveRefresh();
    }

    async function runLiveRefresh() {
      if (!refreshWanted) return;
      refreshWanted = false;
      refreshRunning = true;
      lastRefreshStartedAt = timers.now();
      try {
        if (holdingStill()) await countNew();
        else await queryWindow();
      } finally {
        refreshRunning = false;
      }
      if (refreshWanted) scheduleLiveRefresh();
    }

    return {
      trafficView: initialState,

      watchTrafficView() {
        watchers += 1;
        if (view().paused && view().loaded) void countNew();
        else {
          update({ following: true });
          void queryWindow();
        }
        return () => {
          watchers -= 1;
        };
      },

      refreshTrafficView: () => (view().following ? queryWindow() : queryWindow(view().window.offset, Math.max(view().window.entries.length, TAIL_ROWS))),

      async setTrafficFilter(patch) {
        const filter = cleanFilter({ ...view().filter, ...patch });
        held = undefined;
        update({ filter, following: true, newCount: 0, stats: undefined });
        await queryWindow();
        if (view().paused) held = { total: view().window.total, lastSeq: view().window.lastSeq };
      },

      setTrafficFollowing(following) {
        if (following === view().following) return;
        update({ following });
        if (following && !view().paused) void queryWindow();
        else startHolding();
      },

      pauseTraffic() {
        if (view().paused) return;
        startHolding();
        update({ paused: true });
      },

      resumeTraffic() {
        held = undefined;
        update({ paused: false, following: true, newCount: 0 });
        void queryWindow();
      },

      showTrafficRange(first, last) {
        const { window, following } = view();
        if (following && !view().paused) return;
        const heldFrom = window.offset;
        const heldTo = window.offset + window.entries.length;
        const covered = (from: number, to: number) => first >= from && last <= to;
        if (covered(heldFrom, heldTo) || (pendingRange && covered(pendingRange.from, pendingRange.to))) return;
        const from = Math.max(0, first - WINDOW_OVERSCAN_ROWS);
        void queryWindow(from, Math.min(MAX_QUERY_ROWS, last - from + WINDOW_OVERSCAN_ROWS));
      },

      noteTrafficAppended() {
        if (watchers === 0 || view().source !== LIVE_TRAFFIC_SOURCE || !view().loaded) return;
        scheduleLiveRefresh();
      },

      selectTrafficEntry(entry) {
        if (entry?.seq !== view().selected?.seq) update({ selected: entry });
      },

      markTrafficEntry(entry, mode) {
        const marked = new Map(view().marked);
        const entries = view().window.entries;
        const from = mode === 'range' && markAnchor !== undefined ? entries.findIndex((candidate) => candidate.seq === markAnchor) : -1;
        const to = entries.findIndex((candidate) => candidate.seq === entry.seq);
        if (from !== -1 && to !== -1) {
          for (let index = Math.min(from, to); index <= Math.max(from, to); index++) marked.set(entries[index]!.seq, entries[index]!);
        } else if (marked.has(entry.seq)) marked.delete(entry.seq);
        else marked.set(entry.seq, entry);
        markAnchor = entry.seq;
        update({ marked });
      },

      clearTrafficMarks() {
        markAnchor = undefined;
        if (view().marked.size > 0) update({ marked: noMarks });
      },

      saveTrafficAsSaga: ({ collectionId, path, name, connections }) => {
        const seqs = [...view().marked.values()].filter(isReplayable).map((entry) => entry.seq);
        return rpc.call('saga.fromTraffic', { collectionId, source: view().source, path, seqs, ...(name ? { name } : {}), ...(connections ? { connections } : {}) });
      },

      async moveTrafficSelection(delta) {
        const { window, selected } = view();
        const index = selected ? window.entries.findIndex((entry) => entry.seq === selected.seq) : -1;
        const position = index === -1 ? (delta > 0 ? window.offset : window.offset + window.entries.length - 1) : window.offset + index + delta;
        if (position < 0 || position >= window.total) return undefined;
        let target = view().window.entries[position - view().window.offset];
        if (!target) {
          await queryWindow(Math.max(0, position - WINDOW_OVERSCAN_ROWS), 2 * WINDOW_OVERSCAN_ROWS);
          target = view().window.entries[position - view().window.offset];
        }
        if (!target) return undefined;
        update({ selected: target });
        return position;
      },

      async loadTrafficStats() {
        const { source, filter } = view();
        const result = await rpc.call('traffic.stats', { source, filter });
        // The filter or source may have changed while it was computed: drop a stale answer.
        if (view().source !== source || view().filter !== filter) return;
        update(result.ok ? { stats: result.value, statsError: undefined } : { statsError: result.error.message });
      },

      loadTrafficBody: (seq) => rpc.call('traffic.body', { source: view().source, seq }),

      loadTrafficConversation: (seq) => rpc.call('traffic.conversation', { source: view().source, seq }),

      exportTraffic: () => rpc.call('traffic.export', { source: view().source, filter: view().filter }),

      async openTrafficFile(name, ndjson) {
        if (ndjson.trim() === '') return fail('empty-file', `${name} is empty: open a file saved with Export (one JSON entry per line).`);
        const result = await rpc.call('traffic.import', { name, ndjson });
        if (!result.ok) return result;
        const previous = view().source;
        held = undefined;
        markAnchor = undefined;
        update({ source: result.value.source, file: result.value, following: true, paused: false, newCount: 0, selected: undefined, marked: noMarks, stats: undefined, window: emptyWindow, loaded: false });
        if (previous !== LIVE_TRAFFIC_SOURCE) void rpc.call('traffic.closeSource', { source: previous });
        await queryWindow();
        return ok(result.value);
      },

      async backToLiveTraffic() {
        const previous = view().source;
        if (previous === LIVE_TRAFFIC_SOURCE) return;
        held = undefined;
        markAnchor = undefined;
        update({ source: LIVE_TRAFFIC_SOURCE, file: undefined, following: true, paused: false, newCount: 0, selected: undefined, marked: noMarks, stats: undefined, window: emptyWindow, loaded: false });
        void rpc.call('traffic.closeSource', { source: previous });
        await queryWindow();
      },
    };
  };

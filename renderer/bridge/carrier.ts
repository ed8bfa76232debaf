// The one place that knows how frames travel between this page and the engine. Everything else
// gets a FramePort and a carrier status, and never learns which carrier it is.
import type { ClientFrame, FramePort, ServerFrame } from '../../shared/rpc';
import { createWebSocketPort } from './websocket-port';

/**
 * - `connecting`: the carrier is being opened (first time, or after a loss).
 * - `open`: frames flow.
 * - `lost`: it was open and closed; it retries by itself.
 * - `unreachable`: it was never open yet and the last attempt failed; it retries by itself.
 * - `missing`: this page has no carrier at all (no preload port, no `?rpc=` URL).
 */
export type CarrierStatus = 'connecting' | 'open' | 'lost' | 'unreachable' | 'missing';

export interface Carrier {
  readonly port: FramePort<ServerFrame, ClientFrame>;
  /** Human label of where the engine is, for messages (`Electron`, or the WebSocket URL without its token). */
  readonly description: string;
  status(): CarrierStatus;
  onStatus(listener: (status: CarrierStatus) => void): () => void;
  close(): void;
}

declare global {
  interface Window {
    /** Exposed by electron/preload: exactly a frame port, on one fixed channel. */
    patchbay?: FramePort<ServerFrame, ClientFrame>;
  }
}

/** Picks the carrier this page was opened with: the Electron preload port, or `?rpc=<ws url>`. */
export function createCarrier(page: CarrierPage = window): Carrier {
  const preloadPort = page.patchbay;
  if (preloadPort && typeof preloadPort.send === 'function' && typeof preloadPort.onFrame === 'function') {
    return createStaticCarrier(preloadPort, 'open', 'Electron');
  }
  const rpcUrl = takeRpcUrl(page);
  return rpcUrl ? createWebSocketPort(rpcUrl) : createStaticCarrier(createDeadPort(), 'missing', 'none');
}

/** What the carrier needs of the page: the preload port, the address bar and the tab's session storage. */
export type CarrierPage = Pick<Window, 'patchbay' | 'location' | 'history' | 'sessionStorage'>;

const RPC_URL_KEY = 'patchbay.rpc';

/**
 * The engine's address holds its access token. Once read, it leaves the address bar (and so the
 * browser's history, bookmarks and screenshots) and lives on in this tab's session storage only,
 * where a reload finds it again.
 */
export function takeRpcUrl({ location, history, sessionStorage }: Omit<CarrierPage, 'patchbay'>): string | undefined {
  const url = new URL(location.href);
  const given = url.searchParams.get('rpc');
  if (given !== null) {
    url.searchParams.delete('rpc');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    if (/^wss?:\/\//.test(given)) sessionStorage.setItem(RPC_URL_KEY, given);
    else sessionStorage.removeItem(RPC_URL_KEY);
  }
  const rpcUrl = sessionStorage.getItem(RPC_URL_KEY);
  return rpcUrl && /^wss?:\/\//.test(rpcUrl) ? rpcUrl : undefined;
}

function createStaticCarrier(port: FramePort<ServerFrame, ClientFrame>, status: CarrierStatus, description: string): Carrier {
  return { port, description, status: () => status, onStatus: () => () => {}, close: () => {} };
}

/** A port that answers every call with a failure, so nothing waits forever on a missing carrier. */
function createDeadPort(): FramePort<ServerFrame, ClientFrame> {
  const listeners = new Set<(frame: ServerFrame) => void>();
  return {
    send(frame) {
      const reply: ServerFrame = {
        type: 'result',
        id: frame.id,
        result: { ok: false, error: { code: 'no-carrier', message: 'This page is not connected to a Patchbay engine.' } },
      };
      queueMicrotask(() => listeners.forEach((listener) => listener(reply)));
    },
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

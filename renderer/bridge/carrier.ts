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
export function createCarrier(location: Location = window.location): Carrier {
  const preloadPort = window.patchbay;
  if (preloadPort && typeof preloadPort.send === 'function' && typeof preloadPort.onFrame === 'function') {
    return createStaticCarrier(preloadPort, 'open', 'Electron');
  }
  const rpcUrl = new URLSearchParams(location.search).get('rpc');
  if (rpcUrl && /^wss?:\/\//.test(rpcUrl)) {
    return createWebSocketPort(rpcUrl);
  }
  return createStaticCarrier(createDeadPort(), 'missing', 'none');
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

// Browser mode: frames as JSON text messages over a WebSocket to the headless host. Reconnects by
// itself; calls that were in flight when the socket closed are answered with a failure, so no
// caller waits forever on a reply that will never come.
import type { ClientFrame, FramePort, ServerFrame } from '../../shared/rpc';
import type { Carrier, CarrierStatus } from './carrier';

const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 3_000];
/** WebSocket.OPEN, spelled out so the module does not need a WebSocket global to load. */
const OPEN = 1;

export function createWebSocketPort(url: string, createSocket: (url: string) => WebSocket = (u) => new WebSocket(u)): Carrier {
  const frameListeners = new Set<(frame: ServerFrame) => void>();
  const statusListeners = new Set<(status: CarrierStatus) => void>();
  const inFlightCallIds = new Set<number>();
  let status: CarrierStatus = 'connecting';
  let socket: WebSocket | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closedByUs = false;

  const deliver = (frame: ServerFrame) => frameListeners.forEach((listener) => listener(frame));
  const setStatus = (next: CarrierStatus) => {
    if (next === status) return;
    status = next;
    statusListeners.forEach((listener) => listener(next));
  };
  const failCall = (id: number, code: string, message: string) => {
    inFlightCallIds.delete(id);
    deliver({ type: 'result', id, result: { ok: false, error: { code, message } } });
  };

  const connect = () => {
    const ws = createSocket(url);
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      attempt = 0;
      setStatus('open');
    });
    ws.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(event.data) as ServerFrame;
      } catch {
        console.warn('Patchbay: ignored a frame that is not JSON');
        return;
      }
      if (frame.type === 'result') inFlightCallIds.delete(frame.id);
      deliver(frame);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const id of [...inFlightCallIds]) {
        failCall(id, 'carrier-lost', 'Lost connection to the Patchbay engine before it answered.');
      }
      if (closedByUs) return;
      setStatus(opened || status === 'lost' ? 'lost' : 'unreachable');
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 3_000;
      attempt += 1;
      retryTimer = setTimeout(connect, delay);
    });
  };

  const port: FramePort<ServerFrame, ClientFrame> = {
    send(frame) {
      if (!socket || socket.readyState !== OPEN) {
        // Answer asynchronously, as a real reply would arrive.
        queueMicrotask(() => failCall(frame.id, 'carrier-lost', 'Not connected to the Patchbay engine.'));
        return;
      }
      inFlightCallIds.add(frame.id);
      socket.send(JSON.stringify(frame));
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
  };

  connect();

  return {
    port,
    description: describeUrl(url),
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

/** The URL without its query, so the access token never reaches the screen. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the engine';
  }
}

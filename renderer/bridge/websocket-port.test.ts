import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../../shared/rpc';
import type { CarrierStatus } from './carrier';
import { createWebSocketPort } from './websocket-port';

/** Just enough of a browser WebSocket to drive the port by hand. */
class FakeSocket extends EventTarget {
  readyState = 0;
  sent: string[] = [];
  constructor(readonly url: string) {
    super();
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.serverClose();
  }
  serverOpen() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  serverSend(frame: ServerFrame) {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
  serverClose() {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
}

describe('createWebSocketPort', () => {
  let sockets: FakeSocket[];
  const latest = () => sockets.at(-1)!;
  const open = () => {
    const carrier = createWebSocketPort('ws://127.0.0.1:5123/rpc?token=secret', (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    });
    const statuses: CarrierStatus[] = [];
    const frames: ServerFrame[] = [];
    carrier.onStatus((status) => statuses.push(status));
    carrier.port.onFrame((frame) => frames.push(frame));
    return { carrier, statuses, frames };
  };

  beforeEach(() => {
    sockets = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('sends frames as JSON text and delivers the JSON frames it receives', () => {
    const { carrier, frames } = open();
    latest().serverOpen();
    carrier.port.send({ type: 'call', id: 1, command: 'connection.list', input: {} });
    latest().serverSend({ type: 'result', id: 1, result: { ok: true, value: [] } });

    expect(latest().sent).toEqual(['{"type":"call","id":1,"command":"connection.list","input":{}}']);
    expect(frames).toEqual([{ type: 'result', id: 1, result: { ok: true, value: [] } }]);
  });

  it('never shows the token: the description is the URL without its query', () => {
    expect(open().carrier.description).toBe('ws://127.0.0.1:5123/rpc');
  });

  it('answers calls in flight with a failure when the socket closes, then reconnects', async () => {
    const { carrier, statuses, frames } = open();
    latest().serverOpen();
    carrier.port.send({ type: 'call', id: 7, command: 'message.send', input: {} });
    latest().serverClose();

    expect(statuses).toEqual(['open', 'lost']);
    expect(frames).toEqual([{ type: 'result', id: 7, result: { ok: false, error: { code: 'carrier-lost', message: 'Lost connection to the Patchbay engine before it answered.' } } }]);

    await vi.advanceTimersByTimeAsync(250);
    expect(sockets).toHaveLength(2);
    latest().serverOpen();
    expect(statuses).toEqual(['open', 'lost', 'open']);
  });

  it('says unreachable when the first attempt fails, and keeps trying with growing delays', async () => {
    const { statuses } = open();
    latest().serverClose();
    expect(statuses).toEqual(['unreachable']);
    await vi.advanceTimersByTimeAsync(250);
    latest().serverClose();
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
  });

  it('fails a call made while disconnected at once instead of queueing it', async () => {
    const { carrier, frames } = open();
    carrier.port.send({ type: 'call', id: 3, command: 'connection.list', input: {} });
    await Promise.resolve();
    expect(frames).toEqual([{ type: 'result', id: 3, result: { ok: false, error: { code: 'carrier-lost', message: 'Not connected to the Patchbay engine.' } } }]);
  });

  it('stops reconnecting once closed by its owner', async () => {
    const { carrier } = open();
    latest().serverOpen();
    carrier.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
  });
});

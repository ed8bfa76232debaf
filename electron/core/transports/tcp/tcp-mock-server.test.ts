// The TCP mock's packets, byte for byte (nest-wire §0 captured examples), over a real socket.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/result';
import type { IncomingMessage, MockAnswerPart, MockHandler, MockServer } from '../../mocks/mock-transport';
import { startTcpMockServer } from './tcp-mock-server';

describe('TCP mock server', () => {
  let server: MockServer | undefined;
  afterEach(async () => server?.close());

  async function start(answer: (message: IncomingMessage) => MockAnswerPart[]) {
    const seen: IncomingMessage[] = [];
    const written: number[] = [];
    const handler: MockHandler = {
      async *handle(message) {
        seen.push(message);
        yield* answer(message);
      },
      written: (_message, _part, sizeBytes) => void written.push(sizeBytes),
    };
    const started = await startTcpMockServer({ kind: 'tcp', host: '127.0.0.1', port: 0 }, handler, { exact: [], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    server = started.value;
    return { seen, written, port: Number(/:(\d+)$/.exec(server.address)?.[1]) };
  }

  function connect(port: number) {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    return { socket, received: () => received };
  }

  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setImmediate(resolve));
  };

  it('answers requests split and merged across chunks, and decodes events', async () => {
    const { seen, written, port } = await start((message) => (message.kind === 'event' ? [] : [{ kind: 'value', value: 1, last: false }, { kind: 'value', value: 'é', last: true }]));
    const client = connect(port);
    client.socket.write('48#{"pattern":{"cmd":"x"},"data":{"a":1},"id":"I1"}39#{"pat');
    client.socket.write('tern":"{\\"cmd\\":\\"ev\\"}","data":2}');
    await until(() => client.received().length >= 74 && seen.length === 2);
    expect(client.received()).toBe('24#{"response":1,"id":"I1"}44#{"response":"é","isDisposed":true,"id":"I1"}');
    // Bytes on the wire: "é" is one UTF-16 code unit in the length but two bytes.
    expect(written).toEqual([27, 48]);
    expect(seen).toEqual([
      { kind: 'request', pattern: { cmd: 'x' }, route: '{"cmd":"x"}', data: { a: 1 }, correlationId: 'I1', sizeBytes: 51 },
      { kind: 'event', pattern: '{"cmd":"ev"}', route: '{"cmd":"ev"}', data: 2, sizeBytes: 42 },
    ]);
    client.socket.destroy();
  });

  it('serves several clients', async () => {
    const { port } = await start((message) => [{ kind: 'value', value: message.data, last: true }]);
    const [one, two] = [connect(port), connect(port)];
    one.socket.write('33#{"pattern":"p","data":1,"id":"A"}');
    two.socket.write('33#{"pattern":"p","data":2,"id":"B"}');
    await until(() => one.received().length > 0 && two.received().length > 0);
    expect([one.received(), two.received()]).toEqual(['41#{"response":1,"isDisposed":true,"id":"A"}', '41#{"response":2,"isDisposed":true,"id":"B"}']);
    one.socket.destroy();
    two.socket.destroy();
  });

  it('says plainly when the port is in use', async () => {
    const { port } = await start(() => []);
    const again = await startTcpMockServer({ kind: 'tcp', host: '127.0.0.1', port }, { handle: async function* () {}, written: () => {} }, { exact: [], globs: [] });
    expect(again).toEqual({
      ok: false,
      error: { code: 'address-in-use', message: `Port ${port} on 127.0.0.1 is already in use. Stop what listens there, or pick another port (0 picks a free one).` },
    });
    expect(await server?.setRoutes({ exact: [], globs: [] })).toEqual(ok(null));
  });
});

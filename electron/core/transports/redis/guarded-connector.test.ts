import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GuardedConnector } from './guarded-connector';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(): Promise<number> {
  const server = net.createServer((socket) => socket.on('error', () => {}));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('GuardedConnector', () => {
  it("survives a socket's second error after the one-shot listener ioredis puts on it, and keeps the first", async () => {
    const connector = new GuardedConnector({ host: '127.0.0.1', port: await listen() });
    const stream = await connector.connect();
    const seenByIoredis: string[] = [];
    stream.once('error', (error) => seenByIoredis.push(error.message)); // what ioredis does
    expect(() => {
      stream.emit('error', new Error('self-signed certificate in certificate chain'));
      stream.emit('error', new Error('tlsv1 alert decode error'));
    }).not.toThrow();
    expect(seenByIoredis).toEqual(['self-signed certificate in certificate chain']);
    expect(connector.firstError?.message).toBe('self-signed certificate in certificate chain');
    stream.destroy();
  });

  it('refuses to open a socket once disconnected before the next tick', async () => {
    const connector = new GuardedConnector({ host: '127.0.0.1', port: await listen() });
    const opening = connector.connect();
    connector.disconnect();
    await expect(opening).rejects.toThrow('Connection is closed.');
  });
});

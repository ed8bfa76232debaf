// The loopback floor: a minimal Node TCP echo server and a client that sends newline-framed
// messages of about the size of a Nest TCP request over one socket. Nothing is parsed, so this is
// what the machine's loopback and Node's sockets allow, for context.
import net, { type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { runClosedLoop, type ClosedLoopResult } from '../../fixtures/nest/closed-loop.mjs';
import { childConfig, exitWhenParentGoes, writeLine } from './child-process';

const MESSAGE = `${JSON.stringify({ pattern: { cmd: 'sum' }, data: [1, 2, 3], id: '6f1c0f54-1b8e-4bd2-9d0e-2b8f9a7c1d3e' })}\n`;
const NEWLINE = 10;

export type EchoPlan = { port: number; concurrency: number; requests: number };

/** Child role: echoes every byte back until the suite goes away. */
export async function echoServerRole(): Promise<void> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  exitWhenParentGoes();
  await writeLine({ port: (server.address() as AddressInfo).port });
}

/** Child role: the echo client's send loop. */
export async function echoClientRole(): Promise<void> {
  const { port, concurrency, requests } = childConfig<EchoPlan>();
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.setNoDelay(true);
  // Replies come back in order on one socket: each newline answers the oldest waiting call.
  const waiting: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (let index = chunk.indexOf(NEWLINE); index !== -1; index = chunk.indexOf(NEWLINE, index + 1)) waiting.shift()?.();
  });
  const result: ClosedLoopResult = await runClosedLoop({
    concurrency,
    requests,
    call: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        socket.write(MESSAGE);
      }),
  });
  socket.destroy();
  await writeLine(result);
}

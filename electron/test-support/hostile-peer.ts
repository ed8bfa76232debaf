// A real TCP server that plays a misbehaving Nest service: whatever a client sends, it answers
// as `reply` says (fixed bytes, or anything written from the request it got).
import net from 'node:net';

export type HostilePeer = { port: number; close: () => Promise<void> };
export type HostileReply = string | ((socket: net.Socket, request: string) => void);

export function startHostilePeer(reply: HostileReply): Promise<HostilePeer> {
  const answer = typeof reply === 'string' ? (socket: net.Socket) => socket.write(reply) : reply;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (chunk) => answer(socket, chunk.toString()));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

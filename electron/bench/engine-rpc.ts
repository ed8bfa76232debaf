// The suite drives engines the way the UI does, through the contract: in this process (tap
// ingest) or over a headless host's WebSocket (UI under load). Same calls either way.
import WebSocket from 'ws';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract';
import type { ListenerInfo, ListenSpecInput } from '../../shared/listen';
import type { Result } from '../../shared/result';
import { createRpcClient, type ClientFrame, type RpcClient, type ServerFrame } from '../../shared/rpc';
import type { Engine } from '../core/engine';
import { serveRpc } from '../core/rpc/rpc-server';

export function inProcessRpc(engine: Engine): { rpc: RpcClient; close(): void } {
  const toClient = new Set<(frame: ServerFrame) => void>();
  const toEngine = new Set<(frame: unknown) => void>();
  const stop = serveRpc(engine, {
    send: (frame) => toClient.forEach((listener) => listener(frame)),
    onFrame: (listener) => (toEngine.add(listener), () => toEngine.delete(listener)),
  });
  const rpc = createRpcClient({
    send: (frame: ClientFrame) => toEngine.forEach((listener) => listener(frame)),
    onFrame: (listener) => (toClient.add(listener), () => toClient.delete(listener)),
  });
  return { rpc, close: stop };
}

/** Opens the host's contract socket from the URL `patchbay web` prints (its `?rpc=` parameter). */
export async function webSocketRpc(pageUrl: string): Promise<{ rpc: RpcClient; close(): void }> {
  const rpcUrl = new URL(pageUrl).searchParams.get('rpc');
  if (!rpcUrl) throw new Error(`No ?rpc= in ${pageUrl}`);
  const socket = new WebSocket(rpcUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const rpc = createRpcClient({
    send: (frame: ClientFrame) => socket.send(JSON.stringify(frame)),
    onFrame: (listener) => {
      const onMessage = (data: WebSocket.RawData) => listener(JSON.parse(data.toString()) as ServerFrame);
      socket.on('message', onMessage);
      return () => socket.off('message', onMessage);
    },
  });
  return { rpc, close: () => socket.close() };
}

export async function call<C extends CommandName>(rpc: RpcClient, command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result: Result<CommandOutput<C>> = await rpc.call(command, input);
  if (!result.ok) throw new Error(`${command} failed (${result.error.code}): ${result.error.message}`);
  return result.value;
}

/** Opens a connection and waits until it is ready. */
export async function openReadyConnection(rpc: RpcClient, name: string, target: CommandInput<'connection.open'>['target'], timeoutMs = 30_000): Promise<string> {
  const states = new Map<string, { state: string; lastError?: string }>();
  let changed = () => {};
  const stop = rpc.on('connection.stateChanged', (info) => {
    states.set(info.id, info);
    changed();
  });
  try {
    const opened = await call(rpc, 'connection.open', { name, target });
    if (!states.has(opened.id)) states.set(opened.id, opened);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} not ready within ${timeoutMs} ms (state ${states.get(opened.id)?.state})`)), timeoutMs);
      changed = () => {
        const info = states.get(opened.id)!;
        if (info.state === 'ready' || info.state === 'failed') clearTimeout(timer);
        if (info.state === 'ready') resolve();
        if (info.state === 'failed') reject(new Error(`${name} failed to connect: ${info.lastError}`));
      };
      changed();
    });
    return opened.id;
  } finally {
    stop();
  }
}

export async function startListening(rpc: RpcClient, connectionId: string, spec: ListenSpecInput): Promise<ListenerInfo> {
  const listener = await call(rpc, 'listen.start', { connectionId, spec });
  if (listener.state !== 'listening') throw new Error(`listener ${listener.label} is ${listener.state}: ${listener.lastError ?? 'no reason given'}`);
  return listener;
}

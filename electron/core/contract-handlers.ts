// One thin handler per contract command: the input is already validated; each calls a module
// and returns a Result.
import { readFileSync } from 'node:fs';
import type { CommandName, CommandOutput, CommandParsedInput } from '../../shared/contract';
import { connectionOptionsSchema } from '../../shared/connection';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { Engine } from './engine';
import { redactConnectionInfo } from '../../shared/redaction';
import { createCollectionHandlers } from './collections/collection-handlers';
import { createRecentCollectionHandlers } from './collections/recent-collection-handlers';
import { createDraftHandlers } from './drafts/draft-handlers';
import { createHistoryHandlers } from './history/history-handlers';
import { emittedRecord, sentRecord } from './history/history-records';
import { createListenHandlers } from './listen/listen-handlers';
import { createMockHandlers } from './mocks/mock-handlers';
import { createBreakerHandlers } from './breakers/breaker-handlers';
import { sendWithRetries } from './messaging/retrying-send';
import { timerSleep } from './runner/retry-policy';
import { createLoadHandlers } from './runner/load-handlers';
import { createReplayHandlers } from './sagas/replay-handlers';
import { createSagaHandlers } from './sagas/saga-handlers';
import { createTrafficHandlers } from './traffic/traffic-handlers';
import { parseTargetUrl } from './transports/target-url';

/** Real waits and jitter for requests sent with a retry policy. */
const realRetryDeps = { sleep: timerSleep, random: Math.random, monotonicMs: () => performance.now() };

export type Handlers = { [C in CommandName]: (input: CommandParsedInput<C>) => Promise<Result<CommandOutput<C>>> };

export function createContractHandlers(engine: Engine): Handlers {
  const unknownConnection = (connectionId: string) =>
    fail('unknown-connection', `No open connection has id ${connectionId}. It may have been closed; open it again.`);

  return {
    'connection.list': async () => ok(engine.connections.list().map(redactConnectionInfo)),
    'connection.open': async ({ name, target, options }) => {
      const connection = engine.connections.open(name, target, connectionOptionsSchema.parse(options ?? {}));
      return ok(redactConnectionInfo(connection.info()));
    },
    'target.parseUrl': async ({ url }) => parseTargetUrl(url, (path) => readFileSync(path, 'utf8')),
    'connection.describe': async ({ connectionId }) => {
      const connection = engine.connections.get(connectionId);
      if (!connection) return unknownConnection(connectionId);
      if (!connection.client.describe) {
        return fail('unsupported', `Only gRPC connections can be described; ${connection.info().target.kind} services have no schema to ask for. Type the pattern instead.`);
      }
      return connection.client.describe();
    },
    'connection.close': async ({ connectionId }) => {
      // Listeners first: their consumers and channels ride on the connection.
      await engine.listeners.closeConnection(connectionId);
      return (await engine.connections.close(connectionId)) ? ok(null) : unknownConnection(connectionId);
    },
    'message.send': async ({ connectionId, pattern, data, options, timeoutMs, retry }) => {
      const connection = engine.connections.get(connectionId);
      if (!connection) return unknownConnection(connectionId);
      const request = { connection, pattern, data, options, timeoutMs };
      const outcome = retry ? await sendWithRetries((attempt) => engine.messenger.send(attempt), request, retry, realRetryDeps) : await engine.messenger.send(request);
      engine.history.record(sentRecord(connection.info(), { pattern, data, options }, outcome));
      return ok(outcome);
    },
    'message.emit': async ({ connectionId, pattern, data, options }) => {
      const connection = engine.connections.get(connectionId);
      if (!connection) return unknownConnection(connectionId);
      const startedMs = performance.now();
      const result = await engine.messenger.emit({ connection, pattern, data, options });
      engine.history.record(emittedRecord(connection.info(), { pattern, data, options }, result, performance.now() - startedMs));
      return result;
    },
    'call.open': async ({ connectionId, pattern, options, timeoutMs }) => {
      const connection = engine.connections.get(connectionId);
      if (!connection) return unknownConnection(connectionId);
      return engine.calls.open({ connection, pattern, options, timeoutMs });
    },
    'call.write': async ({ callId, data }) => engine.calls.write(callId, data),
    'call.end': async ({ callId }) => engine.calls.end(callId),
    'call.cancel': async ({ callId }) => engine.calls.cancel(callId),
    ...createListenHandlers({ connections: engine.connections, listeners: engine.listeners }),
    ...withRedactedMockInfo(createMockHandlers(engine)),
    ...createTrafficHandlers(engine),
    ...createLoadHandlers(engine),
    ...createCollectionHandlers(engine),
    ...createRecentCollectionHandlers(engine),
    ...createHistoryHandlers(engine),
    ...createDraftHandlers(engine),
    ...createBreakerHandlers(engine),
    ...createSagaHandlers(engine),
    ...createReplayHandlers(engine, (path) => readFileSync(path, 'utf8')),
  };
}

/** A mock's info leaves the engine like a connection's: its broker password hidden (shared/redaction.ts). */
function withRedactedMockInfo(handlers: Pick<Handlers, 'mock.start' | 'mock.update' | 'mock.stop' | 'mock.list'>): typeof handlers {
  return {
    ...handlers,
    'mock.start': async (input) => mapOk(await handlers['mock.start'](input), redactConnectionInfo),
    'mock.update': async (input) => mapOk(await handlers['mock.update'](input), redactConnectionInfo),
    'mock.list': async (input) => mapOk(await handlers['mock.list'](input), (mocks) => mocks.map(redactConnectionInfo)),
  };
}

const mapOk = <T, U>(result: Result<T>, map: (value: T) => U): Result<U> => (result.ok ? ok(map(result.value)) : result);

import { describe, expect, it } from 'vitest';
import type { LoadedCollection, RequestFile } from '../../../shared/collection';
import type { ConnectionTarget } from '../../../shared/connection';
import { connectionOptionsSchema } from '../../../shared/connection';
import type { Connection } from '../connections/registry';
import type { RequestRun } from '../runner/collection-run';
import { historyRecordOf } from './collection-session';

const redis: ConnectionTarget = { kind: 'redis', mode: 'standalone', host: 'cache.local', port: 6379, username: 'admin', password: 'pw-9431', db: 0 };
const connection = (target: ConnectionTarget): Connection => ({
  info: () => ({ id: 'c1', name: 'demo · cache', target, options: connectionOptionsSchema.parse({}), state: 'ready' }),
  client: undefined as never,
});
const collection = (target: string): LoadedCollection => ({ root: '/c', manifest: { patchbay: 1, name: 'demo', connections: { cache: { target } } }, requests: [], environments: {}, problems: [] });
const request: RequestFile = { connection: 'cache', kind: 'send', pattern: 'users.login', data: { password: '{{redisPassword}}' }, capture: [], assert: [] };

function sentRun(target: ConnectionTarget, reply: unknown): RequestRun {
  return {
    result: { path: 'login.yaml', name: 'login', iteration: 1, status: 'passed', durationMs: 2, values: [reply as never], assertions: [], captured: {} },
    message: { pattern: 'users.login', data: { password: 'pw-9431' } },
    connection: connection(target),
    outcome: { correlationId: 'x', status: 'ok', values: [reply], totalMs: 2, replyBytes: 1, requestBytes: 1 },
  };
}

describe('historyRecordOf', () => {
  it('keeps a request that used a secret as written, and hides the secret in the URL and the summary behind the marker', () => {
    const scopes = { overrides: {}, captured: {}, secrets: { redisPassword: 'pw-9431' } };
    expect(historyRecordOf(sentRun(redis, { echoed: 'pw-9431' }), request, collection('redis://admin:{{redisPassword}}@cache.local:6379'), scopes)).toEqual({
      kind: 'send',
      connection: { name: 'demo · cache', url: 'redis://admin:<password>@cache.local:6379' },
      pattern: 'users.login',
      data: { password: '{{redisPassword}}' },
      outcome: { status: 'ok', durationMs: 2, summary: '{"echoed":"••••••"}' },
    });
  });

  it('records the URL as the manifest writes it when a secret sits outside the password', () => {
    const scopes = { overrides: {}, captured: {}, secrets: { redisUser: 'admin', redisPassword: 'pw-9431' } };
    const record = historyRecordOf(sentRun(redis, 'ok'), request, collection('redis://{{redisUser}}:{{redisPassword}}@cache.local:6379'), scopes);
    expect(record?.connection).toEqual({ name: 'demo · cache', url: 'redis://{{redisUser}}:{{redisPassword}}@cache.local:6379' });
  });

  it('records the filled request when no secret was used, and nothing for a request that never reached a connection', () => {
    const scopes = { overrides: {}, captured: {}, secrets: {} };
    const record = historyRecordOf(sentRun({ kind: 'tcp', host: '127.0.0.1', port: 3001 }, 1), { ...request, data: { password: '{{typed}}' } }, collection('tcp://127.0.0.1:3001'), scopes);
    expect(record).toMatchObject({ connection: { url: 'tcp://127.0.0.1:3001' }, data: { password: 'pw-9431' } });
    const { connection: _connection, ...unsent } = sentRun(redis, 1);
    expect(historyRecordOf(unsent, request, collection('tcp://x:1'), scopes)).toBeUndefined();
  });
});

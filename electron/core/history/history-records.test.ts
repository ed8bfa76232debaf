import { describe, expect, it } from 'vitest';
import type { ConnectionTarget } from '../../../shared/connection';
import type { SendOutcome } from '../../../shared/contract';
import { emittedRecord, oneLineSummary, sentRecord } from './history-records';

const tcp: ConnectionTarget = { kind: 'tcp', host: '127.0.0.1', port: 3000 };
const outcome = (fields: Partial<SendOutcome>): SendOutcome => ({ correlationId: 'c1', status: 'ok', values: [], totalMs: 12.5, replyBytes: 10, requestBytes: 20, ...fields });

describe('history records', () => {
  it('keeps a send with the connection URL, headers, status, duration and the first value as summary', () => {
    const record = sentRecord({ name: 'users', target: tcp }, { pattern: { cmd: 'get' }, data: { id: 1 }, options: { headers: { 'x-trace': 'abc' } } }, outcome({ values: [{ id: 1, name: 'Ada' }, { id: 2 }] }));
    expect(record).toEqual({
      kind: 'send',
      connection: { name: 'users', url: 'tcp://127.0.0.1:3000' },
      pattern: { cmd: 'get' },
      data: { id: 1 },
      headers: { 'x-trace': 'abc' },
      outcome: { status: 'ok', durationMs: 12.5, summary: '{"id":1,"name":"Ada"}' },
    });
  });

  it('never keeps a password in the URL', () => {
    const redis: ConnectionTarget = { kind: 'redis', mode: 'standalone', host: 'cache', port: 6379, username: 'app', password: 's3cret', db: 0 };
    const record = sentRecord({ name: 'cache', target: redis }, { pattern: 'ping', data: {} }, outcome({ status: 'empty' }));
    expect(record.connection).toEqual({ name: 'cache', url: 'redis://app:<password>@cache:6379' });
    expect(JSON.stringify(record)).not.toContain('s3cret');
    expect(record.outcome.summary).toBe('Completed without a value');
  });

  it('summarizes a remote error by its value and a local failure by its message', () => {
    const remote = sentRecord({ name: 'users', target: tcp }, { pattern: 'boom', data: {} }, outcome({ status: 'remote-error', remoteError: { status: 'error', message: 'Bad\nthing' } }));
    expect(remote.outcome).toEqual({ status: 'remote-error', durationMs: 12.5, summary: '{"status":"error","message":"Bad\\nthing"}' });
    const failed = sentRecord({ name: 'users', target: tcp }, { pattern: 'slow', data: {} }, outcome({ status: 'failure', failure: { code: 'timeout', message: 'Timed out after 50 ms\nwaiting.' } }));
    expect(failed.outcome).toEqual({ status: 'failure', durationMs: 12.5, summary: 'Timed out after 50 ms waiting.' });
  });

  it('keeps an emit with its size, or its failure', () => {
    expect(emittedRecord({ name: 'users', target: tcp }, { pattern: 'user.created', data: { id: 1 } }, { ok: true, value: { sizeBytes: 42 } }, 3)).toEqual({
      kind: 'emit',
      connection: { name: 'users', url: 'tcp://127.0.0.1:3000' },
      pattern: 'user.created',
      data: { id: 1 },
      outcome: { status: 'emitted', durationMs: 3, summary: 'Emitted, 42 bytes' },
    });
    const failed = emittedRecord({ name: 'users', target: tcp }, { pattern: 'user.created', data: {} }, { ok: false, error: { code: 'not-connected', message: 'Not connected.' } }, 1);
    expect(failed.outcome).toEqual({ status: 'failure', durationMs: 1, summary: 'Not connected.' });
  });

  it('cuts a summary to 200 characters on one line, never through an emoji', () => {
    expect(oneLineSummary('  a\n\tb  ')).toBe('a b');
    const long = oneLineSummary('x'.repeat(300));
    expect(long).toBe(`${'x'.repeat(199)}…`);
    expect(long.length).toBe(200);
    expect(oneLineSummary(`${'x'.repeat(198)}😀${'y'.repeat(10)}`)).toBe(`${'x'.repeat(198)}…`);
    expect(oneLineSummary('x'.repeat(200))).toBe('x'.repeat(200));
  });
});

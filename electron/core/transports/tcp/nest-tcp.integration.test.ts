// TCP specifics against real NestJS services of every major: sizes and timings, the parts of a
// stream, timeouts, the traffic log and TLS. The scenario table runs in tcp-conformance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../../../shared/contract';
import { NEST_MAJORS, fixtureServices } from '../../../test-support/fixture-services';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';
import type { Connection } from '../../connections/registry';

const services = fixtureServices();

describe.each(NEST_MAJORS)('Nest %s over TCP', (major) => {
  let engine: Engine;
  let connection: Connection;
  const send = (pattern: unknown, data: unknown = {}, timeoutMs?: number): Promise<SendOutcome> => engine.messenger.send({ connection, pattern, data, timeoutMs });

  beforeAll(async () => {
    engine = createEngine();
    connection = engine.connections.open(`nest${major}`, { kind: 'tcp', ...services.nest[major].tcp }, { connectTimeoutMs: 2000, requestTimeoutMs: 5000 });
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
  });
  afterAll(() => engine.close());

  it('talks to the expected Nest major', async () => {
    const { values } = await send({ cmd: 'version' });
    expect(values).toEqual([{ nest: services.nest[major].version, major: Number(major) }]);
    expect(services.nest[major].version.split('.')[0]).toBe(major);
  });

  it('sums [1,2,3] to 6 with timings and sizes', async () => {
    const outcome = await send({ cmd: 'sum' }, [1, 2, 3]);
    expect(outcome).toMatchObject({ status: 'ok', values: [6] });
    expect(outcome.correlationId).toMatch(/^[0-9a-f]{21}$/);
    // 43 = `{"response":6,"isDisposed":true,"id":"<21>"}` + "43#"
    expect(outcome.replyBytes).toBe(Buffer.byteLength(`{"response":6,"isDisposed":true,"id":"${outcome.correlationId}"}`) + 3);
    expect(outcome.requestBytes).toBe(Buffer.byteLength(`{"pattern":{"cmd":"sum"},"data":[1,2,3],"id":"${outcome.correlationId}"}`) + 3);
    expect(outcome.totalMs).toBeGreaterThan(0);
    expect(outcome.firstReplyMs).toBe(outcome.totalMs);
  });

  it('reads a slow stream that ends with a separate isDisposed packet', async () => {
    const parts: string[] = [];
    for await (const part of engine.messenger.request({ connection, pattern: { cmd: 'stream_slow' }, data: {} }).parts) {
      parts.push(part.kind === 'value' ? `value ${JSON.stringify(part.value)}${part.last ? ' last' : ''}` : part.kind);
    }
    expect(parts).toEqual(['written', 'value 1', 'value 2', 'value 3', 'end']);
  });

  it('times out a handler that never answers, at the requested timeout', async () => {
    const outcome = await send({ cmd: 'silent' }, {}, 300);
    expect(outcome.status).toBe('failure');
    expect(outcome.failure).toEqual({
      code: 'timeout',
      message: 'Timed out after 300 ms waiting for a reply to {"cmd":"silent"}. The handler may be slow or never answer; raise the request timeout to wait longer.',
    });
    expect(outcome.totalMs).toBeGreaterThanOrEqual(299);
    expect(connection.client.status.state).toBe('ready');
  });

  it('records every request, reply and event in the traffic log', async () => {
    engine.traffic.clear();
    const outcome = await send({ cmd: 'stream' });
    engine.traffic.flush();
    const entries = engine.traffic.readPage(undefined, 100).entries.filter((entry) => entry.correlationId === outcome.correlationId);
    expect(entries.map(({ kind, direction, pattern, bodyPreview }) => ({ kind, direction, pattern, bodyPreview }))).toEqual([
      { kind: 'request', direction: 'out', pattern: '{"cmd":"stream"}', bodyPreview: '{}' },
      { kind: 'reply', direction: 'in', pattern: '{"cmd":"stream"}', bodyPreview: '1' },
      { kind: 'reply', direction: 'in', pattern: '{"cmd":"stream"}', bodyPreview: '2' },
      { kind: 'reply', direction: 'in', pattern: '{"cmd":"stream"}', bodyPreview: '3' },
    ]);
    expect(entries.at(-1)?.totalMs).toBe(outcome.totalMs);
    expect(entries.every((entry) => entry.connectionName === `nest${major}` && entry.transport === 'tcp')).toBe(true);
  });
});

describe('TLS', () => {
  const { certs } = services;
  const open = async (engine: Engine, port: number, tls: Record<string, unknown>) => {
    const connection = engine.connections.open('tls', { kind: 'tcp', host: '127.0.0.1', port, tls: { rejectUnauthorized: true, ...tls } }, { connectTimeoutMs: 2000, requestTimeoutMs: 5000 });
    return { connection, first: await connection.client.firstAttempt() };
  };
  let engine: Engine;
  beforeAll(() => {
    engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  });
  afterAll(() => engine.close());

  it('sends over TLS when the CA is given', async () => {
    const { connection, first } = await open(engine, services.tls.tcp.port, { ca: certs.ca });
    expect(first).toEqual({ ok: true, value: null });
    expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
  });

  it('explains an untrusted server certificate and does not retry', async () => {
    const { connection, first } = await open(engine, services.tls.tcp.port, {});
    expect(first.ok).toBe(false);
    expect(first.ok ? '' : first.error.message).toBe(
      `TLS handshake with tcp+tls://127.0.0.1:${services.tls.tcp.port} failed: unable to verify the first certificate. Give the CA certificate that signed the server's certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).`,
    );
    expect(connection.client.status.state).toBe('failed');
  });

  it('skips verification when asked to', async () => {
    const { first } = await open(engine, services.tls.tcp.port, { rejectUnauthorized: false });
    expect(first).toEqual({ ok: true, value: null });
  });

  it('presents a client certificate for mutual TLS', async () => {
    const { connection, first } = await open(engine, services.mtls.tcp.port, { ca: certs.ca, cert: certs.client.cert, key: certs.client.key });
    expect(first).toEqual({ ok: true, value: null });
    expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [2, 2] })).values).toEqual([4]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ConnectionInfo, ConnectionTarget } from '../../../shared/connection';
import { checkListenForm, competingWarning, emptyListenForm, listenFormFor, type ListenFormValues } from './listen-form-model';

const connection = (target: ConnectionTarget, state: ConnectionInfo['state'] = 'ready'): ConnectionInfo => ({
  id: 'c1',
  name: 'orders',
  target,
  options: { connectTimeoutMs: 5000, requestTimeoutMs: 10000 },
  state,
});
const redis = connection({ kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: 6379, db: 0 });
const kafka = connection({ kind: 'kafka', brokers: ['127.0.0.1:9092'], clientId: 'patchbay', allowAutoTopicCreation: true });
const rmq = connection({ kind: 'rmq', host: '127.0.0.1', port: 5672, vhost: '/', username: 'guest', password: 'guest', queue: 'orders', queueOptions: {}, noAssert: false, persistent: false, wildcards: false, exchange: 'events', routingKey: 'orders.#' });
const grpc = connection({ kind: 'grpc', host: '127.0.0.1', port: 5000, protoFiles: [], includeDirs: [], loader: { keepCase: false, longs: 'Long', enums: 'Number', defaults: false, oneofs: false } });
const form = (patch: Partial<ListenFormValues>): ListenFormValues => ({ ...emptyListenForm, connectionId: 'c1', ...patch });

describe('checkListenForm', () => {
  it('builds a Redis tap from one channel per line', () => {
    expect(checkListenForm(form({ channels: '{"cmd":"sum","x":1}\n  users.*  \n', tap: true }), redis)).toEqual({ ok: true, spec: { kind: 'redis', channels: ['{"cmd":"sum","x":1}', 'users.*'], tap: true } });
    expect(checkListenForm(form({ channels: ' ' }), redis)).toEqual({ ok: false, errors: { channels: expect.stringMatching(/^Give at least one channel/) } });
  });

  it('reads where Kafka starts, naming the fix for a bad offset, time or regex', () => {
    expect(checkListenForm(form({ topics: 'sum\n/orders\\..*/', from: 'earliest', tap: false }), kafka)).toEqual({ ok: true, spec: { kind: 'kafka', topics: ['sum', '/orders\\..*/'], from: 'earliest', tap: false } });
    expect(checkListenForm(form({ topics: 'sum', from: 'offset', offset: '42' }), kafka)).toMatchObject({ ok: true, spec: { from: { offset: '42' } } });
    expect(checkListenForm(form({ topics: 'sum', from: 'timestamp', timestamp: '2025-01-01T00:00:00Z' }), kafka)).toMatchObject({ ok: true, spec: { from: { timestamp: 1735689600000 } } });
    expect(checkListenForm(form({ topics: 'sum', from: 'timestamp', timestamp: '1735689600000' }), kafka)).toMatchObject({ ok: true, spec: { from: { timestamp: 1735689600000 } } });
    expect(checkListenForm(form({ topics: 'sum', from: 'offset', offset: '-1' }), kafka)).toEqual({ ok: false, errors: { offset: 'An offset is a whole number, 0 or more — such as 42' } });
    expect(checkListenForm(form({ topics: 'sum', from: 'timestamp', timestamp: 'yesterday' }), kafka)).toMatchObject({ ok: false, errors: { timestamp: expect.stringMatching(/^"yesterday" is not a time/) } });
    expect(checkListenForm(form({ topics: '/orders[/' }), kafka)).toMatchObject({ ok: false, errors: { topics: expect.stringMatching(/^\/orders\[\/ is not a valid regular expression .* drop the slashes/) } });
  });

  it('taps a RabbitMQ exchange by default, and consumes a queue only once confirmed', () => {
    const values = listenFormFor(rmq);
    expect(values).toMatchObject({ connectionId: 'c1', exchange: 'events', routingKey: 'orders.#', queue: 'orders', rmqMode: 'exchange' });
    expect(checkListenForm(values, rmq)).toEqual({ ok: true, spec: { kind: 'rmq-exchange', exchange: 'events', routingKey: 'orders.#' } });
    expect(checkListenForm({ ...values, exchange: '' }, rmq)).toMatchObject({ ok: false, errors: { exchange: expect.stringMatching(/^Give the exchange to tap/) } });
    expect(checkListenForm({ ...values, rmqMode: 'queue' }, rmq)).toMatchObject({ ok: false, errors: { competing: expect.stringMatching(/^Confirm that Patchbay may take messages/) } });
    expect(checkListenForm({ ...values, rmqMode: 'queue', competing: true }, rmq)).toEqual({ ok: true, spec: { kind: 'rmq-queue', queue: 'orders', competing: true } });
    expect(competingWarning).toMatch(/^Consuming a service queue takes messages away from the service/);
  });

  it('opens a gRPC server stream with a JSON object request', () => {
    expect(checkListenForm(form({ method: 'users.UsersService/ListUsers', request: '{"limit": 3}' }), grpc)).toEqual({ ok: true, spec: { kind: 'grpc', method: 'users.UsersService/ListUsers', data: { limit: 3 } } });
    expect(checkListenForm(form({ method: '', request: '{"limit": ' }), grpc)).toMatchObject({ ok: false, errors: { method: expect.stringMatching(/^Pick a server-streaming method/), request: expect.stringMatching(/^The request is not valid JSON/) } });
    expect(checkListenForm(form({ method: 'a/B', request: '[1]' }), grpc)).toMatchObject({ ok: false, errors: { request: 'The request is one message: a JSON object such as {"limit": 10}' } });
  });

  it('says why a connection cannot be listened on', () => {
    expect(checkListenForm(form({}), undefined)).toMatchObject({ ok: false, errors: { connectionId: expect.stringMatching(/^Pick a connection/) } });
    expect(checkListenForm(form({}), connection({ kind: 'tcp', host: '127.0.0.1', port: 3000 }))).toMatchObject({ ok: false, errors: { connectionId: expect.stringMatching(/^TCP is point to point/) } });
    expect(checkListenForm(form({ channels: 'a' }), { ...redis, state: 'reconnecting' })).toEqual({ ok: false, errors: { connectionId: 'orders is not ready (reconnecting) — wait until it is, or pick another connection' } });
  });
});

import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../shared/traffic';
import { listenerTitle, observedCount } from './listener-title';

describe('listener titles', () => {
  it('name what is watched, briefly', () => {
    expect(listenerTitle({ kind: 'redis', channels: ['{"cmd":"sum"}', 'users.*'], tap: true })).toBe('{"cmd":"sum"}, users.*');
    expect(listenerTitle({ kind: 'kafka', topics: ['sum', '/orders\\..*/'], from: 'latest', tap: false })).toBe('sum, /orders\\..*/');
    expect(listenerTitle({ kind: 'rmq-exchange', exchange: 'events', routingKey: '#' })).toBe('events · #');
    expect(listenerTitle({ kind: 'rmq-queue', queue: 'orders', competing: true })).toBe('queue orders');
    expect(listenerTitle({ kind: 'grpc', method: 'users.UsersService/ListUsers', data: {} })).toBe('UsersService/ListUsers');
  });

  it('count what the log holds for the listener, or what the engine last said if more', () => {
    const entry = (listenerId: string) => ({ listenerId }) as TrafficEntry;
    expect(observedCount([entry('a'), entry('b'), entry('a')], 'a', 0)).toBe(2);
    expect(observedCount([entry('a')], 'a', 9)).toBe(9);
  });
});

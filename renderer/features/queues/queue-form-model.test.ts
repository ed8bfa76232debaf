import { describe, expect, it } from 'vitest';
import { checkCount, checkRepublish, type RepublishValues } from './queue-form-model';

const values = (patch: Partial<RepublishValues>): RepublishValues => ({ count: '5', toKind: 'queue', toQueue: 'orders', toExchange: '', routingKey: '', ...patch });

describe('queue tools', () => {
  it('checks counts', () => {
    expect(checkCount('10', 100, 'Count')).toEqual({ ok: true, count: 10 });
    expect(checkCount('0', 100, 'Count')).toEqual({ ok: false, message: 'Count is a whole number from 1 to 100, such as 10' });
    expect(checkCount('500', 100, 'Count')).toEqual({ ok: false, message: 'Count is at most 100' });
  });

  it('moves to a queue other than the source', () => {
    expect(checkRepublish(values({}), 'orders.dlq')).toEqual({ ok: true, input: { count: 5, to: { queue: 'orders' } }, destination: 'queue orders' });
    expect(checkRepublish(values({ toQueue: 'orders.dlq' }), 'orders.dlq')).toEqual({ ok: false, errors: { toQueue: 'That is the queue they come from — pick another queue, or an exchange' } });
    expect(checkRepublish(values({ toQueue: '', count: 'x' }), 'orders.dlq')).toMatchObject({ ok: false, errors: { toQueue: expect.any(String), count: expect.any(String) } });
  });

  it('moves to an exchange with a routing key', () => {
    expect(checkRepublish(values({ toKind: 'exchange', toExchange: 'events', routingKey: 'orders.create' }), 'orders.dlq')).toEqual({
      ok: true,
      input: { count: 5, to: { exchange: 'events', routingKey: 'orders.create' } },
      destination: 'exchange events with routing key orders.create',
    });
    expect(checkRepublish(values({ toKind: 'exchange' }), 'orders.dlq')).toEqual({ ok: false, errors: { routingKey: 'The default exchange routes by queue name: give it as the routing key' } });
  });
});

import { describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import { explainAmqpError, RmqLinkClosedError } from './explain-amqp-error';
import { publishProperties, publishRoute } from './rmq-client';

const target = (extra: Partial<TargetOf<'rmq'>> = {}): TargetOf<'rmq'> => ({
  kind: 'rmq', host: 'h', port: 5672, vhost: '/', username: 'guest', password: 'guest', queue: 'q1', queueOptions: {}, noAssert: false, persistent: false, wildcards: false, ...extra,
});

describe('publishRoute', () => {
  it('sends to the queue through the default exchange', () => {
    expect(publishRoute(target(), { cmd: 'sum' })).toEqual({ exchange: '', routingKey: 'q1' });
  });

  it('publishes to the exchange (or the queue name) with the pattern as routing key in wildcard mode, objects JSON-encoded but not normalized', () => {
    expect(publishRoute(target({ wildcards: true }), 'user.created')).toEqual({ exchange: 'q1', routingKey: 'user.created' });
    expect(publishRoute(target({ wildcards: true, exchange: 'ex' }), { role: 'user', cmd: 'find' })).toEqual({ exchange: 'ex', routingKey: '{"role":"user","cmd":"find"}' });
    expect(publishRoute(target({ exchangeType: 'fanout', exchange: 'fan' }), 'x')).toEqual({ exchange: 'fan', routingKey: 'x' });
  });

  it('publishes to the exchange with the routing key when both are given', () => {
    expect(publishRoute(target({ exchange: 'ex', routingKey: 'orders' }), { cmd: 'sum' })).toEqual({ exchange: 'ex', routingKey: 'orders' });
  });
});

describe('publishProperties', () => {
  it("sets replyTo, persistent and correlationId on a request, as Nest's client does", () => {
    expect(publishProperties(target(), undefined, 'abc')).toEqual({ replyTo: 'amq.rabbitmq.reply-to', persistent: false, correlationId: 'abc' });
  });

  it('sets neither replyTo nor correlationId on an event', () => {
    expect(publishProperties(target({ persistent: true }), { headers: { a: '1' } })).toEqual({ persistent: true, headers: { a: '1' } });
  });

  it('lets properties override replyTo and persistent but never correlationId, and merges headers', () => {
    expect(
      publishProperties(target(), { headers: { a: '1' }, properties: { persistent: true, priority: 5, correlationId: 'x', headers: { a: '0', b: '2' } } }, 'abc'),
    ).toEqual({ replyTo: 'amq.rabbitmq.reply-to', persistent: true, priority: 5, headers: { a: '1', b: '2' }, correlationId: 'abc' });
  });
});

describe('explainAmqpError', () => {
  const login = { username: 'app', vhost: 'shop' };
  const address = 'amqp://mq:5672/shop → orders';

  it('turns an inequivalent queue argument into the two values and the fix', () => {
    const error = new Error(
      `Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'orders' in vhost 'shop': received 'false' but current is 'true'"`,
    );
    expect(explainAmqpError(error, address, login)).toEqual({
      retryable: false,
      message: `The queue 'orders' already exists on ${address} with other options: durable is true there, but this connection declares it with durable = false. Make the queue options match the service's (here: durable=true), or set noAssert to use the queue as it is.`,
    });
  });

  it('says the login was refused', () => {
    const error = new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."');
    expect(explainAmqpError(error, address, login)).toEqual({
      retryable: false,
      message: `${address} refused the login of user 'app' (ACCESS_REFUSED). Check the user name and password; RabbitMQ lets the built-in 'guest' user log in only from localhost.`,
    });
  });

  it('names a missing queue, and lets the connection retry (the service may declare it later)', () => {
    const error = new Error(`Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - no queue 'orders' in vhost 'shop'"`);
    expect(explainAmqpError(error, address, login)).toEqual({
      retryable: true,
      message: `The queue 'orders' does not exist in vhost 'shop' on ${address}. Start the service (it declares its queue), or turn off noAssert so that Patchbay declares it.`,
    });
  });

  it('reconnects after the broker closed a working channel, whatever the reason', () => {
    const cause = new Error(`Channel closed by server: 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - invalid expiration 'soon'"`);
    expect(explainAmqpError(new RmqLinkClosedError(cause), address, login)).toEqual({
      retryable: true,
      message: `${address} closed the link: ${address} refused the request as inconsistent (PRECONDITION_FAILED - invalid expiration 'soon'). Check the queue and exchange options against the service's.`,
    });
  });
});

// RabbitMQ restarted under a running session (issue 8, resilience): a private RabbitMQ node the
// test stops and starts three times while a connection, an exchange tap and a mock use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateBroker } from '../../../fixtures/rig/private-broker.mjs';
import { startPrivateBroker } from '../../../fixtures/rig/private-broker.mjs';
import type { CycleReport, RestartSession } from '../../test-support/broker-restart';
import { escape, expectFlatResources, expectRecovered, startRestartSession } from '../../test-support/broker-restart';

// Through a topic exchange (Nest's `wildcards`): the tap binds a queue of its own to it.
const queue = 'patchbay_restart';
const exchange = 'patchbay_restart_x';

let broker: PrivateBroker;
let session: RestartSession;
beforeAll(async () => {
  broker = await startPrivateBroker('rabbitmq');
  const target = { kind: 'rmq', host: '127.0.0.1', port: broker.rabbitmq!.port, queue, exchange, wildcards: true };
  session = await startRestartSession(broker, {
    kind: 'rabbitmq',
    target: () => target,
    mockTarget: () => target,
    listenSpec: () => ({ kind: 'rmq-exchange', exchange }),
  });
}, 90_000);
afterAll(async () => {
  await session?.close();
  await broker?.stop();
});

describe('a RabbitMQ restart mid-session', () => {
  it('reconnects, fails the pending request at once, resumes the tap and the mock, and leaks nothing over three restarts', { timeout: 150_000 }, async () => {
    const reports: CycleReport[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      reports.push(await session.cycle());
      // PATCHBAY_RESTART_REPORT=1 shows what each cycle saw, and how long each step took.
      if (process.env.PATCHBAY_RESTART_REPORT) console.log(JSON.stringify(reports.at(-1), null, 1));
    }
    const address = `amqp://127.0.0.1:${broker.rabbitmq!.port} → ${queue}`;
    const closed = '(it stopped, restarted or dropped this client)';
    for (const report of reports) {
      expectRecovered(report);
      // A stopping node closes each channel before the connection: the channel is what goes first.
      expect(report.reconnectingReason).toBe(`RabbitMQ at ${address} closed the channel ${closed}.`);
      expect(report.pending.message).toBe(`The connection to RabbitMQ at ${address} was lost before the reply arrived: RabbitMQ closed the channel ${closed}. The service may or may not have handled the request.`);
      expect(report.whileDown.message).toMatch(new RegExp(`^Not connected to ${escape(address)} \\(reconnecting\\), so nothing was sent\\. Last error: .+$`));
      expect(report.listenerReason).toBe(`The connection to ${address} was lost (RabbitMQ at ${address} closed the channel ${closed}). Listening resumes once ${address} is back.`);
      expect(report.mockReason).toBe(`The RabbitMQ mock's channel to ${address} was closed. The mock joins ${address} again once it is back.`);
    }
    expect(session.crashes).toEqual([]);
    expectFlatResources(reports[0]!, reports[2]!);
  });
});

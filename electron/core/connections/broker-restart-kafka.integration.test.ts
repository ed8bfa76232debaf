// Kafka (KRaft) restarted under a running session (issue 8, resilience): a private Kafka the test
// stops and starts three times (on the same log dir) while a connection, a tap and a mock use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateBroker } from '../../../fixtures/rig/private-broker.mjs';
import { startPrivateBroker } from '../../../fixtures/rig/private-broker.mjs';
import type { CycleReport, RestartSession } from '../../test-support/broker-restart';
import { escape, EVENT_PATTERN, expectFlatResources, expectRecovered, startRestartSession } from '../../test-support/broker-restart';

let broker: PrivateBroker;
let session: RestartSession;
beforeAll(async () => {
  broker = await startPrivateBroker('kafka');
  const target = { kind: 'kafka', brokers: broker.kafka!.brokers };
  session = await startRestartSession(broker, {
    kind: 'kafka',
    target: () => target,
    mockTarget: () => target,
    listenSpec: () => ({ kind: 'kafka', topics: [EVENT_PATTERN] }),
  });
}, 90_000);
afterAll(async () => {
  await session?.close();
  await broker?.stop();
});

describe('a Kafka restart mid-session', () => {
  it('reconnects, fails the pending request at once, resumes the tap and the mock, and leaks nothing over three restarts', { timeout: 240_000 }, async () => {
    const reports: CycleReport[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      reports.push(await session.cycle());
      // PATCHBAY_RESTART_REPORT=1 shows what each cycle saw, and how long each step took.
      if (process.env.PATCHBAY_RESTART_REPORT) console.log(JSON.stringify(reports.at(-1), null, 1));
    }
    const address = `kafka://${broker.kafka!.brokers[0]}`;
    const refused = `Nothing is listening on ${address} (connection refused). Start the service, or check the port.`;
    for (const report of reports) {
      expectRecovered(report);
      // kafkajs gives no close reason: a closed socket makes Patchbay probe the brokers, and none answers.
      expect(report.reconnectingReason).toBe(refused);
      expect(report.pending.message).toBe(`The connection to ${address} was lost before the reply arrived (${refused}). The service may or may not have handled the request.`);
      expect(report.whileDown.message).toMatch(new RegExp(`^Not connected to ${escape(address)} \\(reconnecting\\), so nothing was sent\\. Last error: .+$`));
      // The connection notices first, or the listener's consumer crashes first: either way it says it resumes.
      expect(report.listenerReason).toMatch(new RegExp(`^(The connection to ${escape(address)} was lost \\(.+\\)|Patchbay's consumer stopped reading: .+)\\. Listening resumes once ${escape(address)} is back\\.$`));
      expect(report.mockReason).toMatch(new RegExp(`^The Kafka mock's consumer on ${escape(address)} stopped: .+\\. The mock joins ${escape(address)} again once it is back\\.$`));
    }
    expect(session.crashes).toEqual([]);
    expectFlatResources(reports[0]!, reports[2]!);
  });
});

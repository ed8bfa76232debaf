// Redis restarted under a running session (issue 8, resilience): a private Redis the test stops
// and starts three times while a connection, a tap and a mock use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateBroker } from '../../../fixtures/rig/private-broker.mjs';
import { startPrivateBroker } from '../../../fixtures/rig/private-broker.mjs';
import type { CycleReport, RestartSession } from '../../test-support/broker-restart';
import { escape, EVENT_PATTERN, expectFlatResources, expectRecovered, startRestartSession } from '../../test-support/broker-restart';

let broker: PrivateBroker;
let session: RestartSession;
beforeAll(async () => {
  broker = await startPrivateBroker('redis');
  const target = { kind: 'redis', host: '127.0.0.1', port: broker.redis!.port };
  session = await startRestartSession(broker, {
    kind: 'redis',
    target: () => target,
    mockTarget: () => target,
    listenSpec: () => ({ kind: 'redis', channels: [EVENT_PATTERN] }),
  });
}, 60_000);
afterAll(async () => {
  await session?.close();
  await broker?.stop();
});

describe('a Redis restart mid-session', () => {
  it('reconnects, fails the pending request at once, resumes the tap and the mock, and leaks nothing over three restarts', { timeout: 120_000 }, async () => {
    const reports: CycleReport[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      reports.push(await session.cycle());
      // PATCHBAY_RESTART_REPORT=1 shows what each cycle saw, and how long each step took.
      if (process.env.PATCHBAY_RESTART_REPORT) console.log(JSON.stringify(reports.at(-1), null, 1));
    }
    const address = `redis://127.0.0.1:${broker.redis!.port}`;
    const closed = '(it stopped, restarted or dropped this client)';
    for (const report of reports) {
      expectRecovered(report);
      expect(report.reconnectingReason).toBe(`Redis at ${address} closed the connection ${closed}.`);
      // Whichever of the client's two connections Redis closed first.
      expect(report.pending.message).toMatch(
        new RegExp(`^The connection to Redis at ${escape(address)} was lost before the reply arrived: Redis closed the (publisher|subscriber) connection ${escape(closed)}\\. The service may or may not have handled the request\\.$`),
      );
      expect(report.whileDown.message).toMatch(new RegExp(`^Not connected to ${escape(address)} \\(reconnecting\\), so nothing was sent\\. Last error: .+$`));
      // The listener's own connection may notice before the client's does: either way it says it resumes.
      expect(report.listenerReason).toMatch(new RegExp(`^The (connection|listener's connection) to ${escape(address)} .+ Listening resumes once ${escape(address)} is back\\.$`));
      expect(report.mockReason).toMatch(new RegExp(`^The Redis mock's (publisher|subscriber) connection to ${escape(address)} was lost\\. The mock joins ${escape(address)} again once it is back\\.$`));
    }
    expect(session.crashes).toEqual([]);
    expectFlatResources(reports[0]!, reports[2]!);
  });
});

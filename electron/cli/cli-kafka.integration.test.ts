// The built `patchbay` command over Kafka, against a real Nest 12 service whose Kafka server
// this file starts on the rig broker (holding the broker lock: Kafka topics are global).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import type { NestService } from '../../fixtures/nest/start.mjs';
import { startNestService } from '../../fixtures/nest/start.mjs';
import { kafkaBrokers, startHoldingBroker } from '../core/transports/kafka/test-support/kafka-fixture';

const target = `kafka://${kafkaBrokers().join(',')}?clientId=patchbay-cli-test`;

describe('patchbay over Kafka against Nest 12', () => {
  let nest: NestService;
  beforeAll(async () => {
    nest = await startHoldingBroker((brokers) => startNestService({ major: 12, tcp: { port: 0 }, kafka: { brokers } }));
  }, 300_000);
  afterAll(() => nest?.stop());

  it('prints "6" for sum [1,2,3]: a string, as a Nest ClientKafka receives it', async () => {
    expect(await patchbay(['send', target, 'sum', '[1,2,3]'])).toEqual({ code: 0, stdout: '"6"\n', stderr: '' });
  });

  it('prints one line per stream value', async () => {
    expect(await patchbay(['send', target, 'stream'])).toEqual({ code: 0, stdout: '"1"\n"2"\n"3"\n', stderr: '' });
  });

  it('prints the object a handler returns as JSON', async () => {
    const run = await patchbay(['send', target, 'users.create', '{"name":"Ada"}']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'Ada', id: expect.any(Number) });
  });

  it('exits 1 with the RpcException object on stderr', async () => {
    expect(await patchbay(['send', target, 'fail_object'])).toEqual({ code: 1, stdout: '', stderr: '{"status":404,"message":"nope","extra":1}\n' });
  });

  it('emits an event silently, and the service records it', async () => {
    await patchbay(['send', target, 'events_reset']);
    expect(await patchbay(['emit', target, 'order_placed', '{"id":42}'])).toEqual({ code: 0, stdout: '', stderr: '' });
    await expect
      .poll(async () => (JSON.parse((await patchbay(['send', target, 'events'])).stdout || '[]') as { pattern: string; data: unknown }[]).map(({ pattern, data }) => ({ pattern, data })), { timeout: 10_000 })
      .toEqual([{ pattern: 'order_placed', data: { id: 42 } }]);
  });

  it('exits 3 at the timeout when the handler is slower', async () => {
    expect(await patchbay(['send', target, 'slow', '{"ms":3000}', '--timeout', '1000'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'patchbay: Timed out after 1000 ms waiting for a reply to slow. The handler may be slow or never answer; raise the request timeout to wait longer.\n',
    });
  });

  it('exits 2 for an object pattern, naming the string pattern to use', async () => {
    expect(await patchbay(['send', target, '{"cmd":"sum"}', '[1,2]'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchbay: Kafka routes by topic name and {"cmd":"sum"} cannot be one (topics may only contain letters, digits, ".", "_" and "-"). Nest Kafka handlers use string patterns, e.g. @MessagePattern('sum'): send to that string instead of an object pattern.\n`,
    });
  });
});

describe('patchbay over Kafka without a broker', () => {
  it('exits 3 when nothing listens', async () => {
    expect(await patchbay(['send', 'kafka://127.0.0.1:1', 'sum', '[1]'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'patchbay: Nothing is listening on kafka://127.0.0.1:1 (connection refused). Start the service, or check the port.\n',
    });
  });

  it('exits 2 for a broker without a port', async () => {
    expect(await patchbay(['send', 'kafka://127.0.0.1', 'sum'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: Invalid target "kafka://127.0.0.1": the broker "127.0.0.1" needs a port, e.g. 127.0.0.1:9092\n',
    });
  });
});

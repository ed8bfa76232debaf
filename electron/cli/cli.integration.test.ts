// The built `patchbay` command against real Nest services: output, exit codes, stdin.
import { describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import { NEST_MAJORS, fixtureServices } from '../test-support/fixture-services';

const services = fixtureServices();

const target = (major: (typeof NEST_MAJORS)[number]) => `tcp://127.0.0.1:${services.nest[major].tcp.port}`;

describe.each(NEST_MAJORS)('patchbay send against Nest %s', (major) => {
  it('prints 6 for {"cmd":"sum"} [1,2,3]', async () => {
    expect(await patchbay(['send', target(major), '{"cmd":"sum"}', '[1,2,3]'])).toEqual({ code: 0, stdout: '6\n', stderr: '' });
  });

  it('prints one line per stream value', async () => {
    expect(await patchbay(['send', target(major), '{"cmd":"stream_slow"}'])).toEqual({ code: 0, stdout: '1\n2\n3\n', stderr: '' });
  });

  it('exits 1 with the RpcException object on stderr', async () => {
    expect(await patchbay(['send', target(major), '{"cmd":"fail_object"}'])).toEqual({ code: 1, stdout: '', stderr: '{"status":404,"message":"nope","extra":1}\n' });
  });

  it('exits 1 with Nest\'s message for an unknown pattern', async () => {
    expect(await patchbay(['send', target(major), 'no.such.pattern'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '"There is no matching message handler defined in the remote service."\n',
    });
  });

  it('exits 3 at the timeout when the service stays silent', async () => {
    expect(await patchbay(['send', target(major), '{"cmd":"silent"}', '--timeout', '300'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'patchbay: Timed out after 300 ms waiting for a reply to {"cmd":"silent"}. The handler may be slow or never answer; raise the request timeout to wait longer.\n',
    });
  });
});

describe('patchbay CLI', () => {
  const nest12 = target('12');

  it('prints JSON envelopes with --json', async () => {
    const run = await patchbay(['send', nest12, '{"cmd":"stream"}', '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { ok: boolean; response: unknown; latencyMs: number });
    expect(lines.map(({ ok, response }) => ({ ok, response }))).toEqual([
      { ok: true, response: 1 },
      { ok: true, response: 2 },
      { ok: true, response: 3 },
    ]);
    expect(lines.every((line) => typeof line.latencyMs === 'number' && line.latencyMs > 0)).toBe(true);
  });

  it('reads the payload from stdin with --data-file -', async () => {
    expect(await patchbay(['send', nest12, '{"cmd":"sum"}', '--data-file', '-'], '[10, 20]')).toEqual({ code: 0, stdout: '30\n', stderr: '' });
  });

  it('says when the handler returned nothing', async () => {
    expect(await patchbay(['send', nest12, '{"cmd":"void"}'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'patchbay: the handler completed without a value (a Nest client would get EmptyError)\n',
    });
  });

  it('emits an event silently, and the service records it', async () => {
    await patchbay(['send', nest12, '{"cmd":"events_reset"}']);
    expect(await patchbay(['emit', nest12, 'user.created', '{"id":42}'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const run = await patchbay(['send', nest12, '{"cmd":"events"}']);
    expect((JSON.parse(run.stdout) as { pattern: string; data: unknown }[]).map(({ pattern, data }) => ({ pattern, data }))).toEqual([{ pattern: 'user.created', data: { id: 42 } }]);
  });

  it('connects over mutual TLS with certificate files', async () => {
    const { dir } = services.certs;
    const url = `tcp+tls://127.0.0.1:${services.mtls.tcp.port}?ca=${dir}/ca.crt&cert=${dir}/client.crt&key=${dir}/client.key`;
    expect(await patchbay(['send', url, '{"cmd":"sum"}', '[4,5]'])).toEqual({ code: 0, stdout: '9\n', stderr: '' });
  });

  it('exits 2 for invalid JSON, naming the position', async () => {
    expect(await patchbay(['send', nest12, '{"cmd":"sum"}', '[1,2,'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchbay: Invalid JSON in the payload at line 1, column 6 (position 5): value expected. Quote it for your shell, e.g. '{"id":1}'.\n`,
    });
  });

  it('exits 2 for an unknown transport and for a missing argument', async () => {
    expect(await patchbay(['send', 'nats://127.0.0.1:4222', 'x'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'patchbay: Unknown transport "nats" in "nats://127.0.0.1:4222". Supported: tcp://host:port, tcp+tls://host:port?ca=ca.pem, grpc://host:port[?proto=file.proto], grpcs://host:port?ca=ca.pem[&proto=file.proto], redis://[user:pass@]host:port[/db], rediss://[user:pass@]host:port[/db]?ca=ca.pem, amqp://user:pass@host:port/vhost?queue=NAME, amqps://user:pass@host:port/vhost?queue=NAME&ca=ca.pem, kafka://host:port[,host:port]?clientId=NAME[&ssl=1&sasl=plain&username=U&password=P], kafkas://host:port[,host:port]?ca=ca.pem.\n',
    });
    const missing = await patchbay(['send', nest12]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'pattern'");
  });

  it('exits 3 when nothing listens', async () => {
    expect(await patchbay(['send', 'tcp://127.0.0.1:1', 'x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'patchbay: Nothing is listening on tcp://127.0.0.1:1 (connection refused). Start the service, or check the port.\n',
    });
  });

  it('exits 2 for a traffic log size that is not a positive whole number', async () => {
    const run = await patchbay(['web', '--traffic-entries', '0']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining("error: option '--traffic-entries <n>' argument '0' is invalid. Expected a positive whole number.") });
  });
});

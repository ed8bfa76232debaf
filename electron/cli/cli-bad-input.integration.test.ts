// The built `patchbay` command fed bad input and pointed at the wrong places, as a new user would:
// each mistake gets one line on stderr that names the problem and the fix, and the exit code says
// whose it is (2: the input, 3: the connection). Never a stack trace, never [object Object].
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import { fixtureServices } from '../test-support/fixture-services';

const services = fixtureServices();
const nest12 = `tcp://127.0.0.1:${services.nest['12'].tcp.port}`;
const tlsPort = services.tls.tcp.port;
const ca = join(services.certs.dir, 'ca.crt');

const root = mkdtempSync(join(tmpdir(), 'patchbay-bad-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
function write(path: string, text: string): string {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
  return join(root, path);
}

const SUPPORTED =
  'tcp://host:port, tcp+tls://host:port?ca=ca.pem, grpc://host:port[?proto=file.proto], grpcs://host:port?ca=ca.pem[&proto=file.proto], redis://[user:pass@]host:port[/db], rediss://[user:pass@]host:port[/db]?ca=ca.pem, amqp://user:pass@host:port/vhost?queue=NAME, amqps://user:pass@host:port/vhost?queue=NAME&ca=ca.pem, kafka://host:port[,host:port]?clientId=NAME[&ssl=1&sasl=plain&username=U&password=P], kafkas://host:port[,host:port]?ca=ca.pem';

const usage = (message: string) => ({ code: 2, stdout: '', stderr: `patchbay: ${message}\n` });
const connection = (message: string) => ({ code: 3, stdout: '', stderr: `patchbay: ${message}\n` });

describe('patchbay with bad input', () => {
  it('names line, column and what was expected in an invalid JSON payload', async () => {
    expect(await patchbay(['send', nest12, '{"cmd":"sum"}', '{\n  "a": 1,\n  "b": }'])).toEqual(usage(`Invalid JSON in the payload at line 3, column 8 (position 19): value expected. Quote it for your shell, e.g. '{"id":1}'.`));
    expect(await patchbay(['send', nest12, '{"cmd":"sum"}', '--data-file', '-'], '[1, 2,,]')).toEqual(usage('Invalid JSON in the payload read from stdin at line 1, column 7 (position 6): value expected. Fix the JSON there.'));
  });

  it.each([
    ['tcp://[bad', `"tcp://[bad" is not a target URL. Write it as one of: ${SUPPORTED}.`],
    ['localhost:3000', `"localhost:3000" has no transport: start it with one, for example tcp://localhost:3000. Write it as one of: ${SUPPORTED}.`],
    ['tcp://127.0.0.1', 'Invalid target "tcp://127.0.0.1": the URL has no port; the usual one is 3000'],
    ['tcp://127.0.0.1:99999', 'The port 99999 in "tcp://127.0.0.1:99999" is out of range. Write a port from 1 to 65535.'],
    ['tcp://127.0.0.1:http', 'The port "http" in "tcp://127.0.0.1:http" is not a number. Write a port from 1 to 65535 after the host, for example tcp://127.0.0.1:3000.'],
    ['mqtt://127.0.0.1:1883', `Unknown transport "mqtt" in "mqtt://127.0.0.1:1883". Supported: ${SUPPORTED}.`],
  ])('exits 2 for the target %s, saying how to write it', async (target, message) => {
    expect(await patchbay(['send', target, 'x', '{}'])).toEqual(usage(message));
  });

  it('exits 2 naming a TLS file that does not exist', async () => {
    const missing = join(root, 'no-such-ca.pem');
    expect(await patchbay(['send', `tcp+tls://127.0.0.1:${tlsPort}?ca=${missing}`, 'x'])).toEqual(
      usage(`The ca file "${missing}" (ca= in the URL) does not exist. Check the path; a relative one starts at the folder Patchbay runs in.`),
    );
  });
});

describe('patchbay with a .proto that does not load', () => {
  const grpc = (query: string) => `grpc://127.0.0.1:1?${query}`;

  it('exits 2 naming a proto file that does not exist', async () => {
    const missing = join(root, 'missing.proto');
    expect(await patchbay(['send', grpc(`proto=${missing}`), 'users.UsersService/GetUser', '{}'])).toEqual(usage(`The proto file ${missing} does not exist. Check the path, or give an absolute one.`));
  });

  it('exits 2 naming the import that cannot be found and the folders searched', async () => {
    const proto = write('imports/orders.proto', 'syntax = "proto3";\npackage orders;\nimport "common/money.proto";\nmessage Order { string id = 1; }\n');
    const includeDir = join(root, 'include');
    mkdirSync(includeDir, { recursive: true });
    expect(await patchbay(['describe', grpc(`proto=${proto}&import=${includeDir}`)])).toEqual(
      usage(
        `${proto}:3:8: import "common/money.proto" cannot be found. Searched ${includeDir} (include dir), ${join(root, 'imports')} (the importing file's folder). ` +
          'Add the folder that holds common/money.proto as an include dir ("Include directories" in the connection form, import=DIR in a target URL).',
      ),
    );
  });

  it('exits 2 with file, line, column and token of a syntax error', async () => {
    const proto = write('syntax/users.proto', 'syntax = "proto3";\npackage users;\n\nmessage User {\n  int32 id = 1\n  string name = 2;\n}\n');
    expect(await patchbay(['send', grpc(`proto=${proto}`), 'users.UsersService/GetUser', '{}'])).toEqual(
      usage(`${proto}:6:3: syntax error: unexpected 'string', expected ';'. The statement before it may lack its ;. Fix the .proto file.`),
    );
  });
});

describe('patchbay pointed at the wrong place', () => {
  let silent: Server;
  let silentPort: number;
  const accepted = new Set<Socket>();
  beforeAll(async () => {
    // Accepts the TCP connection and never answers the TLS handshake.
    silent = createServer((socket) => accepted.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    // Never read, these sockets would not notice the client leaving; close() waits for them.
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('exits 3 when nothing listens on the port', async () => {
    expect(await patchbay(['send', 'tcp://127.0.0.1:1', 'x'])).toEqual(connection('Nothing is listening on tcp://127.0.0.1:1 (connection refused). Start the service, or check the port.'));
  });

  it('exits 3 when the host name does not resolve', async () => {
    expect(await patchbay(['send', 'tcp://no-such-host.invalid:3000', 'x'])).toEqual(connection('The host of tcp://no-such-host.invalid:3000 could not be resolved (ENOTFOUND). Check the host name.'));
  });

  it('exits 3 when the service does not answer within the connect timeout', async () => {
    expect(await patchbay(['send', `tcp+tls://127.0.0.1:${silentPort}?ca=${ca}`, 'x', '--connect-timeout', '300'])).toEqual(
      connection(`No answer from tcp+tls://127.0.0.1:${silentPort} within 300 ms. Check the host and port, and that no firewall drops the connection.`),
    );
  });

  it('exits 3 naming the ca setting when the server certificate is signed by an unknown CA', async () => {
    expect(await patchbay(['send', `tcp+tls://127.0.0.1:${tlsPort}`, '{"cmd":"sum"}', '[1]'])).toEqual(
      connection(
        `TLS handshake with tcp+tls://127.0.0.1:${tlsPort} failed: unable to verify the first certificate. Give the CA certificate that signed the server's certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). ` +
          'Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).',
      ),
    );
  });

  it('exits 3 listing the names the certificate has when the server name is not one of them', async () => {
    expect(await patchbay(['send', `tcp+tls://127.0.0.1:${tlsPort}?ca=${ca}&servername=orders.example`, '{"cmd":"sum"}', '[1]'])).toEqual(
      connection(
        `TLS handshake with tcp+tls://127.0.0.1:${tlsPort} failed: the server's certificate is not issued for "orders.example"; it names DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1. ` +
          'Connect by a name the certificate has, or set the server name to one of them (servername=NAME in a target URL, "Server name" in the connection form).',
      ),
    );
  });

  it('exits 3 telling to turn TLS off when the service does not use TLS', async () => {
    const plainPort = services.nest['12'].tcp.port;
    expect(await patchbay(['send', `tcp+tls://127.0.0.1:${plainPort}?ca=${ca}`, '{"cmd":"sum"}', '[1]'])).toEqual(
      connection(
        `tcp+tls://127.0.0.1:${plainPort} reset the connection during the TLS handshake: the service may not use TLS on this port. Turn TLS off for this connection ("Use TLS" in the connection form, a scheme without TLS such as tcp:// in a URL), or check the port.`,
      ),
    );
  });
});

describe('patchbay run with a malformed collection', () => {
  it('exits 2 for a collection folder that does not exist', async () => {
    const missing = join(root, 'no-such-collection');
    expect(await patchbay(['run', missing])).toEqual(
      usage(`${missing} does not exist. Check the path, or create a collection there: a folder with a patchbay-collection.yaml holding "patchbay: 1" and "name: <collection name>".`),
    );
  });

  it('exits 2 naming file, line and column of a YAML syntax error in the manifest', async () => {
    write('broken-manifest/patchbay-collection.yaml', 'patchbay: 1\nname: Orders\nconnections:\n  orders: { target: tcp://127.0.0.1:3000\n');
    const run = await patchbay(['run', join(root, 'broken-manifest')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^patchbay: patchbay-collection\.yaml:5:1: YAML syntax error: .+\. Check the indentation, quotes and brackets here\.\n$/);
  });
});

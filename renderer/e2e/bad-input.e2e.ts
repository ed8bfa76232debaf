// Bad input in the app, as a new user types it: a URL that is not one, a transport Patchbay does
// not speak, invalid JSON, a .proto that does not load, the wrong port, TLS settings that do not
// fit the server. Each shows a message that names the problem and the fix, where the user is looking.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { submitConnectionForm } from './connection-steps';
import { replacePayload } from './grpc-steps';
import { addConnection, composeRequest, connectionItem, expect, payloadEditor, test } from './patchbay-test';

const SUPPORTED =
  'tcp://host:port, tcp+tls://host:port?ca=ca.pem, grpc://host:port[?proto=file.proto], grpcs://host:port?ca=ca.pem[&proto=file.proto], redis://[user:pass@]host:port[/db], rediss://[user:pass@]host:port[/db]?ca=ca.pem, amqp://user:pass@host:port/vhost?queue=NAME, amqps://user:pass@host:port/vhost?queue=NAME&ca=ca.pem, kafka://host:port[,host:port]?clientId=NAME[&ssl=1&sasl=plain&username=U&password=P], kafkas://host:port[,host:port]?ca=ca.pem';

const screenshot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

let dir: string;
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-bad-input-e2e-'));
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

test('the Paste URL field says what is wrong with a URL and how to write it', async ({ app: page }) => {
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  const url = dialog.getByLabel('Paste URL');
  const cases: [string, string][] = [
    ['mqtt://127.0.0.1:1883', `Unknown transport "mqtt" in "mqtt://127.0.0.1:1883". Supported: ${SUPPORTED}.`],
    ['localhost:3000', `"localhost:3000" has no transport: start it with one, for example tcp://localhost:3000. Write it as one of: ${SUPPORTED}.`],
    ['tcp://127.0.0.1:99999', 'The port 99999 in "tcp://127.0.0.1:99999" is out of range. Write a port from 1 to 65535.'],
    ['tcp://127.0.0.1', 'Invalid target "tcp://127.0.0.1": the URL has no port; the usual one is 3000'],
    ['redis://app:s3cret@[::1', `"redis://app:••••••@[::1" is not a target URL. Write it as one of: ${SUPPORTED}.`],
  ];
  for (const [text, message] of cases) {
    await url.fill(text);
    await dialog.getByRole('button', { name: 'Parse' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(message);
    await expect(url).toHaveAttribute('aria-invalid', 'true');
  }
  await url.fill('tcp://127.0.0.1:99999');
  await dialog.getByRole('button', { name: 'Parse' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The port 99999 in "tcp://127.0.0.1:99999" is out of range. Write a port from 1 to 65535.');
  await screenshot(page, 'bad-url');

  await url.fill('tcp://127.0.0.1:3000');
  await dialog.getByRole('button', { name: 'Parse' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Filled in' })).toHaveText('Filled in the TCP fields below from the URL.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('invalid JSON in the payload and the pattern names line, column and what was expected', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'bad-json', host, port });

  await composeRequest(page, '{"cmd":"sum"}', '{\n  "a": 1,\n  "b": \n}');
  await expect(payloadEditor(page)).toHaveAccessibleDescription('Payload is not valid JSON (value expected at line 4, column 1) — fix it, then press Send');
  await replacePayload(page, '[1, 2,');
  await expect(payloadEditor(page)).toHaveAccessibleDescription('Payload is not valid JSON (value expected at line 1, column 7) — fix it, then press Send');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await screenshot(page, 'bad-payload');

  await page.getByLabel('Pattern', { exact: true }).fill('{"cmd" "sum"}');
  await expect(page.getByLabel('Pattern', { exact: true })).toHaveAccessibleDescription('Pattern is not a valid JSON object (colon expected at line 1, column 8) — fix the JSON, or drop the leading { for a string pattern');
});

test('a connection to the wrong port or host says nothing listens there, or that the host is unknown', async ({ app: page }) => {
  await submitConnectionForm(page, 'wrong-port', 'TCP', { Host: '127.0.0.1', Port: '1', 'Connect timeout (ms)': '1000' });
  await expect(connectionItem(page, 'wrong-port').getByRole('paragraph')).toHaveText('Nothing is listening on tcp://127.0.0.1:1 (connection refused). Start the service, or check the port.');

  await submitConnectionForm(page, 'wrong-host', 'TCP', { Host: 'no-such-host.invalid', Port: '3000', 'Connect timeout (ms)': '1000' });
  await expect(connectionItem(page, 'wrong-host').getByRole('paragraph')).toHaveText('The host of tcp://no-such-host.invalid:3000 could not be resolved (ENOTFOUND). Check the host name.');
});

test('TLS failures name the setting to change: the CA, the server name, or TLS itself', async ({ app: page, services }) => {
  const tls = services.tls.tcp;
  const openTls = async (name: string, port: number, fields: Record<string, string>) => {
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Host', { exact: true }).fill(tls.host);
    await dialog.getByLabel('Port', { exact: true }).fill(String(port));
    await dialog.getByLabel('Use TLS').check();
    for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();
    return connectionItem(page, name);
  };

  const unknownCa = await openTls('tls-unknown-ca', tls.port, {});
  await expect(unknownCa.getByRole('status')).toHaveText('Failed');
  await expect(unknownCa.getByRole('paragraph')).toHaveText(
    `TLS handshake with tcp+tls://${tls.host}:${tls.port} failed: unable to verify the first certificate. Give the CA certificate that signed the server's certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). ` +
      'Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).',
  );
  await screenshot(page, 'tls-unknown-ca');

  const wrongName = await openTls('tls-wrong-name', tls.port, { 'CA certificate (PEM)': services.certs.ca, 'Server name': 'orders.example' });
  await expect(wrongName.getByRole('status')).toHaveText('Failed');
  await expect(wrongName.getByRole('paragraph')).toHaveText(
    `TLS handshake with tcp+tls://${tls.host}:${tls.port} failed: the server's certificate is not issued for "orders.example"; it names DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1. ` +
      'Connect by a name the certificate has, or set the server name to one of them (servername=NAME in a target URL, "Server name" in the connection form).',
  );

  const plainPort = services.nest['12'].tcp.port;
  const plain = await openTls('tls-to-plain', plainPort, { 'CA certificate (PEM)': services.certs.ca });
  await expect(plain.getByRole('paragraph')).toHaveText(
    `tcp+tls://${tls.host}:${plainPort} reset the connection during the TLS handshake: the service may not use TLS on this port. Turn TLS off for this connection ("Use TLS" in the connection form, a scheme without TLS such as tcp:// in a URL), or check the port.`,
  );
  // Selected, the connection's whole message shows under the request bar (the sidebar clamps it).
  await wrongName.getByRole('button', { name: 'tls-wrong-name', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Why tls-wrong-name is not connected' })).toHaveText(
    `tls-wrong-name could not connect. TLS handshake with tcp+tls://${tls.host}:${tls.port} failed: the server's certificate is not issued for "orders.example"; it names DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1. ` +
      'Connect by a name the certificate has, or set the server name to one of them (servername=NAME in a target URL, "Server name" in the connection form).',
  );
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveAccessibleDescription('tls-wrong-name could not connect — see why below');
  await screenshot(page, 'tls-selected');
});

test('a .proto that does not load says which file, line and column, or which import is missing', async ({ app: page }) => {
  const broken = join(dir, 'broken', 'users.proto');
  await mkdir(join(dir, 'broken'), { recursive: true });
  await writeFile(broken, 'syntax = "proto3";\npackage users;\n\nmessage User {\n  int32 id = 1\n  string name = 2;\n}\n');
  await submitConnectionForm(page, 'proto-syntax', 'gRPC', { Host: '127.0.0.1', Port: '1', 'Proto files': broken });
  const syntax = connectionItem(page, 'proto-syntax');
  await expect(syntax.getByRole('status')).toHaveText('Failed');
  await expect(syntax.getByRole('paragraph')).toHaveText(`${broken}:6:3: syntax error: unexpected 'string', expected ';'. The statement before it may lack its ;. Fix the .proto file.`);

  const importing = join(dir, 'orders', 'orders.proto');
  const includeDir = join(dir, 'include');
  await mkdir(join(dir, 'orders'), { recursive: true });
  await mkdir(includeDir, { recursive: true });
  await writeFile(importing, 'syntax = "proto3";\npackage orders;\nimport "common/money.proto";\nmessage Order { string id = 1; }\n');
  await submitConnectionForm(page, 'proto-import', 'gRPC', { Host: '127.0.0.1', Port: '1', 'Proto files': importing, 'Include directories': includeDir });
  await expect(connectionItem(page, 'proto-import').getByRole('paragraph')).toHaveText(
    `${importing}:3:8: import "common/money.proto" cannot be found. Searched ${includeDir} (include dir), ${join(dir, 'orders')} (the importing file's folder). ` +
      'Add the folder that holds common/money.proto as an include dir ("Include directories" in the connection form, import=DIR in a target URL).',
  );

  const missing = join(dir, 'nowhere.proto');
  await submitConnectionForm(page, 'proto-missing', 'gRPC', { Host: '127.0.0.1', Port: '1', 'Proto files': missing });
  await expect(connectionItem(page, 'proto-missing').getByRole('paragraph')).toHaveText(`The proto file ${missing} does not exist. Check the path, or give an absolute one.`);
  await screenshot(page, 'bad-proto');
});

import { describe, expect, it } from 'vitest';
import { checkConnectionForm, emptyConnectionForm } from './connection-form-model';

describe('checkConnectionForm', () => {
  it('builds the connection.open input, leaving out what was not given', () => {
    expect(checkConnectionForm({ ...emptyConnectionForm, name: ' orders ', port: '3001' })).toEqual({
      ok: true,
      input: { name: 'orders', target: { kind: 'tcp', host: '127.0.0.1', port: 3001 } },
    });
  });

  it('adds TLS and timeouts when given', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----';
    const check = checkConnectionForm({ ...emptyConnectionForm, name: 'o', port: '3001', useTls: true, ca: pem, servername: 'orders.internal', verifyServerCertificate: false, requestTimeoutMs: '500' });
    expect(check).toEqual({
      ok: true,
      input: { name: 'o', target: { kind: 'tcp', host: '127.0.0.1', port: 3001, tls: { ca: pem, servername: 'orders.internal', rejectUnauthorized: false } }, options: { requestTimeoutMs: 500 } },
    });
  });

  it('puts each problem on its field, with the fix', () => {
    const check = checkConnectionForm({ ...emptyConnectionForm, host: 'tcp://x', port: '0', connectTimeoutMs: '-5', useTls: true, cert: 'not pem' });
    expect(check).toEqual({
      ok: false,
      errors: {
        name: 'Name is required — for example orders-service, to tell connections apart',
        host: 'Host is a name or address only — remove the scheme (tcp://) and put the port in Port',
        port: 'Port must be a whole number from 1 to 65535',
        cert: 'This is not PEM text — paste the block that starts with -----BEGIN CERTIFICATE-----',
        key: 'Client key is required with a client certificate — paste its PEM key, or clear the certificate',
        connectTimeoutMs: 'Connect timeout must be a whole number of milliseconds above 0 — or leave it empty for 5000',
      },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { ConnectTimeoutError, explainSocketError } from './explain-error';

const nodeError = (message: string, code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

const UNTRUSTED_FIX =
  'Give the CA certificate that signed the server\'s certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). ' +
  'Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).';

describe('explainSocketError', () => {
  it('says nothing listens on a refused port, and to start the service or check the port', () => {
    expect(explainSocketError(nodeError('connect ECONNREFUSED 127.0.0.1:1234', 'ECONNREFUSED'), 'tcp://127.0.0.1:1234')).toEqual({
      retryable: true,
      message: 'Nothing is listening on tcp://127.0.0.1:1234 (connection refused). Start the service, or check the port.',
    });
  });

  it('names a host that does not resolve and one that is unreachable', () => {
    expect(explainSocketError(nodeError('getaddrinfo ENOTFOUND nowhere.invalid', 'ENOTFOUND'), 'tcp://nowhere.invalid:3000').message).toBe(
      'The host of tcp://nowhere.invalid:3000 could not be resolved (ENOTFOUND). Check the host name.',
    );
    expect(explainSocketError(nodeError('connect EHOSTUNREACH 10.0.0.9:3000', 'EHOSTUNREACH'), 'tcp://10.0.0.9:3000').message).toBe(
      'tcp://10.0.0.9:3000 is unreachable (EHOSTUNREACH). Check the host, port and network.',
    );
    expect(explainSocketError(new ConnectTimeoutError('tcp://10.0.0.9:3000', 500), 'tcp://10.0.0.9:3000').message).toBe(
      'No answer from tcp://10.0.0.9:3000 within 500 ms. Check the host and port, and that no firewall drops the connection.',
    );
  });

  it.each([
    ['unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'],
  ])('names the ca setting for an unknown CA: %s', (reason, code) => {
    expect(explainSocketError(nodeError(reason, code), 'tcp+tls://127.0.0.1:3443')).toEqual({ retryable: false, message: `TLS handshake with tcp+tls://127.0.0.1:3443 failed: ${reason}. ${UNTRUSTED_FIX}` });
  });

  it('reads an unknown CA from the text alone, as grpc-js passes it', () => {
    expect(explainSocketError(new Error('unable to verify the first certificate'), 'grpcs://127.0.0.1:5000').message).toBe(
      `TLS handshake with grpcs://127.0.0.1:5000 failed: unable to verify the first certificate. ${UNTRUSTED_FIX}`,
    );
  });

  it("lists the names a certificate has when the server name is not one of them, and names the servername setting", () => {
    const error = nodeError(
      "Hostname/IP does not match certificate's altnames: Host: wrong.example. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1",
      'ERR_TLS_CERT_ALTNAME_INVALID',
      { host: 'wrong.example', cert: { subjectaltname: 'DNS:localhost, IP Address:127.0.0.1' } },
    );
    const expected =
      'TLS handshake with tcp+tls://127.0.0.1:3443 failed: the server\'s certificate is not issued for "wrong.example"; it names DNS:localhost, IP Address:127.0.0.1. ' +
      'Connect by a name the certificate has, or set the server name to one of them (servername=NAME in a target URL, "Server name" in the connection form).';
    expect(explainSocketError(error, 'tcp+tls://127.0.0.1:3443')).toEqual({ retryable: false, message: expected });
    // The same from the text only.
    expect(explainSocketError(new Error(error.message), 'tcp+tls://127.0.0.1:3443').message).toBe(expected);
  });

  it('asks for a client certificate when the service requires one', () => {
    expect(explainSocketError(nodeError('error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 'tcp+tls://127.0.0.1:3443').message).toBe(
      'tcp+tls://127.0.0.1:3443 requires a client certificate (mutual TLS) and none was given. Give the client certificate and its key (cert=client.pem&key=client.key in a target URL, "Client certificate (PEM)" and "Client key (PEM)" in the connection form).',
    );
  });

  it('tells a TLS connection reset by a plain service to turn TLS off, and a plain one to turn it on', () => {
    expect(explainSocketError(nodeError('read ECONNRESET', 'ECONNRESET'), 'tcp+tls://127.0.0.1:3000').message).toBe(
      'tcp+tls://127.0.0.1:3000 reset the connection during the TLS handshake: the service may not use TLS on this port. Turn TLS off for this connection ("Use TLS" in the connection form, a scheme without TLS such as tcp:// in a URL), or check the port.',
    );
    expect(explainSocketError(nodeError('read ECONNRESET', 'ECONNRESET'), 'tcp://127.0.0.1:3443').message).toBe('tcp://127.0.0.1:3443 reset the connection. If the service uses TLS, turn TLS on for this connection.');
    expect(explainSocketError(nodeError('wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), 'rediss://127.0.0.1:6379').message).toBe(
      'rediss://127.0.0.1:6379 did not answer the TLS handshake as a TLS server would (ERR_SSL_WRONG_VERSION_NUMBER): the service probably does not use TLS on this port. Turn TLS off for this connection, or check the port.',
    );
  });

  it('never shows an object as [object Object]', () => {
    expect(explainSocketError({ reason: 'odd' }, 'tcp://127.0.0.1:1').message).toBe('Connection to tcp://127.0.0.1:1 failed: {"reason":"odd"}');
  });
});

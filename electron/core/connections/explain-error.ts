// Socket-level errors in words a user can act on: what happened, and what to try.
import { redactUrlPasswords } from '../../../shared/redaction';
import type { LinkError } from './lifecycle';

export class ConnectTimeoutError extends Error {
  constructor(readonly address: string, readonly timeoutMs: number) {
    super(`No answer from ${address} within ${timeoutMs} ms`);
  }
}

/** Certificates signed by a CA the client does not trust: a self-signed one, or a private CA's. */
const UNKNOWN_CA_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED']);
const TLS_CODES = new Set([...UNKNOWN_CA_CODES, 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED']);

/** The schemes describeTarget gives a target with TLS on. */
const usesTls = (address: string) => /^(tcp\+tls|grpcs|rediss|amqps|kafkas):\/\//.test(address);

/** Where each TLS setting is, in both places a user gives it: a target URL (CLI, collections) and the connection form. */
const WHERE = {
  ca: 'ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form',
  servername: 'servername=NAME in a target URL, "Server name" in the connection form',
  clientCertificate: 'cert=client.pem&key=client.key in a target URL, "Client certificate (PEM)" and "Client key (PEM)" in the connection form',
  insecure: 'insecure=1 in a target URL, "Verify server certificate" off in the connection form',
};

export function explainSocketError(error: unknown, address: string): LinkError {
  if (error instanceof ConnectTimeoutError) {
    return { retryable: true, message: `${error.message}. Check the host and port, and that no firewall drops the connection.` };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  // Drivers may echo the URL they were given, password and all.
  const reason = redactUrlPasswords(reasonOf(error));
  switch (code) {
    case 'ECONNREFUSED':
      return { retryable: true, message: `Nothing is listening on ${address} (connection refused). Start the service, or check the port.` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { retryable: true, message: `The host of ${address} could not be resolved (${code}). Check the host name.` };
    case 'ECONNRESET':
      // A plain service drops a TLS client at its first bytes (the ClientHello), and a TLS one a
      // plain client: which advice fits depends on which side this connection is.
      return {
        retryable: true,
        message: usesTls(address)
          ? `${address} reset the connection during the TLS handshake: the service may not use TLS on this port. Turn TLS off for this connection ("Use TLS" in the connection form, a scheme without TLS such as tcp:// in a URL), or check the port.`
          : `${address} reset the connection. If the service uses TLS, turn TLS on for this connection.`,
      };
    case 'EPIPE':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { retryable: true, message: `${address} is unreachable (${code}). Check the host, port and network.` };
  }
  if (TLS_CODES.has(code) || /ssl|tls|certificate|altnames/i.test(reason)) return explainTlsError(error, code, reason, address);
  return { retryable: true, message: `Connection to ${address} failed: ${reason}` };
}

/** An error's words; a library that rejects with a plain object gets its message or its JSON, never "[object Object]". */
function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(error);
    } catch {
      return 'an unreadable error';
    }
  }
  return String(error);
}

/**
 * Certificate problems never fix themselves (not retryable): each message says which setting to
 * change. grpc-js passes only the text of Node's error, so the text is read as well as the code.
 */
function explainTlsError(error: unknown, code: string, reason: string, address: string): LinkError {
  const failed = `TLS handshake with ${address} failed: ${reason}.`;
  if (UNKNOWN_CA_CODES.has(code) || /self[- ]signed|unable to verify|unable to get (local )?issuer|certificate not trusted/i.test(reason)) {
    return {
      retryable: false,
      message: `${failed} Give the CA certificate that signed the server's certificate (${WHERE.ca}). Only for a throwaway test server, skip the check instead (${WHERE.insecure}).`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /does not match certificate's altnames/i.test(reason)) {
    const details = error as { host?: string; cert?: { subjectaltname?: string } } | undefined;
    // Node: "Host: wrong.example. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1"
    // or "IP: 10.0.0.1 is not in the cert's list: …".
    const host = details?.host ?? /(?:Host|IP): (.+?)\.? is not in the cert's/.exec(reason)?.[1];
    const names = details?.cert?.subjectaltname ?? /is not in the cert's (?:altnames|list): (.+)$/.exec(reason)?.[1];
    return {
      retryable: false,
      message:
        `TLS handshake with ${address} failed: the server's certificate is not issued for ${host ? `"${host}"` : 'the name connected to'}` +
        `${names ? `; it names ${names}` : ''}. Connect by a name the certificate has, or set the server name to one of them (${WHERE.servername}).`,
    };
  }
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' || /alert certificate required/i.test(reason)) {
    return { retryable: false, message: `${address} requires a client certificate (mutual TLS) and none was given. Give the client certificate and its key (${WHERE.clientCertificate}).` };
  }
  if (code === 'CERT_HAS_EXPIRED' || /certificate has expired/i.test(reason)) {
    return { retryable: false, message: `${failed} Renew the server's certificate; only for a throwaway test server, skip the check instead (${WHERE.insecure}).` };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(reason)) {
    return {
      retryable: false,
      message: `${address} did not answer the TLS handshake as a TLS server would (${code || 'wrong version number'}): the service probably does not use TLS on this port. Turn TLS off for this connection, or check the port.`,
    };
  }
  return {
    retryable: false,
    message: `${failed} Give the CA certificate that signed the server's certificate, set the server name it was issued for, or turn off "Verify server certificate" for a throwaway test server.`,
  };
}

/** Why a message was not sent: the connection is not ready, and what state it is in. */
export function notConnectedFailure(address: string, { state, lastError }: { state: string; lastError?: string }): { code: string; message: string } {
  // The last error is a sentence of its own, so it follows rather than sits in parentheses.
  return { code: 'not-connected', message: `Not connected to ${address} (${state}), so nothing was sent.${lastError ? ` Last error: ${redactUrlPasswords(lastError)}` : ''}` };
}

/** What a request still waiting for its reply learns when the user closes the connection. */
export function closedByUserFailure(address: string): { code: string; message: string } {
  return { code: 'closed', message: `The connection to ${address} was closed by you before the reply arrived.` };
}

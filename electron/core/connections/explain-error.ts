// Socket-level errors in words a user can act on: what happened, and what to try.
import type { LinkError } from './lifecycle';

export class ConnectTimeoutError extends Error {
  constructor(readonly address: string, readonly timeoutMs: number) {
    super(`No answer from ${address} within ${timeoutMs} ms`);
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export function explainSocketError(error: unknown, address: string): LinkError {
  if (error instanceof ConnectTimeoutError) {
    return { retryable: true, message: `${error.message}. Check the host and port, and that no firewall drops the connection.` };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return { retryable: true, message: `Nothing is listening on ${address} (connection refused). Start the service, or check the port.` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { retryable: true, message: `The host of ${address} could not be resolved (${code}). Check the host name.` };
    case 'ECONNRESET':
      return { retryable: true, message: `${address} reset the connection. If the service uses TLS, turn TLS on for this connection.` };
    case 'EPIPE':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { retryable: true, message: `${address} is unreachable (${code}). Check the host, port and network.` };
  }
  if (TLS_CODES.has(code) || /ssl|tls|certificate/i.test(reason)) {
    // Retrying cannot fix a certificate problem: the user has to change the TLS settings.
    return {
      retryable: false,
      message: `TLS handshake with ${address} failed: ${reason}. Give the CA certificate that signed the server's certificate, set the server name it was issued for, or turn off "Verify server certificate" for a throwaway test server.`,
    };
  }
  return { retryable: true, message: `Connection to ${address} failed: ${reason}` };
}

/** Why a message was not sent: the connection is not ready, and what state it is in. */
export function notConnectedFailure(address: string, { state, lastError }: { state: string; lastError?: string }): { code: string; message: string } {
  return { code: 'not-connected', message: `Not connected to ${address} (${state}${lastError ? `: ${lastError}` : ''}). Nothing was sent.` };
}

/** What a request still waiting for its reply learns when the user closes the connection. */
export function closedByUserFailure(address: string): { code: string; message: string } {
  return { code: 'closed', message: `The connection to ${address} was closed by you before the reply arrived.` };
}

// Redis errors in words a user can act on. Credentials cannot be fixed by retrying, so they fail
// the connection; everything else is a socket problem and goes to the shared explanation.
import { explainSocketError } from '../../connections/explain-error';
import type { LinkError } from '../../connections/lifecycle';

export function explainRedisError(error: unknown, address: string): LinkError {
  const reason = error instanceof Error ? error.message : String(error);
  if (/WRONGPASS|invalid username-password|invalid password/i.test(reason)) {
    return {
      retryable: false,
      message: `${address} refused the credentials (${reason.trim()}). Check the password, and the ACL user name if the service uses one.`,
    };
  }
  if (/NOAUTH/i.test(reason)) {
    return { retryable: false, message: `${address} requires a password (${reason.trim()}). Give the password, and the ACL user name if the service uses one.` };
  }
  if (/NOPERM/i.test(reason)) {
    return {
      retryable: false,
      message: `The ACL user is not allowed to do this on ${address} (${reason.trim()}). It needs the PUBLISH and SUBSCRIBE commands and access to the service's channels.`,
    };
  }
  if (/ERR DB index is out of range|invalid DB index/i.test(reason)) {
    return { retryable: false, message: `${address} has no such database (${reason.trim()}). Pick a database number the server has (0 when in doubt).` };
  }
  return explainSocketError(error, address);
}

// RabbitMQ errors in words a user can act on. The broker's close reasons are precise
// (`PRECONDITION_FAILED - inequivalent arg 'durable' …`) but read like a protocol trace.
import { explainSocketError } from '../../connections/explain-error';
import type { LinkError } from '../../connections/lifecycle';

/** A target that cannot work as configured; retrying would not help. */
export class RmqConfigError extends Error {}

/** The broker closed the channel or connection of a working link: reconnecting may help. */
export class RmqLinkClosedError extends Error {
  constructor(readonly closedBecause: Error) {
    super(closedBecause.message);
  }
}

export type AmqpLogin = { username: string; vhost: string };

const INEQUIVALENT = /inequivalent arg '([^']+)' for (queue|exchange) '([^']*)' in vhost '([^']*)': received (?:the value )?'?([^']*?)'? but current is (?:the value )?'?([^']*?)'?(?:\s|"|$)/;

export function explainAmqpError(error: unknown, address: string, { username, vhost: loginVhost }: AmqpLogin): LinkError {
  if (error instanceof RmqConfigError) return { retryable: false, message: error.message };
  if (error instanceof RmqLinkClosedError) return { retryable: true, message: `${address} closed the link: ${explainAmqpError(error.closedBecause, address, { username, vhost: loginVhost }).message}` };
  const reason = error instanceof Error ? error.message : String(error);

  const inequivalent = INEQUIVALENT.exec(reason);
  if (inequivalent) {
    const [, argument, kind, name, , received, current] = inequivalent;
    return {
      retryable: false,
      message:
        `The ${kind} '${name}' already exists on ${address} with other options: ${argument} is ${current} there, but this connection declares it with ${argument} = ${received}. ` +
        `Make the ${kind === 'queue' ? 'queue options' : 'exchange settings'} match the service's (here: ${argument}=${current}), or set noAssert to use the ${kind} as it is.`,
    };
  }
  if (/PRECONDITION_FAILED/.test(reason)) {
    return { retryable: false, message: `${address} refused the request as inconsistent (${brokerText(reason)}). Check the queue and exchange options against the service's.` };
  }
  if (/ACCESS_REFUSED/.test(reason)) {
    if (/Login was refused/i.test(reason)) {
      return {
        retryable: false,
        message: `${address} refused the login of user '${username}' (ACCESS_REFUSED). Check the user name and password; RabbitMQ lets the built-in 'guest' user log in only from localhost.`,
      };
    }
    return { retryable: false, message: `${address} refused access for user '${username}' (${brokerText(reason)}). Give the user permissions on this vhost, queue or exchange.` };
  }
  const vhost = /vhost '?([^'\s]*)'? not found/i.exec(reason);
  if (vhost) {
    return {
      retryable: false,
      message: `The virtual host '${vhost[1]}' does not exist on ${address}. Check the vhost in the URL path (the default vhost / is written as nothing, or %2F).`,
    };
  }
  // amqplib drops the broker's reason when the open after login is refused (it only says "Expected
  // ConnectionOpenOk; got <ConnectionClose …>"): RabbitMQ does that for an unknown or forbidden vhost.
  if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(reason)) {
    return {
      retryable: false,
      message: `${address} refused to open the virtual host '${loginVhost}': it does not exist, or user '${username}' has no permissions on it. Check the vhost in the URL path (the default vhost / is written as nothing, or %2F).`,
    };
  }
  const missing = /NOT_FOUND - no (queue|exchange) '([^']*)' in vhost '([^']*)'/.exec(reason);
  if (missing) {
    const [, kind, name, inVhost] = missing;
    return {
      // The service declares its queue and exchange when it starts: retrying may succeed later.
      retryable: true,
      message:
        kind === 'queue'
          ? `The queue '${name}' does not exist in vhost '${inVhost}' on ${address}. Start the service (it declares its queue), or turn off noAssert so that Patchbay declares it.`
          : `The exchange '${name}' does not exist in vhost '${inVhost}' on ${address}. Start the service (it declares its exchange), or check the exchange name.`,
    };
  }
  if (/Socket closed abruptly|Unexpected close|CONNECTION_FORCED/i.test(reason)) {
    return { retryable: true, message: `${address} closed the connection (${brokerText(reason)}).` };
  }
  return explainSocketError(error, address);
}

/** The broker's own sentence from an amqplib error, without the frame bookkeeping around it. */
function brokerText(reason: string): string {
  return /with message "([^"]*)"/.exec(reason)?.[1] ?? reason;
}

// kafkajs errors in words a user can act on. kafkajs wraps the cause (retries exhausted,
// non-retriable wrapper), so the socket or protocol error is dug out first.
import { explainSocketError } from '../../connections/explain-error';
import type { LinkError } from '../../connections/lifecycle';

type KafkaishError = Error & { type?: string; code?: string | number; originalError?: unknown; cause?: unknown };

/** The innermost error of a kafkajs wrapper chain. */
export function rootCause(error: unknown): KafkaishError | undefined {
  let current = error as KafkaishError | undefined;
  for (let depth = 0; depth < 10 && current; depth++) {
    const inner = (current.originalError ?? current.cause) as KafkaishError | undefined;
    if (!inner || typeof inner !== 'object') break;
    current = inner;
  }
  return current;
}

/** Why connecting to the brokers failed, and whether retrying can help. */
export function explainKafkaConnectError(error: unknown, address: string): LinkError {
  const root = rootCause(error);
  const name = root?.name ?? '';
  if (name === 'KafkaJSSASLAuthenticationError' || /SASL|authentication/i.test(root?.message ?? '')) {
    return { retryable: false, message: `SASL authentication with ${address} failed: ${root?.message}. Check the mechanism (plain, scram-sha-256 or scram-sha-512), user name and password.` };
  }
  // kafkajs copies the socket's errno code onto its connection error.
  if (typeof root?.code === 'string' || /ssl|tls|certificate/i.test(root?.message ?? '')) {
    const socketLike = Object.assign(new Error(root?.message.replace(/^Connection error: /, '') ?? 'unknown'), { code: root?.code });
    return explainSocketError(socketLike, address);
  }
  if (name === 'KafkaJSConnectionError' && /timeout/i.test(root?.message ?? '')) {
    return { retryable: true, message: `No answer from ${address} in time (${root?.message}). Check the brokers' host and port, and that no firewall drops the connection.` };
  }
  return { retryable: true, message: `Connection to ${address} failed: ${root?.message ?? String(error)}` };
}

/** Why a produce failed. */
export function explainProduceError(error: unknown, topic: string): string {
  const root = rootCause(error);
  switch (root?.type) {
    case 'MESSAGE_TOO_LARGE':
    case 'RECORD_LIST_TOO_LARGE':
      return `The broker refused the message to ${topic}: it is larger than the topic's max.message.bytes (1 MB by default). Send a smaller payload or raise max.message.bytes on the topic.`;
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      return `The topic ${topic} (or the partition asked for) does not exist and the broker does not create topics. Check the pattern and partition, or create the topic, e.g. kafka-topics --create --topic ${topic}.`;
    case 'TOPIC_AUTHORIZATION_FAILED':
      return `The broker does not let this client write to ${topic} (TOPIC_AUTHORIZATION_FAILED). Grant it Write on the topic.`;
  }
  return `The message could not be produced to ${topic}: ${root?.message ?? String(error)}`;
}

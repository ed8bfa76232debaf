// A target's TLS settings as Node's TLS options, for every transport whose library takes them
// (net/tls, ioredis, amqplib, kafkajs): empty PEM fields mean "not given", not an empty certificate.
import type { ConnectionOptions } from 'node:tls';
import type { TlsOptions } from '../../../shared/connection';

export function nodeTlsOptions(options: TlsOptions): ConnectionOptions {
  return {
    ca: options.ca || undefined,
    cert: options.cert || undefined,
    key: options.key || undefined,
    // Absent rather than undefined: kafkajs spreads these over its own `servername: host`.
    ...(options.servername ? { servername: options.servername } : {}),
    rejectUnauthorized: options.rejectUnauthorized,
  };
}

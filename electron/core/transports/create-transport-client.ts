import type { ConnectionOptions, ConnectionTarget } from '../../../shared/connection';
import type { ReconnectPolicy } from '../connections/lifecycle';
import { createTcpClient } from './tcp/tcp-client';
import type { TransportClient } from './transport';

/** The one place that picks an implementation by transport kind. */
export function createTransportClient(target: ConnectionTarget, options: ConnectionOptions, reconnect?: ReconnectPolicy): TransportClient {
  switch (target.kind) {
    case 'tcp':
      return createTcpClient(target, { connectTimeoutMs: options.connectTimeoutMs, reconnect });
  }
}

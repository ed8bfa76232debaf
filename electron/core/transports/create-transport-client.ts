import type { ConnectionOptions, ConnectionTarget } from '../../../shared/connection';
import type { ReconnectPolicy } from '../connections/lifecycle';
import { createGrpcClient } from './grpc/grpc-client';
import { createKafkaClient } from './kafka/kafka-client';
import { createRedisClient } from './redis/redis-client';
import { createRmqClient } from './rmq/rmq-client';
import { createTcpClient } from './tcp/tcp-client';
import type { TransportClient } from './transport';

/** The one place that picks an implementation by transport kind. */
export function createTransportClient(target: ConnectionTarget, options: ConnectionOptions, reconnect?: ReconnectPolicy): TransportClient {
  const clientOptions = { connectTimeoutMs: options.connectTimeoutMs, reconnect };
  switch (target.kind) {
    case 'tcp':
      return createTcpClient(target, clientOptions);
    case 'redis':
      return createRedisClient(target, clientOptions);
    case 'rmq':
      return createRmqClient(target, clientOptions);
    case 'kafka':
      return createKafkaClient(target, clientOptions);
    case 'grpc':
      return createGrpcClient(target, clientOptions);
  }
}

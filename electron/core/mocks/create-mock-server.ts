// The one place that picks a transport's mock server (as create-transport-client.ts does for clients).
import { startGrpcMockServer } from '../transports/grpc/grpc-mock-server';
import { startKafkaMockServer } from '../transports/kafka/kafka-mock-server';
import { startRedisMockServer } from '../transports/redis/redis-mock-server';
import { startRmqMockServer } from '../transports/rmq/rmq-mock-server';
import { startTcpMockServer } from '../transports/tcp/tcp-mock-server';
import type { MockServerFactory, StartMockServer } from './mock-transport';

export const createMockServer: MockServerFactory = (target) => {
  switch (target.kind) {
    case 'tcp':
      return (tcpTarget, handler, routes) => startTcpMockServer(tcpTarget as typeof target, handler, routes);
    case 'grpc':
      return (grpcTarget, handler, routes) => startGrpcMockServer(grpcTarget as typeof target, handler, routes);
    case 'redis':
      return (redisTarget, handler, routes) => startRedisMockServer(redisTarget as typeof target, handler, routes);
    case 'rmq':
      return (rmqTarget, handler, routes) => startRmqMockServer(rmqTarget as typeof target, handler, routes);
    case 'kafka':
      return (kafkaTarget, handler, routes) => startKafkaMockServer(kafkaTarget as typeof target, handler, routes);
  }
};

/** Starts the mock server of the target's transport. */
export const startMockServer: StartMockServer = (target, handler, routes) => createMockServer(target)(target, handler, routes);

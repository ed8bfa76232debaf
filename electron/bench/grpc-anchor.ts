// The gRPC anchor: a plain @grpc/grpc-js client (what a Nest gRPC client wraps), unary calls over
// one channel, loaded from the same proto as the fixture service.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { runClosedLoop } from '../../fixtures/nest/closed-loop.mjs';
import { childConfig, writeLine } from './child-process';

/** `warmup`: calls made first and not counted, as the Patchbay CLI's --warmup (each side starts cold). */
export type GrpcPlan = { address: string; protoPath: string; service: string; method: string; data: unknown; concurrency: number; requests: number; warmup: number };

type UnaryClient = grpc.Client & Record<string, (request: unknown, callback: (error: grpc.ServiceError | null) => void) => void>;

/** Child role: the grpc-js client's send loop. */
export async function grpcClientRole(): Promise<void> {
  const { address, protoPath, service, method, data, concurrency, requests, warmup } = childConfig<GrpcPlan>();
  const loaded = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath));
  const Service = service.split('.').reduce<unknown>((scope, name) => (scope as Record<string, unknown>)[name], loaded) as grpc.ServiceClientConstructor;
  const client = new Service(address, grpc.credentials.createInsecure()) as unknown as UnaryClient;
  await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve())));
  const call = () => new Promise<void>((resolve, reject) => client[method]!(data, (error) => (error ? reject(error) : resolve())));
  if (warmup > 0) await runClosedLoop({ concurrency, requests: warmup, call });
  const result = await runClosedLoop({ concurrency, requests, call });
  client.close();
  await writeLine(result);
}

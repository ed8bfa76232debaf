// What a connection offers, for pickers in the UI: today the gRPC catalogue (services, methods,
// streaming flags and a request template per method). Other transports have no schema to ask for.
import { z } from 'zod';

export const describedMethodSchema = z.object({
  /** `package.Service/Method`: the pattern to send. */
  name: z.string(),
  method: z.string(),
  requestType: z.string(),
  responseType: z.string(),
  clientStreaming: z.boolean(),
  serverStreaming: z.boolean(),
  /** A request message with every field at a typed default (proto3 JSON style). */
  requestTemplate: z.record(z.string(), z.json()),
});
export type DescribedMethod = z.infer<typeof describedMethodSchema>;

export const describedServiceSchema = z.object({ name: z.string(), package: z.string(), methods: z.array(describedMethodSchema) });
export type DescribedService = z.infer<typeof describedServiceSchema>;

export const connectionDescriptionSchema = z.object({ kind: z.literal('grpc'), services: z.array(describedServiceSchema) });
export type ConnectionDescription = z.infer<typeof connectionDescriptionSchema>;

export type StreamingKind = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

export function streamingKindOf(method: Pick<DescribedMethod, 'clientStreaming' | 'serverStreaming'>): StreamingKind {
  if (method.clientStreaming) return method.serverStreaming ? 'bidi' : 'client-stream';
  return method.serverStreaming ? 'server-stream' : 'unary';
}

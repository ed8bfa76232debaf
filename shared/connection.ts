// Connections: what a user asks to connect to, and the live state the engine reports back.
import { z } from 'zod';

export const tlsOptionsSchema = z.object({
  /** PEM text of the CA that signed the server certificate. */
  ca: z.string().optional(),
  /** PEM text of the client certificate and its key, for mutual TLS. */
  cert: z.string().optional(),
  key: z.string().optional(),
  /** Name to check the server certificate against (SNI), when it differs from the host. */
  servername: z.string().optional(),
  rejectUnauthorized: z.boolean().default(true),
});
export type TlsOptions = z.infer<typeof tlsOptionsSchema>;

const portSchema = z.number().int().min(1, 'Port must be 1 to 65535').max(65535, 'Port must be 1 to 65535');

export const tcpTargetSchema = z.object({
  kind: z.literal('tcp'),
  host: z.string().trim().min(1, 'Host is required, for example 127.0.0.1'),
  port: portSchema,
  tls: tlsOptionsSchema.optional(),
});

/** One member per transport; later transports join this union. */
export const connectionTargetSchema = z.discriminatedUnion('kind', [tcpTargetSchema]);
export type ConnectionTarget = z.infer<typeof connectionTargetSchema>;
export type TransportKind = ConnectionTarget['kind'];

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export const connectionOptionsSchema = z.object({
  connectTimeoutMs: z.number().int().positive().default(DEFAULT_CONNECT_TIMEOUT_MS),
  requestTimeoutMs: z.number().int().positive().default(DEFAULT_REQUEST_TIMEOUT_MS),
});
export type ConnectionOptions = z.infer<typeof connectionOptionsSchema>;

export const connectionStates = ['connecting', 'ready', 'reconnecting', 'failed', 'closed'] as const;
export const connectionStateSchema = z.enum(connectionStates);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const connectionInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  target: connectionTargetSchema,
  options: connectionOptionsSchema,
  state: connectionStateSchema,
  /** Why the connection is not ready, in words the user can act on. */
  lastError: z.string().optional(),
  /** Epoch ms of the next reconnect attempt while reconnecting. */
  nextRetryAt: z.number().optional(),
});
export type ConnectionInfo = z.infer<typeof connectionInfoSchema>;

/** A short human label such as `tcp://127.0.0.1:3001` or `tcp+tls://…`. */
export function describeTarget(target: ConnectionTarget): string {
  switch (target.kind) {
    case 'tcp':
      return `${target.tls ? 'tcp+tls' : 'tcp'}://${target.host}:${target.port}`;
  }
}

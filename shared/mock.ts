// Mock microservices: the rules a mock answers by, as the UI edits them and as rule files hold
// them (`patchbay mock <target> --rules <file>`). A mock speaks the wire of its target's transport
// (nest-wire §10), so a real Nest ClientProxy cannot tell it from a Nest server.
import { z } from 'zod';
import { grpcTargetSchema, kafkaTargetSchema, redisTargetSchema, rmqTargetSchema, tcpTargetSchema } from './connection';
import { patternSchema } from './pattern';

/** gRPC status names by code (grpc/status.proto); a rule may give either. */
export const grpcStatusNames = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/** What an RpcException carries: a string, or an object such as `{status:'error', message:'…'}`. */
const rpcErrorSchema = z.union([z.string(), z.record(z.string(), z.json())]);

export const grpcStatusReplySchema = z.object({
  code: z.union([z.number().int().min(1, 'A gRPC error status is 1 to 16 (0 is OK)').max(16, 'gRPC status codes end at 16'), z.enum(grpcStatusNames)]),
  details: z.string().default(''),
  /** Sent as trailers. */
  metadata: z.record(z.string(), z.string()).default({}),
});

const replyForms = ['value', 'template', 'sequence', 'stream', 'error', 'grpcStatus', 'noReply'] as const;

/**
 * How a rule answers; exactly one key:
 * - `value`: this value, as is;
 * - `template`: this value with `{{data.id}}`, `{{pattern}}`, `{{headers.x}}`, `{{$uuid}}`, `{{$now}}` (ISO
 *   time), `{{$timestamp}}` (epoch ms) filled from the request (a string that is only one placeholder
 *   keeps the value's JSON type);
 * - `sequence`: one value per call, in order, starting over after the last;
 * - `stream`: every value, as a stream of replies (`intervalMs` apart);
 * - `error`: an RpcException-shaped error (string or object), as Nest sends `err`;
 * - `grpcStatus`: a gRPC status with details and trailers (gRPC mocks);
 * - `noReply`: never answers, so the caller times out.
 */
export const mockReplySchema = z
  .object({
    value: z.json().optional(),
    template: z.json().optional(),
    sequence: z.array(z.json()).min(1, 'A sequence needs at least one value').optional(),
    stream: z.array(z.json()).optional(),
    intervalMs: z.number().int().min(0).optional(),
    error: rpcErrorSchema.optional(),
    grpcStatus: grpcStatusReplySchema.optional(),
    noReply: z.literal(true).optional(),
  })
  .strict()
  .refine((reply) => replyForms.filter((form) => reply[form] !== undefined).length === 1, {
    message: `A reply has exactly one of: ${replyForms.join(', ')}. For example {"value": {"id": 1}}`,
  });
export type MockReply = z.infer<typeof mockReplySchema>;

/** A condition on the request: the value at `path` (`data.user.id`, `data.items[0]`, `headers.x-tenant`) equals a JSON value, or exists. */
export const mockConditionSchema = z
  .object({ path: z.string().min(1, 'A condition needs a path, e.g. data.id'), equals: z.json().optional(), exists: z.boolean().optional() })
  .strict()
  .refine((condition) => (condition.equals === undefined) !== (condition.exists === undefined), {
    message: 'A condition has either "equals" or "exists", e.g. {"path": "data.id", "equals": 1}',
  });
export type MockCondition = z.infer<typeof mockConditionSchema>;

export const mockRuleSchema = z
  .object({
    /** Shown in the UI and the log; defaults to the pattern. */
    name: z.string().optional(),
    /** Matches the request's pattern exactly (after Nest normalization: key order does not matter). */
    pattern: patternSchema.optional(),
    /** Matches the normalized pattern as a glob: `*` any run of characters, `?` one character. */
    glob: z.string().min(1).optional(),
    when: z.array(mockConditionSchema).default([]),
    reply: mockReplySchema,
    /** Wait before answering: a fixed delay, or a random one between min and max. */
    delayMs: z.union([z.number().int().min(0), z.object({ min: z.number().int().min(0), max: z.number().int().min(0) }).refine((d) => d.min <= d.max, 'delayMs.min must not exceed delayMs.max')]).optional(),
    /** Probability (0 to 1) that a call fails instead, with `failWith`. */
    failureRate: z.number().min(0, 'failureRate is 0 to 1').max(1, 'failureRate is 0 to 1').default(0),
    /** The injected failure: defaults to {status:'error', message:'Injected failure'} (gRPC: UNAVAILABLE). */
    failWith: z.union([rpcErrorSchema, z.object({ grpcStatus: grpcStatusReplySchema })]).optional(),
  })
  .strict()
  .refine((rule) => (rule.pattern === undefined) !== (rule.glob === undefined), { message: 'A rule matches by "pattern" or by "glob" (exactly one of them)' });
export type MockRule = z.infer<typeof mockRuleSchema>;
export type MockRuleInput = z.input<typeof mockRuleSchema>;

/** A rule file (`patchbay mock --rules`), and what the UI saves. */
export const mockRulesSchema = z
  .object({
    rules: z.array(mockRuleSchema),
    /** Requests no rule matches: Nest's "no matching message handler" reply (as a Nest server does), or silence. */
    unmatched: z.enum(['nest-error', 'ignore']).default('nest-error'),
  })
  .strict();
export type MockRules = z.infer<typeof mockRulesSchema>;

/** A port to listen on; 0 picks a free one (the mock's `address` then tells which). */
const listenPortSchema = z.number().int().min(0, 'Port must be 0 to 65535 (0 picks a free one)').max(65535, 'Port must be 0 to 65535 (0 picks a free one)');

/**
 * Where a mock serves: a connection target, read the other way round. TCP and gRPC: the host and
 * port it listens on (gRPC needs `protoFiles`). Redis, RabbitMQ and Kafka: the broker it joins, and
 * for RabbitMQ the queue it consumes.
 */
export const mockTargetSchema = z.discriminatedUnion('kind', [
  tcpTargetSchema.extend({ port: listenPortSchema }),
  redisTargetSchema,
  rmqTargetSchema,
  kafkaTargetSchema,
  grpcTargetSchema.extend({ port: listenPortSchema }),
]);

export const mockStates = ['starting', 'serving', 'failed', 'stopped'] as const;

export const mockInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  target: mockTargetSchema,
  rules: mockRulesSchema,
  state: z.enum(mockStates),
  /** Where clients reach it, once serving: `tcp://127.0.0.1:40123`, `redis://…`. */
  address: z.string().optional(),
  lastError: z.string().optional(),
  stats: z.object({
    requests: z.number().int(),
    events: z.number().int(),
    unmatched: z.number().int(),
    /** Calls answered per rule, by index in `rules.rules`. */
    perRule: z.array(z.number().int()),
  }),
});
export type MockInfo = z.infer<typeof mockInfoSchema>;

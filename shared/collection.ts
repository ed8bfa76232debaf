// Collections: requests saved as plain files a team commits next to its service code, the
// environments that fill their `{{variables}}`, and what a run of them reports.
//
// On disk (YAML or JSON, one request per file, folders as folders):
//   <collection>/patchbay-collection.yaml   the manifest: name and named connections
//   <collection>/environments/<name>.yaml   variables (and the names of secrets) of one environment
//   <collection>/**/<request>.yaml          one request each; any folder but environments/
//   <collection>/**/<name>.saga.yaml        a saga (shared/saga.ts), never read as a request
//   <collection>/.patchbay/                 local, git-ignored: secrets.yaml, drafts
// Order: a request's or folder's `order` first, then its file name (numbers in names compare as
// numbers). A folder's order comes from an optional `_folder.yaml` holding `order: N`. Hidden
// files and folders (`.patchbay/`, `.git/`) and node_modules are never read as requests.
import { z } from 'zod';
import { patternSchema } from './pattern';
import { requestAttemptSchema, retryPolicySchema } from './retry';

export const COLLECTION_MANIFEST_FILE = 'patchbay-collection.yaml';
export const ENVIRONMENTS_FOLDER = 'environments';
/** Local to one machine, git-ignored: secrets.yaml and drafts. */
export const LOCAL_FOLDER = '.patchbay';
export const REQUEST_FILE_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

const variableNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'A variable name starts with a letter or _ and holds letters, digits, _, . or -, e.g. userId');

/**
 * A connection of the collection, by name: a target URL as `patchbay send` takes it
 * (`tcp://{{host}}:3001`, `kafka://127.0.0.1:9092?clientId=x`, `grpc://host:50051?proto=users.proto`),
 * variables allowed. Secrets go in as `{{secretName}}`, never as text.
 */
export const collectionConnectionSchema = z
  .object({
    target: z.string().min(1, 'A connection needs a target URL, e.g. tcp://127.0.0.1:3001'),
    connectTimeoutMs: z.number().int().positive().optional(),
    requestTimeoutMs: z.number().int().positive().optional(),
  })
  .strict();
export type CollectionConnection = z.infer<typeof collectionConnectionSchema>;

export const collectionManifestSchema = z
  .object({
    /** The file format's version: 1. */
    patchbay: z.literal(1, 'This file is a Patchbay collection manifest of format 1: start it with "patchbay: 1"'),
    name: z.string().min(1, 'A collection needs a name'),
    description: z.string().optional(),
    connections: z.record(z.string().min(1), collectionConnectionSchema).default({}),
  })
  .strict();
export type CollectionManifest = z.infer<typeof collectionManifestSchema>;

export const environmentSchema = z
  .object({
    variables: z.record(variableNameSchema, z.json()).default({}),
    /** Names of secrets this environment needs; their values never sit in collection files. */
    secrets: z.array(variableNameSchema).default([]),
  })
  .strict();
export type Environment = z.infer<typeof environmentSchema>;

/** Takes a value from the reply into a variable for the requests after it. */
export const captureSchema = z
  .object({
    variable: variableNameSchema,
    /** A path into the reply value (data.items[0].id); `$` or omitted: the whole value. */
    path: z.string().default('$'),
  })
  .strict();
export type Capture = z.infer<typeof captureSchema>;

const assertionKinds = ['ok', 'error', 'path', 'latencyBelowMs', 'parts'] as const;

/**
 * One check of a request's outcome; exactly one of:
 * - `ok: true` (a reply, no error) or `ok: false` (an error or failure);
 * - `error: "regex"`: the error message matches;
 * - `path` with one of `equals`, `contains` (string contains, or array contains an equal item),
 *   `matches` (regex on the value as text), `exists`;
 * - `latencyBelowMs: N`: the request took less than N ms to its last reply part;
 * - `parts: N`: exactly N reply values (a stream's length).
 * Paths run into the reply value: `name`, `items[0].id`, `$` for the whole value.
 */
export const assertionSchema = z
  .object({
    ok: z.boolean().optional(),
    error: z.string().optional(),
    path: z.string().optional(),
    equals: z.json().optional(),
    contains: z.json().optional(),
    matches: z.string().optional(),
    exists: z.boolean().optional(),
    latencyBelowMs: z.number().positive().optional(),
    parts: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((assertion, context) => {
    const kinds = assertionKinds.filter((kind) => assertion[kind] !== undefined);
    if (kinds.length !== 1) {
      context.addIssue({ code: 'custom', message: `An assertion has exactly one of: ${assertionKinds.join(', ')}. For example {path: name, equals: "Ada"} or {ok: true}` });
      return;
    }
    const checks = (['equals', 'contains', 'matches', 'exists'] as const).filter((check) => assertion[check] !== undefined);
    if (assertion.path !== undefined && checks.length !== 1) {
      context.addIssue({ code: 'custom', message: 'A path assertion has exactly one of equals, contains, matches or exists, e.g. {path: name, equals: "Ada"}' });
    }
    if (assertion.path === undefined && checks.length > 0) {
      context.addIssue({ code: 'custom', message: `"${checks[0]}" needs a path, e.g. {path: name, ${checks[0]}: …}` });
    }
  });
export type Assertion = z.infer<typeof assertionSchema>;

export const requestFileSchema = z
  .object({
    name: z.string().min(1).optional(),
    /** Runs before siblings with a higher order or none; then file names decide. */
    order: z.number().optional(),
    /** A connection of the manifest, by name. */
    connection: z.string().min(1, 'A request names one of the collection\'s connections, e.g. connection: users'),
    /** `send` waits for the reply (message pattern); `emit` fires an event. */
    kind: z.enum(['send', 'emit']).default('send'),
    pattern: patternSchema,
    data: z.json().default(null),
    /** Transport headers / gRPC metadata / Kafka headers / AMQP headers, variables allowed. */
    headers: z.record(z.string(), z.string()).optional(),
    timeoutMs: z.number().int().positive().optional(),
    /** Sends again after a failure or an error reply, with backoff and jitter (shared/retry.ts); every attempt is a real send. */
    retry: retryPolicySchema.optional(),
    capture: z.array(captureSchema).default([]),
    assert: z.array(assertionSchema).default([]),
    description: z.string().optional(),
  })
  .strict();
export type RequestFile = z.infer<typeof requestFileSchema>;

/** A file that could not be read as what its place says it is. Never overwritten by Patchbay. */
export const fileProblemSchema = z.object({
  /** Relative to the collection root, with `/`. */
  path: z.string(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  /** What is wrong and how to fix it; the location is in the fields above (print `path:line:column: message`). */
  message: z.string(),
});
export type FileProblem = z.infer<typeof fileProblemSchema>;

export const collectionRequestSchema = z.object({
  /** Relative path of its file, with `/`: the request's identity. */
  path: z.string(),
  /** Folders from the root to it. */
  folder: z.array(z.string()),
  /** The file's `name`, or its file name without extension. */
  name: z.string(),
  request: requestFileSchema,
});
export type CollectionRequest = z.infer<typeof collectionRequestSchema>;

/** A saga file of a collection: its path relative to the root with `/`, and its name (the file name without `.saga.yaml`). */
export const collectionSagaSchema = z.object({ path: z.string(), name: z.string() });
export type CollectionSaga = z.infer<typeof collectionSagaSchema>;

export const loadedCollectionSchema = z.object({
  root: z.string(),
  manifest: collectionManifestSchema,
  /** In run order. */
  requests: z.array(collectionRequestSchema),
  environments: z.record(z.string(), environmentSchema),
  /** Files that could not be read; the rest of the collection still loads. */
  problems: z.array(fileProblemSchema),
  /** Its saga files (shared/saga.ts), in tree order; absent when it has none. Read when run. */
  sagas: z.array(collectionSagaSchema).optional(),
});
export type LoadedCollection = z.infer<typeof loadedCollectionSchema>;

// ── runs ─────────────────────────────────────────────────────────────────────────────────────

export const assertionResultSchema = z.object({
  /** The assertion as written, in one line: `path name equals "Ada"`. */
  label: z.string(),
  passed: z.boolean(),
  /** Why it failed: expected and actual. */
  message: z.string().optional(),
});
export type AssertionResult = z.infer<typeof assertionResultSchema>;

export const requestRunStatuses = ['passed', 'failed', 'errored', 'skipped'] as const;

export const requestRunResultSchema = z.object({
  path: z.string(),
  name: z.string(),
  iteration: z.number().int().min(1),
  /** passed: every assertion held; failed: one did not; errored: it could not be sent (bad variable, connection failed); skipped: after --bail. */
  status: z.enum(requestRunStatuses),
  durationMs: z.number().min(0),
  /** The reply values (a stream has several), the error, or why it could not be sent. */
  values: z.array(z.json()),
  error: z.json().optional(),
  problem: z.string().optional(),
  assertions: z.array(assertionResultSchema),
  captured: z.record(z.string(), z.json()),
  /** Each attempt, when the request has a retry policy: values and error are then the last attempt's, durationMs spans them all. */
  attempts: z.array(requestAttemptSchema).optional(),
});
export type RequestRunResult = z.infer<typeof requestRunResultSchema>;

export const collectionRunReportSchema = z.object({
  collection: z.string(),
  environment: z.string().optional(),
  startedAt: z.number(),
  durationMs: z.number().min(0),
  results: z.array(requestRunResultSchema),
  totals: z.object({ passed: z.number().int(), failed: z.number().int(), errored: z.number().int(), skipped: z.number().int() }),
});
export type CollectionRunReport = z.infer<typeof collectionRunReportSchema>;

// ── open collections (the app's view of them) ────────────────────────────────────────────────

/** Where the value of one listed secret comes from on this machine; `missing` asks the user for it. */
export const secretSourceSchema = z.enum(['store', 'process', 'missing']);
export type SecretSource = z.infer<typeof secretSourceSchema>;

/** A collection the engine holds open and watches; `collection.changed` brings every new state. */
export const collectionInfoSchema = z.object({
  collectionId: z.string(),
  /** Absolute folder. */
  root: z.string(),
  collection: loadedCollectionSchema,
  /** Folders relative to the root with `/` (`users`, `users/admin`), empty ones included, in tree order. */
  folders: z.array(z.string()),
  /** Per environment, per secret it lists: `store` (the app's secret store or the local secrets file), `process` (PATCHBAY_SECRET_<NAME>), `missing`. */
  secrets: z.record(z.string(), z.record(z.string(), secretSourceSchema)),
});
export type CollectionInfo = z.infer<typeof collectionInfoSchema>;

/** One variable as a request would see it now, for hovers and the environment view. Secret values never leave the engine. */
export const resolvedVariableSchema = z.object({
  source: z.enum(['captured', 'secret', 'environment']),
  /** Absent for secrets. */
  value: z.json().optional(),
  /** Secrets: whether a value is there. */
  missing: z.boolean().optional(),
});
export type ResolvedVariable = z.infer<typeof resolvedVariableSchema>;

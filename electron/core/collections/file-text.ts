// The exact text Patchbay writes for a request, an environment or a manifest. Stable key order
// and no defaults or empties, so writing an unchanged value gives the same bytes and a git diff
// shows only what the user changed. Callers write only files whose value changed: a hand-written
// file nobody edited in Patchbay is never rewritten into this style.
import { extname } from 'node:path';
import { Document, isMap } from 'yaml';
import type { Assertion, Capture, CollectionConnection, CollectionManifest, Environment, RequestFile } from '../../../shared/collection';

export type FileFormat = 'yaml' | 'json';

export function formatOfPath(path: string): FileFormat {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/** The top-level fields Patchbay writes for a request, in their canonical order, without defaults or empties. */
export function requestFileFields(request: RequestFile): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (request.name !== undefined) fields.name = request.name;
  if (request.order !== undefined) fields.order = request.order;
  fields.connection = request.connection;
  if (request.kind !== 'send') fields.kind = request.kind;
  fields.pattern = request.pattern;
  if (request.data !== null && request.data !== undefined) fields.data = request.data;
  if (request.headers && Object.keys(request.headers).length > 0) fields.headers = request.headers;
  if (request.timeoutMs !== undefined) fields.timeoutMs = request.timeoutMs;
  if (request.retry !== undefined) fields.retry = retryFields(request.retry);
  if (request.capture.length > 0) fields.capture = request.capture.map(captureFields);
  if (request.assert.length > 0) fields.assert = request.assert.map(assertionFields);
  if (request.description !== undefined) fields.description = request.description;
  return fields;
}

/** An object pattern reads best on one line, as in Nest: pattern: { cmd: sum }; so does a retry policy: retry: { count: 2, backoffMs: 100 }. */
export const REQUEST_FLOW_KEYS = ['pattern', 'retry'];

/** A request file's text: keys in the order name, order, connection, kind, pattern, data, headers, timeoutMs, retry, capture, assert, description. */
export function requestFileText(request: RequestFile, format: FileFormat = 'yaml'): string {
  const fields = requestFileFields(request);
  return format === 'json' ? jsonText(fields) : yamlText(fields, REQUEST_FLOW_KEYS);
}

export function environmentFileFields(environment: Environment): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (Object.keys(environment.variables).length > 0) fields.variables = environment.variables;
  if (environment.secrets.length > 0) fields.secrets = environment.secrets;
  return fields;
}

export function environmentFileText(environment: Environment, format: FileFormat = 'yaml'): string {
  const fields = environmentFileFields(environment);
  return format === 'json' ? jsonText(fields) : yamlText(fields, []);
}

export function manifestFileFields(manifest: CollectionManifest): Record<string, unknown> {
  const fields: Record<string, unknown> = { patchbay: manifest.patchbay, name: manifest.name };
  if (manifest.description !== undefined) fields.description = manifest.description;
  const connections = Object.entries(manifest.connections);
  if (connections.length > 0) fields.connections = Object.fromEntries(connections.map(([name, connection]) => [name, connectionFields(connection)]));
  return fields;
}

export function manifestFileText(manifest: CollectionManifest): string {
  return yamlText(manifestFileFields(manifest), []);
}

function connectionFields(connection: CollectionConnection): Record<string, unknown> {
  return definedFields({ target: connection.target, connectTimeoutMs: connection.connectTimeoutMs, requestTimeoutMs: connection.requestTimeoutMs });
}

/** A retry policy without its defaults (no wait, factor 1, no jitter). */
function retryFields(retry: NonNullable<RequestFile['retry']>): Record<string, unknown> {
  return definedFields({
    count: retry.count,
    backoffMs: retry.backoffMs === 0 ? undefined : retry.backoffMs,
    factor: retry.factor === 1 ? undefined : retry.factor,
    jitter: retry.jitter === 0 ? undefined : retry.jitter,
    maxBackoffMs: retry.maxBackoffMs,
  });
}

function captureFields(capture: Capture): Record<string, unknown> {
  return capture.path === '$' ? { variable: capture.variable } : { variable: capture.variable, path: capture.path };
}

/** `path` first, then its check, as people write them: {path: name, equals: Ada}. */
function assertionFields(assertion: Assertion): Record<string, unknown> {
  const { path, equals, contains, matches, exists, ok, error, latencyBelowMs, parts } = assertion;
  return definedFields({ path, equals, contains, matches, exists, ok, error, latencyBelowMs, parts });
}

function definedFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** `fields` as Patchbay writes YAML; collections under `flowKeys` on one line. */
export function yamlText(fields: Record<string, unknown>, flowKeys: string[]): string {
  const document = new Document(fields);
  for (const key of flowKeys) {
    const node = document.get(key, true);
    if (isMap(node)) node.flow = true;
  }
  // lineWidth 0: long strings stay on one line, so a changed word is a one-line diff.
  return document.toString({ indent: 2, lineWidth: 0, minContentWidth: 0 });
}

export function jsonText(fields: Record<string, unknown>): string {
  return `${JSON.stringify(fields, null, 2)}\n`;
}

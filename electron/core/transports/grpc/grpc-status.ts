// gRPC status codes, metadata and reply values in the JSON-safe shapes the rest of Patchbay uses.
import type { Metadata, StatusObject } from '@grpc/grpc-js';

/** The standard status names (grpc/status.proto); index = code. */
export const GRPC_STATUS_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export const statusName = (code: number): string => GRPC_STATUS_NAMES[code] ?? `CODE_${code}`;

/** What a failed call is reported as: a `remote-error` value, the same shape on every screen. */
export type GrpcRemoteError = {
  code: number;
  codeName: string;
  details: string;
  metadata: Record<string, string>;
  /** A stream the server ended in an error after some messages: how many came first, in words. */
  message?: string;
};

export function remoteErrorOf(status: Pick<StatusObject, 'code' | 'details' | 'metadata'>): GrpcRemoteError {
  return { code: status.code, codeName: statusName(status.code), details: status.details, metadata: trailersOf(status.metadata) };
}

// HTTP/2 headers, not application metadata. grpc-js puts them among the trailers of a
// "trailers-only" response (an error before any message: one HEADERS frame holds everything).
const TRANSPORT_HEADERS = new Set(['content-type', 'date', 'grpc-accept-encoding', 'grpc-encoding']);

/** A status' metadata without the HTTP/2 headers a trailers-only response mixes in. */
export function trailersOf(metadata: Metadata | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadataToRecord(metadata)).filter(([key]) => !TRANSPORT_HEADERS.has(key)));
}

/**
 * Metadata as a plain record. Repeated keys are joined with ", " (as HTTP does with headers);
 * binary (`-bin`) values are base64, the way they travel.
 */
export function metadataToRecord(metadata: Metadata | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const key of Object.keys(metadata?.getMap() ?? {})) {
    const values = metadata?.get(key) ?? [];
    record[key] = values.map((value) => (typeof value === 'string' ? value : Buffer.from(value).toString('base64'))).join(', ');
  }
  return record;
}

/** Request headers to gRPC metadata; `-bin` keys take base64 text, as they are shown. */
export function recordToMetadata(headers: Record<string, string> | undefined, MetadataClass: new () => Metadata): Metadata {
  const metadata = new MetadataClass();
  for (const [key, value] of Object.entries(headers ?? {})) {
    const name = key.toLowerCase();
    if (name.endsWith('-bin')) metadata.add(name, Buffer.from(value, 'base64'));
    else metadata.add(name, value);
  }
  return metadata;
}

type LongLike = { low: number; high: number; unsigned: boolean; toString(): string };
const isLongLike = (value: object): value is LongLike =>
  typeof (value as LongLike).low === 'number' && typeof (value as LongLike).high === 'number' && typeof (value as LongLike).unsigned === 'boolean';

/**
 * A decoded message as JSON: int64 Long objects become decimal strings and bytes become base64,
 * as in protobuf's JSON mapping (and the contract: only JSON-safe values cross to the UI).
 */
export function toJsonSafe(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (isLongLike(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = toJsonSafe(item);
  return result;
}

import { describe, expect, it } from 'vitest';
import { noRedaction, REDACTED } from '../../../shared/redaction';
import { BODY_PREVIEW_CHARS } from '../../../shared/traffic';
import { createSecretsInUse } from './secrets-in-use';
import type { TrafficRecord } from './traffic-log';
import { createTrafficLog } from './traffic-log';

const record = (fields: Partial<TrafficRecord> = {}): TrafficRecord => ({ kind: 'request', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'kafka', pattern: 'users.login', at: 0, sizeBytes: 2, ...fields });

describe('secrets in use', () => {
  it('does nothing until a secret is added, and keeps one redactor while the same values come again', () => {
    const secrets = createSecretsInUse();
    expect(secrets.redactor).toBe(noRedaction);
    secrets.add(['tok-abcdef', '']);
    const first = secrets.redactor;
    expect(first.text('x tok-abcdef')).toBe(`x ${REDACTED}`);
    secrets.add(['tok-abcdef']);
    expect(secrets.redactor).toBe(first);
    secrets.add(['second-secret']);
    expect(secrets.redactor.text('tok-abcdef second-secret')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('hides sent secrets in every entry the traffic log takes: body (whole and preview), pattern, headers and details', () => {
    const secrets = createSecretsInUse();
    const log = createTrafficLog({ capacity: 10, onBatch: () => {}, secrets });
    const before = log.append(record(), '{"token":"tok-abcdef"}');
    expect(before.bodyPreview).toBe('{"token":"tok-abcdef"}');

    secrets.add(['tok-abcdef']);
    const entry = log.append(record({ pattern: 'login.tok-abcdef', headers: { authorization: 'Bearer tok-abcdef', trace: 't1' }, meta: { key: 'tok-abcdef', partition: 0 } }), '{"token":"tok-abcdef"}');
    expect(entry).toMatchObject({
      pattern: `login.${REDACTED}`,
      headers: { authorization: `Bearer ${REDACTED}`, trace: 't1' },
      meta: { key: REDACTED, partition: 0 },
      bodyPreview: `{"token":"${REDACTED}"}`,
      bodyTruncated: false,
    });

    const long = JSON.stringify({ padding: 'x'.repeat(BODY_PREVIEW_CHARS), token: 'tok-abcdef' });
    const cut = log.append(record(), long);
    expect(cut.bodyTruncated).toBe(true);
    expect(log.body(cut.seq)).toEqual({ body: long.replace('tok-abcdef', REDACTED), complete: true });
    log.close();
  });

  it('keeps an entry without a secret as it was given', () => {
    const secrets = createSecretsInUse();
    secrets.add(['tok-abcdef']);
    const log = createTrafficLog({ capacity: 10, onBatch: () => {}, secrets });
    const given = record({ headers: { trace: 't1' } });
    const entry = log.append(given, '{"id":1}');
    expect(entry.headers).toBe(given.headers);
    expect(entry.bodyPreview).toBe('{"id":1}');
    log.close();
  });
});

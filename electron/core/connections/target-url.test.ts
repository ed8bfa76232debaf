import { describe, expect, it } from 'vitest';
import { parseTargetUrl } from './target-url';

const files: Record<string, string> = { 'ca.pem': 'CA PEM', 'c.pem': 'CERT PEM', 'c.key': 'KEY PEM' };
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT: no such file or directory');
  return text;
};

describe('parseTargetUrl', () => {
  it('reads a plain TCP target', () => {
    expect(parseTargetUrl('tcp://127.0.0.1:3001', readFile)).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 3001 } });
  });

  it('reads TLS files, server name and insecure mode', () => {
    expect(parseTargetUrl('tcp+tls://localhost:4000?ca=ca.pem&cert=c.pem&key=c.key&servername=api.local&insecure=1', readFile)).toEqual({
      ok: true,
      value: { kind: 'tcp', host: 'localhost', port: 4000, tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', servername: 'api.local', rejectUnauthorized: false } },
    });
  });

  it.each([
    ['localhost:3000', '"localhost:3000" is not a target URL'],
    ['nats://localhost:4222', 'Unknown transport "nats"'],
    ['tcp://localhost', 'has no port'],
    ['tcp+tls://localhost:1?ca=missing.pem', 'Cannot read the ca file "missing.pem": ENOENT'],
  ])('explains what is wrong with %s', (text, message) => {
    const result = parseTargetUrl(text, readFile);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(message);
  });
});

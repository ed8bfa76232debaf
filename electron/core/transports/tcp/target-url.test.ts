import { describe, expect, it } from 'vitest';
import { targetToUrl } from '../../../../shared/target-url';
import { parseTargetUrl } from '../target-url';

const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};

describe('tcp:// URLs with a max frame size', () => {
  it('reads ?maxFrameMiB= and writes it back', () => {
    const parsed = parseTargetUrl('tcp://127.0.0.1:3000?maxFrameMiB=128', noFiles);
    expect(parsed).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 3000, maxFrameMiB: 128 } });
    if (parsed.ok) expect(targetToUrl(parsed.value)).toBe('tcp://127.0.0.1:3000?maxFrameMiB=128');
    expect(parseTargetUrl('tcp://127.0.0.1:3000?maxFrameMiB=0.5', noFiles)).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 3000, maxFrameMiB: 0.5 } });
  });

  it('leaves it out when the URL does not name it (64 MiB applies)', () => {
    expect(parseTargetUrl('tcp://127.0.0.1:3000', noFiles)).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 3000 } });
  });

  it('says what a valid value looks like', () => {
    expect(parseTargetUrl('tcp://127.0.0.1:3000?maxFrameMiB=lots', noFiles)).toEqual({
      ok: false,
      error: { code: 'invalid-target', message: 'Invalid target "tcp://127.0.0.1:3000?maxFrameMiB=lots": maxFrameMiB must be a number of MiB, e.g. ?maxFrameMiB=128 (got "lots")' },
    });
    expect(parseTargetUrl('tcp://127.0.0.1:3000?maxFrameMiB=0', noFiles)).toEqual({
      ok: false,
      error: { code: 'invalid-target', message: 'Invalid target "tcp://127.0.0.1:3000?maxFrameMiB=0": Max frame size must be above 0 MiB — or leave it empty for 64' },
    });
    expect(parseTargetUrl('tcp://127.0.0.1:3000?maxFrameMiB=1000', noFiles)).toEqual({
      ok: false,
      error: { code: 'invalid-target', message: 'Invalid target "tcp://127.0.0.1:3000?maxFrameMiB=1000": Max frame size can be at most 256 MiB' },
    });
  });
});

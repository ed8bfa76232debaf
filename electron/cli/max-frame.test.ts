import { describe, expect, it } from 'vitest';
import { withMaxFrame } from './max-frame';

describe('--max-frame', () => {
  it('sets the max frame size of a TCP target, a mock on port 0 included', () => {
    expect(withMaxFrame({ kind: 'tcp', host: '127.0.0.1', port: 0 }, 0.5)).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 0, maxFrameMiB: 0.5 } });
    expect(withMaxFrame({ kind: 'tcp', host: 'h', port: 1, maxFrameMiB: 8 }, undefined)).toEqual({ ok: true, value: { kind: 'tcp', host: 'h', port: 1, maxFrameMiB: 8 } });
  });

  it('refuses other transports and sizes out of range', () => {
    expect(withMaxFrame({ kind: 'grpc', host: 'h', port: 1, protoFiles: [], includeDirs: [], loader: { keepCase: false, longs: 'Long', enums: 'Number', defaults: false, oneofs: false } }, 8)).toEqual({
      ok: false,
      error: { code: 'usage', message: '--max-frame applies to TCP targets (tcp:// and tcp+tls://) only; grpc has no Nest TCP frames to limit. Leave it out.' },
    });
    expect(withMaxFrame({ kind: 'tcp', host: 'h', port: 1 }, 300)).toEqual({ ok: false, error: { code: 'usage', message: '--max-frame: Max frame size can be at most 256 MiB' } });
  });
});

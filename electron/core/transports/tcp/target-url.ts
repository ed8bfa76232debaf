import { fail, ok } from '../../../../shared/result';
import type { TargetUrlParser } from '../url-parts';
import { hostOf, requirePort } from '../url-parts';

/** tcp://host:port and tcp+tls://host:port (Nest TCP services listen on 3000 by default); ?maxFrameMiB=N caps one frame. */
export const tcpTargetFromUrl: TargetUrlParser = (url) => {
  const port = requirePort(url, 3000);
  if (!port.ok) return port;
  const maxFrame = url.searchParams.get('maxFrameMiB');
  if (maxFrame !== null && (maxFrame.trim() === '' || !Number.isFinite(Number(maxFrame)))) {
    return fail('invalid-target', `maxFrameMiB must be a number of MiB, e.g. ?maxFrameMiB=128 (got "${maxFrame}")`);
  }
  return ok({ kind: 'tcp', host: hostOf(url), port: port.value, ...(maxFrame !== null ? { maxFrameMiB: Number(maxFrame) } : {}) });
};

import { ok } from '../../../../shared/result';
import type { TargetUrlParser } from '../url-parts';
import { hostOf, requirePort } from '../url-parts';

/** tcp://host:port and tcp+tls://host:port (Nest TCP services listen on 3000 by default). */
export const tcpTargetFromUrl: TargetUrlParser = (url) => {
  const port = requirePort(url, 3000);
  if (!port.ok) return port;
  return ok({ kind: 'tcp', host: hostOf(url), port: port.value });
};

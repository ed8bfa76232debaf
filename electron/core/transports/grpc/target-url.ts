import { ok } from '../../../../shared/result';
import type { TargetUrlParser } from '../url-parts';
import { hostOf, requirePort } from '../url-parts';

/**
 * grpc://host:port?proto=a.proto&proto=b.proto&import=DIR and grpcs://… (Nest's default port is
 * 5000). No `proto`: the schema comes from server reflection.
 */
export const grpcTargetFromUrl: TargetUrlParser = (url) => {
  const port = requirePort(url, 5000);
  if (!port.ok) return port;
  return ok({ kind: 'grpc', host: hostOf(url), port: port.value, protoFiles: url.searchParams.getAll('proto'), includeDirs: url.searchParams.getAll('import') });
};

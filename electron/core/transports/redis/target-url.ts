import { fail, ok } from '../../../../shared/result';
import type { TargetUrlParser } from '../url-parts';
import { hostOf, requirePort } from '../url-parts';

/**
 * redis://[user:pass@]host:port[/db] and rediss://… (TLS). The user is an ACL user (Redis 6+);
 * `redis://:pass@host:port` gives a password alone.
 */
export const redisTargetFromUrl: TargetUrlParser = (url) => {
  const port = requirePort(url, 6379);
  if (!port.ok) return port;
  const dbText = url.pathname.replace(/^\/+|\/+$/g, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) return fail('invalid-target', `the database "${dbText}" is not a number; write /0, /1, … after the port`);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return ok({
    kind: 'redis',
    mode: 'standalone',
    host: hostOf(url),
    port: port.value,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    db: dbText === '' ? 0 : Number(dbText),
  });
};

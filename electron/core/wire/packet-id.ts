import { randomBytes } from 'node:crypto';

/** A request id as Nest makes them: 21 lowercase hex characters (nest-wire §0). */
export function newPacketId(): string {
  return randomBytes(11).toString('hex').slice(0, 21);
}

// Engine tests call commands whose expected failures are Result values (shared/result.ts); where a
// test expects success, a failure stops it with the failure's code and message.
import type { Result } from '../../shared/result';

/** The value of an ok Result; a failure throws, naming its code and message. */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

// `--max-frame <MiB>`: the TCP max frame size (nest-wire §2) from the command line, the same as a
// target URL's ?maxFrameMiB=; the flag wins when both are given.
import type { ConnectionTarget } from '../../shared/connection';
import { tcpTargetSchema } from '../../shared/connection';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';

export const MAX_FRAME_FLAG_HELP = 'TCP: refuse frames over this many MiB (default 64; the same as ?maxFrameMiB= in the URL)';

export function withMaxFrame(target: ConnectionTarget, maxFrameMiB: number | undefined): Result<ConnectionTarget> {
  if (maxFrameMiB === undefined) return ok(target);
  if (target.kind !== 'tcp') return fail('usage', `--max-frame applies to TCP targets (tcp:// and tcp+tls://) only; ${target.kind} has no Nest TCP frames to limit. Leave it out.`);
  // Only the size is checked: a mock's target may hold port 0 (any free port), which a client's may not.
  const parsed = tcpTargetSchema.shape.maxFrameMiB.safeParse(maxFrameMiB);
  return parsed.success ? ok({ ...target, maxFrameMiB: parsed.data }) : fail('usage', `--max-frame: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
}

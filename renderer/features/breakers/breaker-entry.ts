// How breaker traffic reads in the traffic lists: a `breaker` entry's body is the transition
// (shared/breaker.ts), and a send the breaker stopped is a `failure` with code `breaker-open`.
import { breakerTransitionSchema, type BreakerTransition } from '../../../shared/breaker';
import type { TrafficEntry } from '../../../shared/traffic';

/** The transition a `breaker` entry records; undefined for other entries or a body cut short. */
export function breakerTransitionOf(entry: Pick<TrafficEntry, 'kind' | 'bodyPreview'>): BreakerTransition | undefined {
  if (entry.kind !== 'breaker') return undefined;
  try {
    const parsed = breakerTransitionSchema.safeParse(JSON.parse(entry.bodyPreview));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A send an open breaker rejected rather than a call that failed on the wire. */
export const isBreakerRejection = (entry: Pick<TrafficEntry, 'kind' | 'failureCode'>): boolean => entry.kind === 'failure' && entry.failureCode === 'breaker-open';

/** The body text a traffic row shows: for a transition, the change and its summary. */
export function breakerEntryText(entry: Pick<TrafficEntry, 'kind' | 'bodyPreview'>): string | undefined {
  const transition = breakerTransitionOf(entry);
  return transition && `${transition.from} → ${transition.to}: ${transition.summary}`;
}

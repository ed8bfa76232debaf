// Words and marks for a traffic entry's direction and origin, the same in every traffic list.
import type { TrafficEntry } from '../../../shared/traffic';

export const directionArrows: Record<TrafficEntry['direction'], string> = { out: '→', in: '←', local: '·', observed: '⇢' };

export const directionLabels: Record<TrafficEntry['direction'], string> = { out: 'sent', in: 'received', local: 'local', observed: 'observed' };

/** Entries not sent by Patchbay's own client say who logged them. */
export const originTitles: Record<NonNullable<TrafficEntry['origin']>, string> = { listen: 'observed by a listener', mock: 'received or sent by a mock' };

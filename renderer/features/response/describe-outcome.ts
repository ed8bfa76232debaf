// How an outcome reads on screen: a status word with a tone, the numbers, and the text to copy.
import type { LastOutcome } from '../../store/composer-slice';
import { formatBytes, formatMs, prettyJson } from '../../ui/format';

export type Tone = 'ok' | 'neutral' | 'warning' | 'error';

export interface Metric {
  /** Accessible name, also the tooltip. */
  label: string;
  /** Short visible prefix, e.g. `↑`. */
  prefix?: string;
  value: string;
}

export interface OutcomeView {
  status: string;
  tone: Tone;
  metrics: Metric[];
  copyText: string;
}

export function describeOutcome(last: LastOutcome): OutcomeView {
  switch (last.kind) {
    case 'emitted':
      return { status: 'Emitted', tone: 'ok', metrics: [{ label: 'Request size', prefix: '↑', value: formatBytes(last.sizeBytes) }], copyText: '' };
    case 'refused':
      return { status: 'Not sent', tone: 'error', metrics: [], copyText: last.failure.message };
    case 'sent': {
      const { outcome } = last;
      const metrics: Metric[] = [{ label: 'Latency', value: formatMs(outcome.totalMs) }];
      if (outcome.values.length > 1 && outcome.firstReplyMs !== undefined) metrics.push({ label: 'First reply', prefix: 'first', value: formatMs(outcome.firstReplyMs) });
      metrics.push({ label: 'Request size', prefix: '↑', value: formatBytes(outcome.requestBytes) });
      if (outcome.status !== 'failure') metrics.push({ label: 'Reply size', prefix: '↓', value: formatBytes(outcome.replyBytes) });
      // Latency above is the last attempt's; with retries, say how many it took.
      if (outcome.attempts && outcome.attempts.length > 1) metrics.push({ label: 'Attempts', prefix: '↻', value: `${outcome.attempts.length}` });
      switch (outcome.status) {
        case 'ok':
          return { status: 'OK', tone: 'ok', metrics, copyText: prettyJson(outcome.values.length === 1 ? outcome.values[0] : outcome.values) };
        case 'empty':
          return { status: 'No value', tone: 'neutral', metrics, copyText: '' };
        case 'remote-error':
          return { status: 'Remote error', tone: 'error', metrics, copyText: prettyJson(outcome.remoteError) };
        case 'failure': {
          const isTimeout = outcome.failure?.code === 'timeout';
          // An open breaker stopped it before the wire: the service never saw it.
          if (outcome.failure?.code === 'breaker-open') return { status: 'Rejected', tone: 'error', metrics, copyText: outcome.failure.message };
          // A stream the user cancelled is their doing, not a fault.
          if (outcome.failure?.code === 'cancelled') return { status: 'Cancelled', tone: 'neutral', metrics, copyText: outcome.failure.message };
          return { status: isTimeout ? 'Timeout' : 'Failed', tone: isTimeout ? 'warning' : 'error', metrics, copyText: outcome.failure?.message ?? '' };
        }
      }
    }
  }
}

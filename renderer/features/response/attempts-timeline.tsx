// The attempts of a request sent with retries, on one time axis: a bar per attempt (green when it
// answered, red when it failed) and, after each failed one, the backoff wait before the next as a
// dashed line. Each row also says why its attempt failed. General: it takes request attempts
// (shared/retry.ts) and saga step attempts (shared/saga.ts) alike.
import { useId } from 'react';
import { formatMs } from '../../ui/format';
import '../../styles/attempts-timeline.css';

/** What the timeline needs of an attempt; `RequestAttempt` and `SagaAttempt` both fit. */
export interface TimelineAttempt {
  attempt: number;
  /** Since the first attempt (or the run) started. */
  startMs: number;
  durationMs: number;
  status: 'ok' | 'failed';
  error?: { code: string; message: string; stage?: string };
  /** The wait before the next attempt. */
  retryInMs?: number;
}

export function AttemptsTimeline({ attempts, title = 'Attempts' }: { attempts: readonly TimelineAttempt[]; title?: string }) {
  const titleId = useId();
  if (attempts.length === 0) return null;
  const first = attempts[0]!.startMs;
  const ends = attempts.map((attempt) => attempt.startMs - first + attempt.durationMs + (attempt.retryInMs ?? 0));
  // Never 0: a run of instant attempts still gets bars.
  const spanMs = Math.max(1, ...ends);
  const percent = (ms: number) => `${Math.min(100, Math.max(0, (ms / spanMs) * 100))}%`;
  const last = attempts[attempts.length - 1]!;
  const totalMs = last.startMs - first + last.durationMs;

  return (
    <section className="attempts" aria-labelledby={titleId}>
      <header className="attempts__header">
        <h3 className="attempts__title" id={titleId}>
          {title}
        </h3>
        <span className="attempts__summary">{summaryOf(attempts, totalMs)}</span>
      </header>
      <ol className="attempts__list" aria-labelledby={titleId}>
        {attempts.map((attempt) => {
          const startMs = attempt.startMs - first;
          const failed = attempt.status === 'failed';
          const reason = attempt.error ? `${attempt.error.code}: ${attempt.error.message}` : 'answered';
          return (
            <li key={attempt.attempt} className={`attempt attempt--${attempt.status}`}>
              <span className="attempt__number">Attempt {attempt.attempt}</span>
              <span className="attempt__track" aria-hidden="true">
                <span
                  className="attempt__bar"
                  style={{ left: percent(startMs), width: percent(attempt.durationMs) }}
                  title={`Attempt ${attempt.attempt}: ${failed ? 'failed' : 'ok'} after ${formatMs(attempt.durationMs)} (started at +${formatMs(startMs)})\n${reason}`}
                />
                {attempt.retryInMs !== undefined && (
                  <span
                    className="attempt__wait"
                    style={{ left: percent(startMs + attempt.durationMs), width: percent(attempt.retryInMs) }}
                    title={`Backoff: waited ${formatMs(attempt.retryInMs)} before attempt ${attempt.attempt + 1}`}
                  />
                )}
              </span>
              <span className={`attempt__status attempt__status--${attempt.status}`}>{failed ? 'Failed' : 'OK'}</span>
              <span className="attempt__duration mono">{formatMs(attempt.durationMs)}</span>
              {(attempt.error || attempt.retryInMs !== undefined) && (
                <p className="attempt__detail">
                  {attempt.error && (
                    <span className="attempt__error">
                      <span className="attempt__code mono">{attempt.error.code}</span> {attempt.error.message}
                    </span>
                  )}
                  {attempt.retryInMs !== undefined && <span className="attempt__next">then waited {formatMs(attempt.retryInMs)}</span>}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <div className="attempts__axis" aria-hidden="true">
        <span>0</span>
        <span>{formatMs(spanMs / 2)}</span>
        <span>{formatMs(spanMs)}</span>
      </div>
    </section>
  );
}

/** "Answered on attempt 2 of 3 · 160 ms in all", "All 3 failed · 215 ms in all". */
function summaryOf(attempts: readonly TimelineAttempt[], totalMs: number): string {
  const last = attempts[attempts.length - 1]!;
  const count = attempts.length;
  const outcome =
    last.status === 'ok'
      ? count === 1
        ? 'Answered on the first attempt'
        : `Answered on attempt ${last.attempt}`
      : count === 1
        ? 'Failed, not retried'
        : `All ${count} attempts failed`;
  return `${outcome} · ${formatMs(totalMs)} in all`;
}

// The hammer: a load run whose every request goes through the breaker (breaker.hammer), with a
// plan like the Load panel's and its live chart, so the breaker can be watched opening,
// rejecting, half-opening and closing under load. Rejected requests count as errors of the run.
import { useMemo, useState, type FormEvent } from 'react';
import type { BreakerInfo } from '../../../shared/breaker';
import { defaultHammerDraft, isHammerRunning, type HammerDraft, type HammerRunView } from '../../store/breakers-slice';
import { checkLoadPlan, type LoadPlanDraft } from '../../store/load-slice';
import { parsePattern, parsePayload } from '../../store/parse-request';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { Segmented, TextArea, TextField } from '../../ui/form-fields';
import { formatMs } from '../../ui/format';
import { CloseIcon, WarningIcon } from '../../ui/icons';
import { LoadChart } from '../load/load-chart';
import { LoadIcon } from '../load/load-icon';

export function HammerPanel({ breaker }: { breaker: BreakerInfo }) {
  const run = useAppStore((s) => s.hammerRuns[breaker.breakerId]);
  const hammerBreaker = useAppStore((s) => s.hammerBreaker);
  const stopHammer = useAppStore((s) => s.stopHammer);
  const draft = useAppStore((s) => s.hammerDrafts[breaker.breakerId] ?? defaultHammerDraft);
  const setHammerDraft = useAppStore((s) => s.setHammerDraft);
  const setDraft = (change: (current: HammerDraft) => HammerDraft) => setHammerDraft(breaker.breakerId, change(draft));
  const [tried, setTried] = useState(false);
  const running = isHammerRunning(run);

  const needsPattern = breaker.pattern === undefined;
  const pattern = needsPattern ? parsePattern(draft.patternText) : undefined;
  const payload = parsePayload(draft.payloadText);
  const plan = useMemo(() => checkLoadPlan(draft.plan), [draft.plan]);
  const errors = {
    ...(tried && !plan.ok ? plan.errors : {}),
    patternText: tried && pattern && !pattern.ok ? pattern.message : undefined,
    payloadText: tried && !payload.ok ? payload.message : undefined,
  };
  const setPlan = (patch: Partial<LoadPlanDraft>) => setDraft((current) => ({ ...current, plan: { ...current.plan, ...patch } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (running) {
      void stopHammer(breaker.breakerId);
      return;
    }
    setTried(true);
    if (!plan.ok || !payload.ok || (pattern && !pattern.ok)) return;
    void hammerBreaker(
      { breakerId: breaker.breakerId, ...(pattern?.ok ? { pattern: pattern.value } : {}), data: payload.value, plan: plan.plan },
      needsPattern ? draft.patternText.trim() : (breaker.pattern ?? ''),
    );
  };

  return (
    <section className="breaker-card breaker-hammer" aria-labelledby="breaker-hammer-title">
      <h3 className="breaker-card__title" id="breaker-hammer-title">
        Hammer <span className="breaker-card__note">load through the breaker</span>
        <HammerBadge run={run} />
      </h3>
      <form className="hammer-form" aria-label="Hammer plan" onSubmit={submit} noValidate>
        {needsPattern && (
          <TextField
            label="Pattern"
            value={draft.patternText}
            onChange={(patternText) => setDraft((current) => ({ ...current, patternText }))}
            error={errors.patternText}
            placeholder='{"cmd":"pay"} or orders.create'
            mono
            hint="The breaker guards every send of its connection: which one to send."
          />
        )}
        <TextArea label="Payload" value={draft.payloadText} onChange={(payloadText) => setDraft((current) => ({ ...current, payloadText }))} error={errors.payloadText} rows={1} />
        <div className="hammer-form__plan">
          <TextField label="Concurrency" value={draft.plan.concurrency} onChange={(concurrency) => setPlan({ concurrency })} error={errors.concurrency} inputMode="numeric" mono width="84px" />
          <Segmented
            legend="Stop after"
            name={`hammer-limit-${breaker.breakerId}`}
            value={draft.plan.limitKind}
            options={[
              { value: 'requests', label: 'Requests' },
              { value: 'duration', label: 'Duration' },
            ]}
            onChange={(limitKind) => setPlan({ limitKind })}
          />
          {draft.plan.limitKind === 'requests' ? (
            <TextField label="Requests" value={draft.plan.requests} onChange={(requests) => setPlan({ requests })} error={errors.requests} inputMode="numeric" mono width="84px" />
          ) : (
            <TextField label="Duration (s)" value={draft.plan.durationSeconds} onChange={(durationSeconds) => setPlan({ durationSeconds })} error={errors.durationSeconds} mono width="84px" />
          )}
          <TextField label="Rate (req/s)" value={draft.plan.ratePerSecond} onChange={(ratePerSecond) => setPlan({ ratePerSecond })} error={errors.ratePerSecond} placeholder="unlimited" mono width="92px" />
          <div className="field hammer-form__actions">
            {/* An empty label's height keeps the button level with the inputs. */}
            <span className="field__label" aria-hidden="true">
              &nbsp;
            </span>
            {running ? (
              <Button type="submit" variant="secondary" icon={<CloseIcon />} disabled={run?.phase === 'starting'}>
                Stop
              </Button>
            ) : (
              <Button type="submit" variant="primary" icon={<LoadIcon />}>
                Hammer
              </Button>
            )}
          </div>
        </div>
      </form>
      {run?.failure && (
        <p className="view__error breaker-hammer__error" role="alert">
          <WarningIcon />
          <span>{run.failure.message}</span>
        </p>
      )}
      {run?.report?.failure && (
        <p className="view__error breaker-hammer__error" role="alert">
          <WarningIcon />
          <span>{run.report.failure.message}</span>
        </p>
      )}
      {run && !run.failure ? (
        <>
          <HammerStats run={run} />
          <LoadChart samples={run.samples} />
        </>
      ) : (
        !run && <p className="breaker-hammer__hint">Sends {needsPattern ? 'the pattern' : <span className="mono">{breaker.pattern}</span>} through the breaker at the rate above. Pair it with a mock rule&apos;s failureRate or delayMs to watch the whole cycle with no real outage.</p>
      )}
    </section>
  );
}

function HammerBadge({ run }: { run: HammerRunView | undefined }) {
  if (!run) return null;
  const status = run.failure ? 'failed' : run.phase !== 'finished' ? 'running' : (run.report?.status ?? 'finished');
  const tone = status === 'running' ? 'pending' : status === 'completed' ? 'ok' : status === 'stopped' ? 'neutral' : 'error';
  const label = { running: 'Running', completed: 'Completed', stopped: 'Stopped', failed: 'Failed', finished: 'Finished' }[status];
  return (
    <span className={`pill pill--${tone} breaker-hammer__badge`} role="status" aria-label={`Hammer ${label.toLowerCase()}`}>
      {label}
    </span>
  );
}

/** The run's totals so far: what went out, how fast, and how many the breaker or the service failed. */
function HammerStats({ run }: { run: HammerRunView }) {
  const completed = run.report?.completed ?? run.samples.reduce((sum, sample) => sum + sample.completed, 0);
  const errors = run.report ? run.report.completed - run.report.ok : run.samples.reduce((sum, sample) => sum + sample.errors, 0);
  const last = run.samples.at(-1);
  const rate = run.report?.throughputPerSecond ?? last?.throughputPerSecond;
  const p50 = run.report?.latency.count ? run.report.latency.p50Ms : last?.p50Ms;
  const rejected = run.report?.errorsByKind['breaker-open'];
  const stats: [string, string, boolean?][] = [
    ['Sent', completed.toLocaleString('en-US')],
    ['Req/s', rate === undefined ? '—' : Math.round(rate).toLocaleString('en-US')],
    ['p50', p50 === undefined ? '—' : formatMs(p50)],
    ['Errors', errors.toLocaleString('en-US'), errors > 0],
    ...(rejected === undefined ? [] : [['Rejected', rejected.toLocaleString('en-US'), rejected > 0] as [string, string, boolean]]),
  ];
  return (
    <dl className="breaker-figures breaker-hammer__stats" aria-label="Hammer totals">
      {stats.map(([term, value, warn]) => (
        <div key={term} className={warn ? 'breaker-figure--error' : undefined}>
          <dt>{term}</dt>
          <dd aria-label={term === 'Req/s' ? 'Requests per second' : term}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

// The hammer: a load run whose every request goes through the breaker (breaker.hammer), with a
// plan like the Load panel's and its live chart, so the breaker can be watched opening,
// rejecting, half-opening and closing under load. Rejected requests count as errors of the run.
import { useMemo, useState, type FormEvent } from 'react';
import type { BreakerInfo } from '../../../shared/breaker';
import { defaultHammerDraft, isHammerRunning, type HammerDraft, type HammerRunView } from '../../store/breakers-slice';
import { checkLoadPlan, type LoadPlanDraft } from '../../store/load-slice';
import { parsePattern, parsePayload } from '../../store/parse-request';
import { useAppStore } from '../../store/store-context';
import { TextArea, TextField } from '../../ui/form-fields';
import { formatCount } from '../../ui/format';
import { StatList } from '../../ui/stat-list';
import { LoadChart } from '../load/load-chart';
import { LoadPlanFields, LoadRunBadge, LoadRunButton, LoadRunFailures } from '../load/load-run-parts';
import { formatOptionalMs, formatRate, loadRunTotals, loadStat } from '../load/load-run-totals';

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
        <LoadRunBadge run={run} subject="Hammer" className="breaker-hammer__badge" />
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
          <LoadPlanFields draft={draft.plan} errors={errors} onChange={setPlan} name={`hammer-limit-${breaker.breakerId}`} widths={{ concurrency: '84px', limit: '84px', rate: '92px' }} mono />
          <LoadRunButton className="hammer-form__actions" run={run} running={running} startLabel="Hammer" />
        </div>
      </form>
      <LoadRunFailures run={run} className="breaker-hammer__error" />
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

/** The run's totals so far: what went out, how fast, and how many the breaker or the service failed. */
function HammerStats({ run }: { run: HammerRunView }) {
  const { completed, errors, rate, p50 } = loadRunTotals(run);
  const rejected = run.report?.errorsByKind['breaker-open'];
  const stats = [
    loadStat('Sent', formatCount(completed)),
    loadStat('Req/s', formatRate(rate)),
    loadStat('p50', formatOptionalMs(p50)),
    loadStat('Errors', formatCount(errors), errors > 0),
    ...(rejected === undefined ? [] : [loadStat('Rejected', formatCount(rejected), rejected > 0)]),
  ];
  return <StatList stats={stats} className="breaker-figures breaker-hammer__stats" warnClassName="breaker-figure--error" label="Hammer totals" />;
}

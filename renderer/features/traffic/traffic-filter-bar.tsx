// The filters of the Traffic view. They combine (all must match); within a group any chip matches.
// Text and latency are debounced, chips apply at once; the engine does the filtering.
import { useEffect, useRef, useState } from 'react';
import { trafficStatuses } from '../../../shared/traffic';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { CloseIcon } from '../../ui/icons';
import { transportShortLabels } from '../connections/connection-form-model';
import { directionLabels } from './traffic-labels';

export const FILTER_DEBOUNCE_MS = 150;

const directions = ['out', 'in', 'local', 'observed'] as const;

const transports = Object.keys(transportShortLabels) as (keyof typeof transportShortLabels)[];

export function TrafficFilterBar() {
  const filter = useAppStore((s) => s.trafficView.filter);
  const setFilter = useAppStore((s) => s.setTrafficFilter);
  const connections = useAppStore((s) => s.connections);
  const [text, setText] = useState(filter.text ?? '');
  const [minLatency, setMinLatency] = useState(filter.minLatencyMs === undefined ? '' : String(filter.minLatencyMs));

  const textTimer = useDebouncer();
  const latencyTimer = useDebouncer();

  const onText = (value: string) => {
    setText(value);
    textTimer(() => void setFilter({ text: value }));
  };

  const onMinLatency = (value: string) => {
    setMinLatency(value);
    const ms = value.trim() === '' ? undefined : Number(value);
    // A half-typed or negative number waits for the user instead of clearing the filter.
    if (ms !== undefined && (!Number.isFinite(ms) || ms < 0)) return;
    latencyTimer(() => void setFilter({ minLatencyMs: ms }));
  };

  const active = Object.keys(filter).length > 0;
  const reset = () => {
    textTimer.cancel();
    latencyTimer.cancel();
    setText('');
    setMinLatency('');
    void setFilter({ text: undefined, transports: undefined, connectionIds: undefined, directions: undefined, statuses: undefined, minLatencyMs: undefined });
  };

  return (
    <div className="traffic-filters" role="search" aria-label="Traffic filters">
      <input className="input traffic-filters__text" type="search" aria-label="Filter" placeholder="Filter by pattern, correlation id or body" value={text} onChange={(event) => onText(event.target.value)} spellCheck={false} />
      <ChipGroup label="Status" values={trafficStatuses} selected={filter.statuses} labelOf={(status) => status} onChange={(statuses) => void setFilter({ statuses })} className="chip--status" />
      <ChipGroup label="Direction" values={directions} selected={filter.directions} labelOf={(direction) => directionLabels[direction]} onChange={(list) => void setFilter({ directions: list })} />
      <ChipGroup label="Transport" values={transports} selected={filter.transports as typeof transports | undefined} labelOf={(kind) => transportShortLabels[kind]} onChange={(transports) => void setFilter({ transports })} />
      <label className="traffic-filters__field">
        <span className="traffic-filters__label">Connection</span>
        <select className="input input--sm traffic-filters__select" value={filter.connectionIds?.[0] ?? ''} onChange={(event) => void setFilter({ connectionIds: event.target.value ? [event.target.value] : undefined })}>
          <option value="">All</option>
          {connections.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.name}
            </option>
          ))}
        </select>
      </label>
      <label className="traffic-filters__field">
        <span className="traffic-filters__label">Min latency (ms)</span>
        <input className="input input--sm traffic-filters__latency" type="number" min={0} step="any" inputMode="decimal" placeholder="any" value={minLatency} onChange={(event) => onMinLatency(event.target.value)} />
      </label>
      {active && (
        <Button size="sm" variant="ghost" icon={<CloseIcon />} onClick={reset}>
          Reset filters
        </Button>
      )}
    </div>
  );
}

/**
 * Runs the first call at once (a paste, a cleared box) and then, while calls keep coming, only the
 * last one, once FILTER_DEBOUNCE_MS pass without another: typing costs one query per pause.
 */
function useDebouncer() {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pending = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const quietPeriod = () => {
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const run = pending.current;
      pending.current = undefined;
      if (run) {
        run();
        quietPeriod();
      }
    }, FILTER_DEBOUNCE_MS);
  };
  const schedule = (run: () => void) => {
    if (timer.current === undefined) {
      run();
      quietPeriod();
    } else pending.current = run;
  };
  schedule.cancel = () => {
    pending.current = undefined;
  };
  return schedule;
}

function ChipGroup<T extends string>({ label, values, selected, labelOf, onChange, className }: { label: string; values: readonly T[]; selected: readonly T[] | undefined; labelOf: (value: T) => string; onChange: (values: T[] | undefined) => void; className?: string }) {
  const toggle = (value: T) => {
    const current = new Set(selected ?? []);
    if (!current.delete(value)) current.add(value);
    // Keep the chips' order, so the same choice is the same filter.
    const next = values.filter((candidate) => current.has(candidate));
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <div className="chip-group" role="group" aria-label={label}>
      <span className="traffic-filters__label" aria-hidden="true">
        {label}
      </span>
      {values.map((value) => {
        const on = selected?.includes(value) ?? false;
        return (
          <button key={value} type="button" className={`chip${on ? ' chip--on' : ''}${className ? ` ${className} ${className}-${value}` : ''}`} aria-pressed={on} onClick={() => toggle(value)}>
            {labelOf(value)}
          </button>
        );
      })}
    </div>
  );
}


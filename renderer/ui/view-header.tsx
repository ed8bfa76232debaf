// The header of a main-area view of something running (a listener, a mock): its title and state,
// a subtitle, its counts, a Stop button, and what went wrong under it.
import type { ReactNode } from 'react';
import { Button } from './button';
import { CloseIcon, WarningIcon } from './icons';

export interface ViewStat {
  term: string;
  value: ReactNode;
  /** The value's accessible name, where the term alone is not enough. */
  label?: string;
  warn?: boolean;
}

interface ViewHeaderProps {
  title: string;
  badge: ReactNode;
  subtitle: ReactNode;
  stats: readonly ViewStat[];
  /** What the counts count, as the tooltip. */
  statsTitle?: string;
  onStop: () => void;
  error?: string;
}

export function ViewHeader({ title, badge, subtitle, stats, statsTitle, onStop, error }: ViewHeaderProps) {
  return (
    <>
      <header className="view__header">
        <div className="view__heading">
          <div className="view__title-row">
            <h2 className="view__title ellipsis" title={title}>
              {title}
            </h2>
            {badge}
          </div>
          <p className="view__subtitle">{subtitle}</p>
        </div>
        <dl className="view__stats" title={statsTitle}>
          {stats.map((stat) => (
            <div key={stat.term} className={stat.warn ? 'view__stat--warn' : undefined}>
              <dt>{stat.term}</dt>
              <dd aria-label={stat.label}>{stat.value}</dd>
            </div>
          ))}
        </dl>
        <Button variant="secondary" icon={<CloseIcon />} onClick={onStop}>
          Stop
        </Button>
      </header>
      {error && (
        <p className="view__error" role="alert">
          <WarningIcon />
          <span>{error}</span>
        </p>
      )}
    </>
  );
}

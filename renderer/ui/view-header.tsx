// The header of a main-area view of something running (a listener, a mock): its title and state,
// a subtitle, its counts, a Stop button, and what went wrong under it.
import type { ReactNode } from 'react';
import { Button } from './button';
import { CloseIcon } from './icons';
import { StatList, type ViewStat } from './stat-list';
import { ViewError } from './view-error';

export type { ViewStat } from './stat-list';

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
        <StatList stats={stats} title={statsTitle} />
        <Button variant="secondary" icon={<CloseIcon />} onClick={onStop}>
          Stop
        </Button>
      </header>
      {error && <ViewError message={error} />}
    </>
  );
}

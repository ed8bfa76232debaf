// A row of labelled figures (a view header's totals, a card's counts): each a term over its value,
// one of them marked when it is worth a look. The look comes from the caller's class
// (view__stats in a header, breaker-figures in a card), the markup is the same everywhere.
import type { ReactNode } from 'react';

export interface ViewStat {
  term: string;
  value: ReactNode;
  /** The value's accessible name, where the term alone is not enough. */
  label?: string;
  warn?: boolean;
  /** A class of its own instead of the warn class, such as a tone (breaker-figure--ok). */
  className?: string;
}

interface StatListProps {
  stats: readonly ViewStat[];
  /** The list's class; view__stats, a header's. */
  className?: string;
  /** Set on a stat with warn. */
  warnClassName?: string;
  /** The list's accessible name. */
  label?: string;
  /** What the figures count, as the tooltip. */
  title?: string;
}

export function StatList({ stats, className = 'view__stats', warnClassName = 'view__stat--warn', label, title }: StatListProps) {
  return (
    <dl className={className} aria-label={label} title={title}>
      {stats.map((stat) => (
        <div key={stat.term} className={stat.className ?? (stat.warn ? warnClassName : undefined)}>
          <dt>{stat.term}</dt>
          <dd aria-label={stat.label}>{stat.value}</dd>
        </div>
      ))}
    </dl>
  );
}

// A quiet message where content will appear, saying what to do next.
import type { ReactNode } from 'react';

export function EmptyState({ title, children, icon, compact = false }: { title: string; children?: ReactNode; icon?: ReactNode; compact?: boolean }) {
  return (
    <div className={`empty-state${compact ? ' empty-state--compact' : ''}`}>
      {icon && <div className="empty-state__icon">{icon}</div>}
      <p className="empty-state__title">{title}</p>
      {children && <div className="empty-state__body">{children}</div>}
    </div>
  );
}

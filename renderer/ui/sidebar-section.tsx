// A sidebar section (Connections, Listeners, Mocks, Breakers): a heading with a count and a New
// button that opens the section's dialog, the list of items or what to show without any, and each
// item with its name, a close button, a meta line, its state, and what went wrong.
import { useState, type MouseEvent, type ReactNode } from 'react';
import type { Result } from '../../shared/result';
import { IconButton } from './button';
import { CloseIcon, PlusIcon } from './icons';

interface SidebarSectionProps {
  /** The heading, and the list's accessible name. */
  title: string;
  headingId: string;
  count: number;
  /** The New button's accessible name, such as "New listener". */
  addLabel: string;
  /** What the New button opens; the section keeps it open until it calls close. */
  newDialog: (close: () => void) => ReactNode;
  /** Below the first section: takes its height from its content. */
  aux?: boolean;
  /** The list's items; shown when count > 0. */
  items: ReactNode;
  /** Shown when there are no items; a function of openNew where it has a button of its own for the New dialog. */
  empty: ReactNode | ((openNew: () => void) => ReactNode);
}

export function SidebarSection({ title, headingId, count, addLabel, newDialog, aux, items, empty }: SidebarSectionProps) {
  const [dialogOpen, setDialogOpen] = useState(false);
  const openNew = () => setDialogOpen(true);
  return (
    <section className={`sidebar__section${aux ? ' sidebar__section--aux' : ''}`} aria-labelledby={headingId}>
      <header className="section-header">
        <h2 id={headingId} className="section-header__title">
          {title}
          {count > 0 && <span className="count">{count}</span>}
        </h2>
        <IconButton label={addLabel} onClick={openNew}>
          <PlusIcon />
        </IconButton>
      </header>
      {count > 0 ? (
        <ul className="conn-list" aria-label={title}>
          {items}
        </ul>
      ) : typeof empty === 'function' ? (
        empty(openNew)
      ) : (
        empty
      )}
      {dialogOpen && newDialog(() => setDialogOpen(false))}
    </section>
  );
}

interface SidebarItemProps {
  /** The item's accessible name. */
  name: string;
  /** What the select button shows; the name unless given. */
  display?: ReactNode;
  /** The select button's tooltip. */
  tooltip?: string;
  selected: boolean;
  onSelect: () => void;
  /** The close button's accessible name, such as "Stop orders". */
  closeLabel: string;
  onClose: () => Promise<Result<unknown>>;
  /** A tool button before the close button. */
  tool?: ReactNode;
  /** The line under the name: transport, target, counts. */
  meta: ReactNode;
  badge: ReactNode;
  /** The item's own problem, such as a failed state's last error. */
  error?: string;
  className?: string;
  /** After everything else: the item's dialog. */
  children?: ReactNode;
  /** A right click (or the context-menu key) on the item: its menu of actions. */
  onContextMenu?: (event: MouseEvent<HTMLLIElement>) => void;
}

export function SidebarItem({ name, display, tooltip, selected, onSelect, closeLabel, onClose, tool, meta, badge, error, className, children, onContextMenu }: SidebarItemProps) {
  const [closeError, setCloseError] = useState<string>();
  return (
    <li className={`conn${selected ? ' conn--selected' : ''}${className ? ` ${className}` : ''}`} aria-label={name} onContextMenu={onContextMenu}>
      <button type="button" className="conn__select" aria-current={selected ? 'true' : undefined} onClick={onSelect} title={tooltip}>
        <span className="conn__name">{display ?? name}</span>
      </button>
      {tool}
      <IconButton
        label={closeLabel}
        className="conn__close"
        onClick={async () => {
          setCloseError(undefined);
          const result = await onClose();
          if (!result.ok) setCloseError(result.error.message);
        }}
      >
        <CloseIcon size={14} />
      </IconButton>
      <span className="conn__meta">{meta}</span>
      {badge}
      {error && (
        <p className="conn__error" title={error}>
          {error}
        </p>
      )}
      {closeError && <p className="conn__error">{closeError}</p>}
      {children}
    </li>
  );
}

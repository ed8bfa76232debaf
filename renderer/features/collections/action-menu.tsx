// A small menu of actions (role menu, menuitem), opened from a "⋯" button or a right click: the
// arrow keys, Home and End move, Escape closes and gives the focus back, a click outside closes.
// Fixed to the viewport, so a scrolled or clipped sidebar does not cut it off.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { IconButton } from '../../ui/button';

export interface MenuAction {
  label: string;
  onSelect: () => void;
  /** Shown on the right, such as F2. */
  shortcut?: string;
  danger?: boolean;
  /** Draws a line above it. */
  separated?: boolean;
}

interface ActionMenuProps {
  /** The menu's accessible name. */
  label: string;
  actions: readonly MenuAction[];
  /** Where its top-left corner goes, in viewport pixels. */
  at: { x: number; y: number };
  /** Closed by the user or by an action; `restoreFocus` is false when a click elsewhere took the focus. */
  onClose: (restoreFocus: boolean) => void;
  /** The button that opened it: a click on it toggles, rather than closing and reopening. */
  anchor?: RefObject<HTMLElement | null>;
}

export function ActionMenu({ label, actions, at, onClose, anchor }: ActionMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState(at);

  // Kept inside the window: flipped up or left when it would run off an edge.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    setPosition({ x: Math.max(4, Math.min(at.x, window.innerWidth - width - 4)), y: at.y + height > window.innerHeight - 4 ? Math.max(4, at.y - height) : at.y });
  }, [at]);

  // The latest onClose, without re-subscribing (and refocusing) on every render.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    // Focus the first item on opening, so the arrow keys work straight away.
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !menuRef.current?.contains(event.target) && !anchor?.current?.contains(event.target)) onCloseRef.current(false);
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [anchor]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (next: number) => items[(next + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') focusAt(index + 1);
    else if (event.key === 'ArrowUp') focusAt(index - 1);
    else if (event.key === 'Home') focusAt(0);
    else if (event.key === 'End') focusAt(items.length - 1);
    else if (event.key === 'Escape') onClose(true);
    else if (event.key === 'Tab') onClose(false);
    else return;
    event.stopPropagation();
    if (event.key !== 'Tab') event.preventDefault();
  };

  return (
    <div ref={menuRef} className="action-menu" role="menu" aria-label={label} style={{ left: position.x, top: position.y }} onKeyDown={onKeyDown}>
      {actions.map((action) => (
        <button
          key={action.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={`action-menu__item${action.danger ? ' action-menu__item--danger' : ''}${action.separated ? ' action-menu__item--separated' : ''}`}
          onClick={() => {
            onClose(true);
            action.onSelect();
          }}
        >
          <span>{action.label}</span>
          {action.shortcut && <kbd aria-hidden="true">{action.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}

/** An icon button that opens an `ActionMenu` under itself. */
export function MenuButton({ label, menuLabel, actions, className, children }: { label: string; menuLabel: string; actions: readonly MenuAction[]; className?: string; children: ReactNode }) {
  const buttonRef = useRef<HTMLSpanElement>(null);
  const [at, setAt] = useState<{ x: number; y: number }>();
  const open = () => {
    const box = buttonRef.current?.firstElementChild?.getBoundingClientRect();
    if (box) setAt({ x: box.left, y: box.bottom + 4 });
  };
  return (
    <span ref={buttonRef} className={className}>
      <IconButton label={label} aria-haspopup="menu" aria-expanded={at !== undefined} onClick={() => (at ? setAt(undefined) : open())} onKeyDown={(event) => event.key === 'ArrowDown' && (event.preventDefault(), open())}>
        {children}
      </IconButton>
      {at && (
        <ActionMenu
          label={menuLabel}
          actions={actions}
          at={at}
          anchor={buttonRef}
          onClose={(restoreFocus) => {
            setAt(undefined);
            if (restoreFocus) buttonRef.current?.querySelector('button')?.focus();
          }}
        />
      )}
    </span>
  );
}

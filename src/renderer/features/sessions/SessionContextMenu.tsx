// A session's context menu (right-click, Shift+F10 or the Menu key on its row): the row's actions
// as a menu, keyboard-driven (arrows, Home/End, Escape), closed by a click elsewhere, focus returned.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SessionView } from '../../../shared/sessions';

export interface MenuAnchor {
  id: string;
  x: number;
  y: number;
  /** Gets focus back when the menu closes. */
  opener: HTMLElement | null;
}

interface SessionContextMenuProps {
  view: SessionView;
  anchor: MenuAnchor;
  consoleBusy: boolean;
  onClose: () => void;
  onToggle: (view: SessionView) => void;
  onConsole: (view: SessionView) => void;
  onEdit: (id: string) => void;
  onDelete: (id: string) => void;
}

interface Item {
  label: string;
  disabled: boolean;
  danger?: boolean;
  run: () => void;
}

const MARGIN = 8;

export function SessionContextMenu({
  view,
  anchor,
  consoleBusy,
  onClose,
  onToggle,
  onConsole,
  onEdit,
  onDelete,
}: SessionContextMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: anchor.x, top: anchor.y });
  const { status } = view.state;
  const items: Item[] = [
    {
      label: status === 'active' ? 'Stop' : 'Start',
      disabled: status === 'pending',
      run: () => onToggle(view),
    },
    {
      label: consoleBusy ? 'Opening console…' : 'Open console',
      disabled: consoleBusy || status === 'pending',
      run: () => onConsole(view),
    },
    { label: 'Edit', disabled: false, run: () => onEdit(view.id) },
    { label: 'Delete', disabled: false, danger: true, run: () => onDelete(view.id) },
  ];

  const close = (restoreFocus: boolean): void => {
    onClose();
    if (restoreFocus) anchor.opener?.focus();
  };

  // Kept inside the window: a right-click near an edge opens the menu toward the middle.
  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    setPosition({
      left: Math.max(MARGIN, Math.min(anchor.x, window.innerWidth - width - MARGIN)),
      top: Math.max(MARGIN, Math.min(anchor.y, window.innerHeight - height - MARGIN)),
    });
    menu.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
  }, [anchor]);

  useEffect(() => {
    const outside = (event: Event): void => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    const away = (): void => onClose();
    // Where each scrollable ancestor of the opener stood when the menu opened. Focusing the opener
    // can scroll the list just before Shift+F10, and that scroll's event may arrive after the menu
    // opened: only a scroll that moved something since then closes it.
    const stood = new Map<Element, [number, number]>();
    for (let el = anchor.opener?.parentElement ?? null; el; el = el.parentElement) {
      stood.set(el, [el.scrollTop, el.scrollLeft]);
    }
    const scrolled = (event: Event): void => {
      const target =
        event.target instanceof Element ? event.target : (document.scrollingElement ?? undefined);
      const before = target ? stood.get(target) : undefined;
      if (target && before && before[0] === target.scrollTop && before[1] === target.scrollLeft) {
        return;
      }
      onClose();
    };
    document.addEventListener('mousedown', outside, true);
    window.addEventListener('blur', away);
    window.addEventListener('resize', away);
    // The list scrolls under a fixed menu: it would point at another row.
    document.addEventListener('scroll', scrolled, true);
    return () => {
      document.removeEventListener('mousedown', outside, true);
      window.removeEventListener('blur', away);
      window.removeEventListener('resize', away);
      document.removeEventListener('scroll', scrolled, true);
    };
  }, [onClose, anchor]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = [
      ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ??
        []),
    ];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = (index: number): void =>
      buttons[(index + buttons.length) % buttons.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(buttons.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(true);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={`Actions for ${view.name}`}
      className="context-menu"
      style={{ left: position.left, top: position.top }}
      data-testid="session-menu"
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={item.danger ? 'quiet-danger' : undefined}
          disabled={item.disabled}
          onClick={() => {
            close(true);
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

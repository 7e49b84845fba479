// Notifications from the core (rotation failures, expiries that need a person, and the like) as
// dismissible toasts with at most one action button; a newer toast with the same key replaces the
// older one, so a notice about the same event never stacks.
import { useCallback, useEffect, useState } from 'react';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { on } from '../api';
import { actionOf, actionText, runAction } from './notice-actions';

interface Toast extends NotificationEvent {
  id: number;
}

/** An older toast this one replaces: the same event (key), or the same integration (one per integration). */
function replaces(next: NotificationEvent, old: NotificationEvent): boolean {
  if (next.key && old.key === next.key) return true;
  return Boolean(next.integration) && old.integration === next.integration;
}

export function Notifications({ onOpenList }: { onOpenList: () => void }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [nextId] = useState(() => {
    let id = 0;
    return () => ++id;
  });
  const show = useCallback(
    (event: NotificationEvent): void => {
      const toast = { ...event, id: nextId() };
      setToasts((prev) => [...prev.filter((t) => !replaces(event, t)).slice(-3), toast]);
      if (event.level === 'info') {
        setTimeout(() => setToasts((prev) => prev.filter((t) => t.id !== toast.id)), 6000);
      }
    },
    [nextId],
  );
  useEffect(() => on('notification', show), [show]);
  const dismiss = (id: number) => setToasts((prev) => prev.filter((t) => t.id !== id));
  const act = async (toast: Toast): Promise<void> => {
    const action = actionOf(toast);
    if (!action) return;
    dismiss(toast.id);
    const failed = await runAction(action, onOpenList);
    if (failed) show(failed);
  };
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => {
        const action = actionOf(toast);
        const words = action ? actionText(action) : undefined;
        return (
          <div key={toast.id} className={`toast toast-${toast.level}`} data-testid="toast">
            <span>{toast.message}</span>
            {words ? (
              <button type="button" aria-label={words.label} onClick={() => void act(toast)}>
                {words.text}
              </button>
            ) : null}
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss notification"
              onClick={() => dismiss(toast.id)}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}

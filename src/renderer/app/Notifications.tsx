// Notifications from the core (rotation failures and the like) as dismissible toasts; one that names
// an Identity Center integration whose sign-in has expired offers Log in.
import { useEffect, useState } from 'react';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { invoke, on, toErrorView } from '../api';

interface Toast extends NotificationEvent {
  key: number;
}

export function Notifications() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    let key = 0;
    return on('notification', (event) => {
      const toast = { ...event, key: ++key };
      // A newer word about the same integration replaces the older one.
      setToasts((prev) => [
        ...prev.filter((t) => !event.integration || t.integration !== event.integration).slice(-3),
        toast,
      ]);
      if (event.level === 'info') {
        setTimeout(() => setToasts((prev) => prev.filter((t) => t.key !== toast.key)), 6000);
      }
    });
  }, []);
  const dismiss = (key: number) => setToasts((prev) => prev.filter((t) => t.key !== key));
  const logIn = async (key: number, name: string): Promise<void> => {
    dismiss(key);
    try {
      await invoke('sso:login', { name });
    } catch (failure) {
      const error = toErrorView(failure);
      // Cancelling the sign-in is the person's own choice, not news.
      if (error.code === 'PROMPT_CANCELLED') return;
      setToasts((prev) => [
        ...prev,
        { level: 'error', integration: name, message: error.message, key: -key },
      ]);
    }
  };
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map(({ key, level, message, integration }) => (
        <div key={key} className={`toast toast-${level}`} data-testid="toast">
          <span>{message}</span>
          {integration ? (
            <button
              type="button"
              aria-label={`Log in to ${integration}`}
              onClick={() => void logIn(key, integration)}
            >
              Log in
            </button>
          ) : null}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notification"
            onClick={() => dismiss(key)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

// Notifications from the core (rotation failures and the like) as dismissible toasts.
import { useEffect, useState } from 'react';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { on } from '../api';

interface Toast extends NotificationEvent {
  key: number;
}

export function Notifications() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    let key = 0;
    return on('notification', (event) => {
      const toast = { ...event, key: ++key };
      setToasts((prev) => [...prev.slice(-3), toast]);
      if (event.level === 'info') {
        setTimeout(() => setToasts((prev) => prev.filter((t) => t.key !== toast.key)), 6000);
      }
    });
  }, []);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.key} className={`toast toast-${toast.level}`}>
          <span>{toast.message}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notification"
            onClick={() => setToasts((prev) => prev.filter((t) => t.key !== toast.key))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

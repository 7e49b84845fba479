// The list's session actions (start/stop, open console, pin) and the per-row errors they leave.
import { useCallback, useState } from 'react';
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';

export interface SessionActions {
  actionErrors: ReadonlyMap<string, ErrorView>;
  opening: ReadonlySet<string>;
  toggle: (view: SessionView) => Promise<void>;
  openConsole: (view: SessionView) => Promise<void>;
  pin: (view: SessionView) => Promise<void>;
}

export function useSessionActions(): SessionActions {
  const [actionErrors, setActionErrors] = useState<ReadonlyMap<string, ErrorView>>(new Map());
  const [opening, setOpening] = useState<ReadonlySet<string>>(new Set());

  const setActionError = useCallback((id: string, error: ErrorView | undefined) => {
    setActionErrors((prev) => {
      if (!error && !prev.has(id)) return prev;
      const next = new Map(prev);
      if (error) next.set(id, error);
      else next.delete(id);
      return next;
    });
  }, []);

  const toggle = useCallback(
    async (view: SessionView) => {
      setActionError(view.id, undefined);
      try {
        if (view.state.status === 'active') await invoke('session:stop', { id: view.id });
        else await invoke('session:start', { id: view.id });
      } catch (error) {
        const failure = toErrorView(error);
        // Cancelling a prompt is the person's own choice, not an error to show on the row.
        if (failure.code !== 'PROMPT_CANCELLED') setActionError(view.id, failure);
      }
    },
    [setActionError],
  );

  // The sign-in URL never comes here: main opens it and answers with the session and region.
  const openConsole = useCallback(
    async (view: SessionView) => {
      setActionError(view.id, undefined);
      setOpening((prev) => new Set(prev).add(view.id));
      try {
        await invoke('session:open-console', { id: view.id });
      } catch (error) {
        const failure = toErrorView(error);
        if (failure.code !== 'PROMPT_CANCELLED') setActionError(view.id, failure);
      } finally {
        setOpening((prev) => {
          const next = new Set(prev);
          next.delete(view.id);
          return next;
        });
      }
    },
    [setActionError],
  );

  const pin = useCallback(
    async (view: SessionView) => {
      setActionError(view.id, undefined);
      try {
        await invoke('session:set-marks', { id: view.id, pinned: !view.marks?.pinned });
      } catch (error) {
        setActionError(view.id, toErrorView(error));
      }
    },
    [setActionError],
  );

  return { actionErrors, opening, toggle, openConsole, pin };
}

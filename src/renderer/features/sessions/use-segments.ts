// The saved filters as the sidebar sees them: loaded once, changed through main, reloaded after.
import { useCallback, useEffect, useState } from 'react';
import type { SegmentView, SessionFilter, SessionGrouping } from '../../../shared/segment-fields';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { normalizeFilter } from './session-filter';

export interface Segments {
  segments: readonly SegmentView[];
  loadError: ErrorView | undefined;
  /** Rejects with main's ApiError (e.g. ALREADY_EXISTS), for the dialog to show (toErrorView). */
  save: (name: string, filter: SessionFilter, grouping: SessionGrouping) => Promise<SegmentView>;
  rename: (name: string, newName: string) => Promise<SegmentView>;
  remove: (name: string) => Promise<void>;
}

export function useSegments(): Segments {
  const [segments, setSegments] = useState<readonly SegmentView[]>([]);
  const [loadError, setLoadError] = useState<ErrorView>();

  const reload = useCallback(async () => {
    try {
      setSegments(await invoke('segments:list'));
      setLoadError(undefined);
    } catch (error) {
      setLoadError(toErrorView(error));
    }
  }, []);
  useEffect(() => {
    let live = true;
    invoke('segments:list').then(
      (list) => live && setSegments(list),
      (failure: unknown) => live && setLoadError(toErrorView(failure)),
    );
    return () => {
      live = false;
    };
  }, []);

  const run = useCallback(
    async <T>(task: () => Promise<T>): Promise<T> => {
      try {
        return await task();
      } finally {
        await reload();
      }
    },
    [reload],
  );

  return {
    segments,
    loadError,
    save: (name, filter, grouping) =>
      run(() => invoke('segments:save', { name, filter: normalizeFilter(filter), grouping })),
    rename: (name, newName) => run(() => invoke('segments:rename', { name, newName })),
    remove: (name) => run(async () => void (await invoke('segments:remove', { name }))),
  };
}

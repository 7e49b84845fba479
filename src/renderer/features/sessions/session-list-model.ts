// The renderer's copy of the session list (SessionListModel, not main's SessionStore): loaded once,
// then kept current by session events.
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { invoke, on, toErrorView } from '../../api';

export interface SessionsSnapshot {
  sessions: readonly SessionView[];
  loaded: boolean;
  loadError?: ErrorView;
}

type Listener = () => void;

/** An external store for useSyncExternalStore; the array snapshot is rebuilt only after a change. */
export class SessionListModel {
  private byId = new Map<string, SessionView>();
  private snapshot: SessionsSnapshot = { sessions: [], loaded: false };
  private listeners = new Set<Listener>();
  private prefetched: Promise<void> | undefined;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionsSnapshot => this.snapshot;

  get(id: string): SessionView | undefined {
    return this.byId.get(id);
  }

  /** Subscribes to session events, then loads the list (unless prefetch() already is). */
  connect(): () => void {
    const offChanged = on('session:changed', (view) => this.upsert(view));
    const offRemoved = on('session:removed', ({ id }) => this.remove(id));
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    void (prefetched ?? this.reload());
    return () => {
      offChanged();
      offRemoved();
    };
  }

  /**
   * Starts loading the list before React's first render and publishes it as soon as it arrives,
   * so the first render can already hold the rows (no empty render, paint and effect before them).
   * Safe: main queues events until the renderer's 'app:ready', sent after connect().
   * Resolves once the list (or its load error) is published: main.tsx hydrates the server's
   * markup only then, so the hydrating render holds the list the server rendered.
   */
  prefetch(): Promise<void> {
    this.prefetched ??= this.reload();
    return this.prefetched;
  }

  /** A list already in hand (the server render has main's session views): loaded at once. */
  static loadedWith(list: readonly SessionView[]): SessionListModel {
    const model = new SessionListModel();
    model.byId = new Map(list.map((view) => [view.id, view]));
    model.publish({ loaded: true });
    return model;
  }

  async reload(): Promise<void> {
    try {
      const list = await invoke('sessions:list');
      performance.mark('airlock:sessions-received');
      this.byId = new Map(list.map((view) => [view.id, view]));
      this.publish({ loaded: true });
    } catch (error) {
      this.publish({ loaded: true, loadError: toErrorView(error) });
    }
  }

  upsert(view: SessionView): void {
    this.byId.set(view.id, view);
    this.publish({ loaded: this.snapshot.loaded });
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.publish({ loaded: this.snapshot.loaded });
  }

  private publish(extra: Omit<SessionsSnapshot, 'sessions'>): void {
    this.snapshot = { sessions: Array.from(this.byId.values()), ...extra };
    for (const listener of this.listeners) listener();
  }
}

// Tells the app what other processes (the CLI) changed in the store, and nothing it wrote itself:
// each change is the difference from the text this process last wrote or saw.
import { watch, type FSWatcher } from 'node:fs';
import { basename } from 'node:path';
import type { SessionStore, StoreData } from './session-store';
import { diffStores, isEmptyDiff, type StoreDiff } from './store-diff';

/** fs.watch reports a rename as several events: one look after they settle. */
const SETTLE_MS = 50;

export function watchStore(
  store: SessionStore,
  onChange: (diff: StoreDiff, data: StoreData) => void,
): () => void {
  let known = store.readText();
  const notice = (text: string | undefined, data: StoreData): void => {
    if (text === known) return;
    const before = store.parse(known);
    known = text;
    const diff = diffStores(before, data);
    if (!isEmptyDiff(diff)) onChange(diff, data);
  };
  // Inside an update the store reads what others wrote before merging its own change: that is
  // news. What it then writes is this process's own, and the service has reported it already.
  store.observe({
    seen: notice,
    wrote: (text) => void (known = text),
  });

  let watcher: FSWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = (): void => {
    try {
      const text = store.readText();
      if (text !== known) notice(text, store.parse(text));
    } catch {
      // A corrupt or unreadable store is reported by the next operation that needs it.
    }
  };
  try {
    watcher = watch(store.dir, (_event, file) => {
      if (file !== basename(store.path)) return;
      clearTimeout(timer);
      timer = setTimeout(look, SETTLE_MS);
    });
    watcher.unref();
  } catch {
    // No watching on this file system: the CLI's changes show at the app's next own update.
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
    store.observe(undefined);
  };
}

// false while the server renders and while the client hydrates that markup, true from the render
// after (and always when the client renders on its own). The server's markup may carry no style
// attribute (the CSP's style-src 'self' blocks those in HTML; set from script they are allowed),
// so what needs an inline style waits for this.
import { useSyncExternalStore } from 'react';

const subscribe = (): (() => void) => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

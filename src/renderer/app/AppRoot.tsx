// The one tree both the server render (src/renderer/server) and the client (main.tsx) render, so
// hydration meets the same components in the same places (useId depends on it).
import { StrictMode, useLayoutEffect, type ReactNode } from 'react';
import { App, type AppModels } from './App';
import type { FirstScreen } from '../../shared/first-screen';
import { FirstScreenContext } from './first-screen';

/**
 * Marks the root's first commit in the page (hydrated or rendered): from then on the rows'
 * handlers are live. bench/renderer.bench.ts reports it as "interactive". Never runs on a server.
 */
function MarkInteractive({ children }: { children: ReactNode }) {
  useLayoutEffect(() => {
    performance.mark('airlock:interactive');
  }, []);
  return children;
}

export function AppRoot({
  models,
  firstScreen,
}: {
  models: AppModels;
  firstScreen: FirstScreen | undefined;
}) {
  return (
    <StrictMode>
      <MarkInteractive>
        <FirstScreenContext.Provider value={firstScreen}>
          <App {...models} />
        </FirstScreenContext.Provider>
      </MarkInteractive>
    </StrictMode>
  );
}

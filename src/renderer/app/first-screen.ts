// The first screen's inputs as React context: set when the server rendered it (the document's
// JSON, src/shared/first-screen.ts), so hydration's first client render uses the same `now` and
// viewport; undefined when the app renders on the client alone.
import { createContext } from 'react';
import type { FirstScreen } from '../../shared/first-screen';

export const FirstScreenContext = createContext<FirstScreen | undefined>(undefined);

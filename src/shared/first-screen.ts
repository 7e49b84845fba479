// The contract between main's server render of the first screen and the renderer that hydrates
// it: what the render takes, and the JSON the document carries for hydration's first render.
import type { SessionView } from './sessions';

/** The id of the document's non-executable <script type="application/json"> (CSP-safe). */
export const FIRST_SCREEN_ELEMENT_ID = 'airlock-first-screen';

/** What the document carries: only the clock and the viewport, never session data or settings. */
export interface FirstScreen {
  /** The clock's `now` (ms since the epoch) the countdowns were rendered at. */
  now: number;
  /** The virtualizer's initialRect: the window's content size. */
  viewport: { width: number; height: number };
}

export interface FirstScreenInput extends FirstScreen {
  /** Main's session views, as `sessions:list` serves them (SessionView holds no secrets). */
  sessions: readonly SessionView[];
}

/** The server render: #root's markup for an input (src/renderer/server/render-first-screen.tsx). */
export type RenderFirstScreen = (input: FirstScreenInput) => string;

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * JSON for the data element. `<` is escaped so no text can close the element; the values are
 * numbers anyway.
 */
export function firstScreenJson({ now, viewport }: FirstScreen): string {
  const data: FirstScreen = { now, viewport: { width: viewport.width, height: viewport.height } };
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** Parses the document's first-screen JSON; undefined when missing or malformed. */
export function parseFirstScreen(text: string | null | undefined): FirstScreen | undefined {
  if (!text) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { now, viewport } = data as Partial<Record<keyof FirstScreen, unknown>>;
  if (!finite(now) || typeof viewport !== 'object' || viewport === null) return undefined;
  const { width, height } = viewport as Record<string, unknown>;
  if (!finite(width) || !finite(height)) return undefined;
  return { now, viewport: { width, height } };
}

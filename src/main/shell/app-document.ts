// index.html with the first screen rendered into #root, as a stream of two parts: what precedes
// #root (the <head> with the bundle's module script and stylesheet) goes out before main asks for
// its list and renders, so Chromium fetches the bundle meanwhile; then the data block, #root with
// the server render (a bundle of its own, loaded on the first request for the document, never on
// main's startup path or the CLI's) and the rest. Used by the app scheme (electron/app-protocol.ts)
// and by the e2e and bench servers (e2e/browser.ts) alike. No electron import.
import { readFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import {
  FIRST_SCREEN_ELEMENT_ID,
  firstScreenJson,
  type FirstScreenInput,
  type RenderFirstScreen,
} from '../../shared/first-screen';

const EMPTY_ROOT = '<div id="root"></div>';

/** Thrown when index.html lost the marker the first screen goes into (a build problem). */
export class AppDocumentError extends Error {
  override name = 'AppDocumentError';
}

/** index.html cut at its empty #root: `head` is sent first, `rest` follows #root. */
export interface AppDocumentParts {
  head: string;
  rest: string;
}

export function splitAppDocument(indexHtml: string): AppDocumentParts {
  const at = indexHtml.indexOf(EMPTY_ROOT);
  if (at < 0) {
    throw new AppDocumentError(
      `index.html has no empty ${EMPTY_ROOT} to render into: rebuild the renderer (npm run build).`,
    );
  }
  return { head: indexHtml.slice(0, at), rest: indexHtml.slice(at + EMPTY_ROOT.length) };
}

/** What replaces the empty #root: the first screen's data block, then #root holding `markup`. */
export function firstScreenRoot(markup: string, input: FirstScreenInput): string {
  // A data block is not executable, so the CSP (script-src 'self', no inline script) allows it.
  const data = `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">${firstScreenJson(input)}</script>`;
  return `${data}<div id="root">${markup}</div>`;
}

const loaded = new Map<string, Promise<RenderFirstScreen>>();

/** Imports the server-render bundle once per path; the first document request pays for it. */
export function loadFirstScreenRenderer(bundlePath: string): Promise<RenderFirstScreen> {
  let renderer = loaded.get(bundlePath);
  if (!renderer) {
    renderer = import(pathToFileURL(bundlePath).href).then((module: unknown) => {
      const render = (module as { renderFirstScreen?: unknown }).renderFirstScreen;
      if (typeof render !== 'function') {
        throw new AppDocumentError(
          `${bundlePath} exports no renderFirstScreen: rebuild (npm run build).`,
        );
      }
      return render as RenderFirstScreen;
    });
    renderer.catch(() => loaded.delete(bundlePath));
    loaded.set(bundlePath, renderer);
  }
  return renderer;
}

/** Where the first screen's input comes from, asked only when the document is served. */
export type FirstScreenSource = () =>
  FirstScreenInput | undefined | Promise<FirstScreenInput | undefined>;

/** The served document, part by part, in order; joined, it is one HTML document. */
export type AppDocumentStream = AsyncGenerator<string, void, undefined>;

/**
 * The document to serve, streamed: index.html up to #root at once, then #root rendered with the
 * first screen, or, when there is none or getting or rendering it fails (reported to `onError`:
 * e.g. main's list could not be read), the empty #root as built. The renderer then renders on its
 * own: a failure costs only the head start. Rejects only when index.html cannot be read.
 */
export async function streamAppDocument(
  indexPath: string,
  bundlePath: string,
  source: FirstScreenSource | undefined,
  onError: (error: unknown) => void,
): Promise<AppDocumentStream> {
  return documentParts(await readFile(indexPath, 'utf8'), bundlePath, source, onError);
}

async function* documentParts(
  indexHtml: string,
  bundlePath: string,
  source: FirstScreenSource | undefined,
  onError: (error: unknown) => void,
): AppDocumentStream {
  let parts: AppDocumentParts;
  try {
    parts = splitAppDocument(indexHtml);
  } catch (error) {
    if (source) onError(error);
    yield indexHtml;
    return;
  }
  yield parts.head;
  let root = EMPTY_ROOT;
  if (source) {
    // One turn of the event loop, so the head is on its way before the render holds the thread.
    await nextTurn();
    try {
      const input = await source();
      if (input) root = firstScreenRoot((await loadFirstScreenRenderer(bundlePath))(input), input);
    } catch (error) {
      onError(error);
    }
  }
  yield root + parts.rest;
}

/** The whole document as one text, for a reply that cannot be streamed (Playwright's routing). */
export async function readStream(stream: AppDocumentStream): Promise<string> {
  let text = '';
  for await (const part of stream) text += part;
  return text;
}

// index.html with the first screen rendered into #root: the server render (a bundle of its own,
// loaded on the first request for the document, never on main's startup path or the CLI's) and
// the document's JSON for hydration. Used by the app scheme (electron/app-protocol.ts) and by the
// e2e and bench servers (e2e/browser.ts) alike. No electron import.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import {
  FIRST_SCREEN_ELEMENT_ID,
  firstScreenJson,
  type FirstScreenInput,
  type RenderFirstScreen,
} from '../../shared/first-screen';

const EMPTY_ROOT = '<div id="root"></div>';

/** Thrown when index.html lost the markers the first screen goes into (a build problem). */
export class AppDocumentError extends Error {
  override name = 'AppDocumentError';
}

/** Puts the rendered markup into #root and the first screen's JSON, as a data block, in <head>. */
export function withFirstScreen(
  indexHtml: string,
  markup: string,
  input: FirstScreenInput,
): string {
  if (!indexHtml.includes(EMPTY_ROOT) || !indexHtml.includes('</head>')) {
    throw new AppDocumentError(
      `index.html has no empty ${EMPTY_ROOT} or no </head> to render into: rebuild the renderer (npm run build).`,
    );
  }
  // A data block is not executable, so the CSP (script-src 'self', no inline script) allows it.
  const data = `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">${firstScreenJson(input)}</script>`;
  return indexHtml
    .replace('</head>', () => `${data}</head>`)
    .replace(EMPTY_ROOT, () => `<div id="root">${markup}</div>`);
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

/**
 * The served index.html: the built file at `indexPath` with the first screen of `input` rendered
 * into it by the bundle at `bundlePath` (loaded on first use).
 */
export async function readAppDocument(
  indexPath: string,
  bundlePath: string,
  input: FirstScreenInput,
): Promise<string> {
  const [indexHtml, render] = await Promise.all([
    readFile(indexPath, 'utf8'),
    loadFirstScreenRenderer(bundlePath),
  ]);
  return withFirstScreen(indexHtml, render(input), input);
}

/** Where the first screen's input comes from, asked only when the document is served. */
export type FirstScreenSource = () =>
  FirstScreenInput | undefined | Promise<FirstScreenInput | undefined>;

/**
 * The document to serve: rendered with the first screen, or, when there is none or getting or
 * rendering it fails (reported to `onError`: e.g. main's list could not be read), the built file
 * as it is. The renderer then renders on its own: a failure costs only the head start.
 */
export async function servedAppDocument(
  indexPath: string,
  bundlePath: string,
  source: FirstScreenSource | undefined,
  onError: (error: unknown) => void,
): Promise<string | Buffer> {
  try {
    const input = await source?.();
    if (input) return await readAppDocument(indexPath, bundlePath, input);
  } catch (error) {
    onError(error);
  }
  return readFile(indexPath);
}

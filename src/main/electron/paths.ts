// Where the shell finds its built preload, renderer and tray icons, in development and packaged.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from 'electron';

/** electron-vite emits out/main/index.js, out/preload/index.cjs and out/renderer/index.html. */
export const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
export const RENDERER_INDEX = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
export const RENDERER_FILE_URL = pathToFileURL(RENDERER_INDEX).href;

/** Set by `electron-vite dev`; never in a packaged app. */
export function devServerUrl(): string | undefined {
  return app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
}

/** Tray icons ship as extraResources (electron-builder.yml), beside the asar in a package. */
export function assetPath(...parts: string[]): string {
  const root = app.isPackaged
    ? join(process.resourcesPath, 'assets')
    : join(app.getAppPath(), 'assets');
  return join(root, ...parts);
}

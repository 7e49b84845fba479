// Where the shell finds its built preload, renderer and tray icons, in development and packaged.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';

/** electron-vite emits out/main/index.js, out/preload/index.cjs and out/renderer/index.html. */
export const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
/** What app://airlock/ serves (src/main/shell/app-protocol.ts). */
export const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

/** The first screen's server render, built beside main (electron.vite.config.ts). */
export const FIRST_SCREEN_BUNDLE = fileURLToPath(new URL('./first-screen.js', import.meta.url));

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

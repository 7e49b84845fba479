import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import {
  META_CONTENT_SECURITY_POLICY,
  devContentSecurityPolicy,
} from './src/main/shell/window-policy';

/** In `electron-vite dev` only, let Vite's inline React Refresh preamble and HMR socket through the CSP. */
function devCsp(): Plugin {
  return {
    name: 'airlock-dev-csp',
    apply: 'serve',
    transformIndexHtml(html, ctx) {
      const url = ctx.server?.resolvedUrls?.local[0] ?? 'http://localhost:5173';
      const devMeta = devContentSecurityPolicy(url).replace("; frame-ancestors 'none'", '');
      return html.replace(META_CONTENT_SECURITY_POLICY, devMeta);
    },
  };
}

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    // JSX for the first screen's server render (the renderer's components, run in main).
    esbuild: { jsx: 'automatic' },
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/main.ts'),
          // Its own bundle, imported only when the app scheme serves index.html
          // (src/main/shell/app-document.ts): not on main's startup path.
          'first-screen': resolve('src/renderer/server/render-first-screen.tsx'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules, so it is emitted as CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react(), devCsp()],
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});

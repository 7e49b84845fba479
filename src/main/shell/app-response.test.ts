// The app scheme's responses: index.html streamed, its head before main's list and render, with
// the first screen rendered by the renderer's own components (the real render module, a real
// list), other files as they are, and a failed render falling back to the plain document.
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FIRST_SCREEN_ELEMENT_ID,
  parseFirstScreen,
  type FirstScreenInput,
} from '../../shared/first-screen';
import type { SessionView } from '../../shared/sessions';
import { APP_ENTRY_URL } from './app-protocol';
import { readStream } from './app-document';
import { appResponse, type AppResponse, type AppResponseOptions } from './app-response';
import { CONTENT_SECURITY_POLICY } from './window-policy';

const RENDER_MODULE = resolve(import.meta.dirname, '../../renderer/server/render-first-screen.tsx');
const NOW = Date.parse('2026-12-03T12:00:00Z');
const HOSTILE = '</script><img src=x onerror="alert(1)"><script>alert(2)</script>';

function session(i: number, name = `team-${String(i).padStart(4, '0')}`): SessionView {
  return {
    id: `s${i}`,
    kind: 'iam-role',
    parentId: 'root',
    roleArn: 'arn:aws:iam::111122223333:role/Admin',
    name,
    profile: `p${i}`,
    state: { status: 'inactive' },
    profiles: [],
  };
}

let dir: string;
let indexHtml: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-app-response-'));
  indexHtml = await readFile(resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
  await writeFile(join(dir, 'index.html'), indexHtml);
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'index.js'), 'console.log(1)');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The body as text: a file's bytes, or the document's streamed parts joined. */
async function text(reply: AppResponse): Promise<string> {
  const { body } = reply;
  if (body === null || Buffer.isBuffer(body)) return String(body);
  return readStream(body);
}

const options = (extra: Partial<AppResponseOptions> = {}): AppResponseOptions => ({
  rendererDir: dir,
  firstScreenBundle: RENDER_MODULE,
  csp: CONTENT_SECURITY_POLICY,
  ...extra,
});

describe('appResponse', () => {
  it('serves index.html with the first rows rendered into #root and only now and the viewport as data', async () => {
    const sessions = [
      session(0, HOSTILE),
      ...Array.from({ length: 3000 }, (_, i) => session(i + 1)),
    ];
    const reply = await appResponse(
      APP_ENTRY_URL,
      options({
        firstScreen: () => ({ sessions, now: NOW, viewport: { width: 1100, height: 720 } }),
      }),
    );
    expect(reply.status).toBe(200);
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = await text(reply);
    expect(html).toContain('data-testid="session-row"');
    expect(html).toContain('3001 sessions');
    expect(html).toContain('<span class="session-name">team-0001</span>');
    // The hostile name is text: its markup is escaped, and the document's only scripts are the
    // non-executable data block and index.html's own module script.
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).not.toContain('<img src=x');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual([
      `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">`,
      '<script type="module" src="./main.tsx">',
    ]);
    const data = html.match(/<script type="application\/json"[^>]*>([^<]*)<\/script>/)?.[1];
    expect(JSON.parse(data ?? '')).toEqual({ now: NOW, viewport: { width: 1100, height: 720 } });
    expect(parseFirstScreen(data)).toEqual({ now: NOW, viewport: { width: 1100, height: 720 } });
  });

  it('sends the head, with the bundle module script, before main is asked for its list; the rows follow', async () => {
    // As the build writes it: the module script in <head>.
    const built = join(dir, 'built');
    await mkdir(built, { recursive: true });
    await writeFile(
      join(built, 'index.html'),
      indexHtml
        .replace('<script type="module" src="./main.tsx"></script>', '')
        .replace(
          '</head>',
          '<script type="module" crossorigin src="./assets/index-1.js"></script></head>',
        ),
    );
    let give: (input: FirstScreenInput) => void = () => undefined;
    const firstScreen = vi.fn(() => new Promise<FirstScreenInput>((resolve) => (give = resolve)));
    const reply = await appResponse(APP_ENTRY_URL, options({ rendererDir: built, firstScreen }));
    if (reply.body === null || Buffer.isBuffer(reply.body)) throw new Error('not streamed');

    const head = await reply.body.next();
    expect(head.value).toContain('<script type="module" crossorigin src="./assets/index-1.js">');
    expect(head.value).not.toContain('id="root"');
    expect(firstScreen).not.toHaveBeenCalled();

    // The rest waits for main's list (held here) and the render.
    const rest = reply.body.next();
    await vi.waitFor(() => expect(firstScreen).toHaveBeenCalledOnce());
    give({ sessions: [session(1)], now: NOW, viewport: { width: 800, height: 600 } });
    const rows = await rest;
    expect(rows.value).toContain(
      `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">`,
    );
    expect(rows.value).toContain('<span class="session-name">team-0001</span>');
    expect(rows.value).toMatch(/<\/html>\s*$/);
    expect((await reply.body.next()).done).toBe(true);
  });

  it('serves index.html as built when main has no first screen to give', async () => {
    const reply = await appResponse(APP_ENTRY_URL, options({ firstScreen: () => undefined }));
    expect(await text(reply)).toBe(indexHtml);
    expect(await text(await appResponse(APP_ENTRY_URL, options()))).toBe(indexHtml);
  });

  it('renders only the document: an asset is served as it is, without asking for the list', async () => {
    const firstScreen = vi.fn(() => undefined);
    const reply = await appResponse('app://airlock/assets/index.js', options({ firstScreen }));
    expect(await text(reply)).toBe('console.log(1)');
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(firstScreen).not.toHaveBeenCalled();
  });

  it('falls back to the plain document when the render fails, and reports why', async () => {
    const onRenderError = vi.fn();
    const reply = await appResponse(
      APP_ENTRY_URL,
      options({
        firstScreenBundle: join(dir, 'missing-first-screen.js'),
        firstScreen: () => ({
          sessions: [session(1)],
          now: NOW,
          viewport: { width: 800, height: 600 },
        }),
        onRenderError,
      }),
    );
    expect(reply.status).toBe(200);
    expect(await text(reply)).toBe(indexHtml);
    expect(onRenderError).toHaveBeenCalledOnce();
  });

  it('serves the plain document when main cannot give its list (a store it cannot read)', async () => {
    const onRenderError = vi.fn();
    const reply = await appResponse(
      APP_ENTRY_URL,
      options({
        firstScreen: () => {
          throw new Error('the store is corrupt');
        },
        onRenderError,
      }),
    );
    expect(reply.status).toBe(200);
    expect(await text(reply)).toBe(indexHtml);
    expect(onRenderError).toHaveBeenCalledWith(new Error('the store is corrupt'));
  });

  it('refuses what resolveAppRequest refuses, and a missing file is a 404', async () => {
    expect((await appResponse('app://other/index.html', options())).status).toBe(403);
    expect((await appResponse('app://airlock/..%2f..%2fetc%2fpasswd.js', options())).status).toBe(
      400,
    );
    expect((await appResponse('app://airlock/assets/nope.js', options())).status).toBe(404);
  });
});

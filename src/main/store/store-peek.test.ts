// The fast path's look into the store agrees with SessionStore and findSession, and declines
// whatever it is not sure of, so the full program decides those cases.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSession } from '../sessions/config-checks';
import { SessionStore, STORE_VERSION } from './session-store';
import { peekSession } from './store-peek';

async function storeWith(rotationWindowSeconds?: number): Promise<SessionStore> {
  const store = new SessionStore(mkdtempSync(join(tmpdir(), 'airlock-peek-')));
  await store.migrate();
  await store.update((d) => {
    for (const [id, name] of [
      ['id-dev', 'dev'],
      ['id-prod', 'prod'],
      ['42', 'numeric-id'],
    ] as const) {
      d.sessions[id] = {
        id,
        config: { kind: 'iam-user', name, profile: name },
        state: { status: 'inactive' },
        profiles: [],
        createdAt: 'now',
      };
    }
    if (rotationWindowSeconds !== undefined) {
      d.settings = { ...d.settings, rotationWindowSeconds };
    }
  });
  return store;
}

const text = (store: SessionStore) => readFileSync(store.path, 'utf8');

describe('peekSession', () => {
  it('finds what findSession finds, by name or by id, with the window of the settings', async () => {
    for (const window of [undefined, 60, 3600]) {
      const store = await storeWith(window);
      const data = store.read();
      for (const key of ['dev', 'prod', 'id-dev', 'id-prod', '42', 'numeric-id']) {
        expect(peekSession(text(store), key)).toEqual({
          id: findSession(data, key).id,
          rotationWindowMs: data.settings.rotationWindowSeconds * 1000,
        });
      }
    }
  });

  it('uses the default window when the store has no settings, as SessionStore does', async () => {
    const store = await storeWith();
    const raw = JSON.parse(text(store)) as Record<string, unknown>;
    delete raw.settings;
    writeFileSync(store.path, JSON.stringify(raw));
    expect(store.read().settings.rotationWindowSeconds).toBe(600);
    expect(peekSession(readFileSync(store.path, 'utf8'), 'dev')?.rotationWindowMs).toBe(600_000);
  });

  it('declines an unknown name, and names that only look like keys of any object', async () => {
    const store = await storeWith();
    for (const name of ['nope', '', 'constructor', '__proto__', 'toString']) {
      expect(peekSession(text(store), name)).toBeUndefined();
    }
  });

  it('declines a missing file, broken JSON, another schema version and odd shapes', async () => {
    const good = JSON.parse(text(await storeWith())) as Record<string, unknown>;
    const variants: (string | undefined)[] = [
      undefined,
      '{"sessions": {"x": ',
      '[]',
      'null',
      JSON.stringify({ ...good, __internal__: undefined }),
      JSON.stringify({ ...good, __internal__: { migrations: { version: '0.9.0' } } }),
      JSON.stringify({ ...good, sessions: [] }),
      JSON.stringify({ ...good, sessions: { ...(good.sessions as object), bad: 'x' } }),
      JSON.stringify({ ...good, sessions: { ...(good.sessions as object), bad: { config: 1 } } }),
    ];
    for (const variant of variants) expect(peekSession(variant, 'dev')).toBeUndefined();
    expect(STORE_VERSION).toBe('1.0.0');
  });

  it('declines a window settingsSchema refuses (the full program reports that store)', async () => {
    const good = JSON.parse(text(await storeWith())) as { settings: Record<string, unknown> };
    for (const rotationWindowSeconds of [59, 3601, 600.5, '600', null]) {
      const variant = JSON.stringify({
        ...good,
        settings: { ...good.settings, rotationWindowSeconds },
      });
      expect(peekSession(variant, 'dev'), String(rotationWindowSeconds)).toBeUndefined();
    }
  });
});

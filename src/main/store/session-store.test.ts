// The store file: electron-store's format, readable by conf itself, private, and migrated once.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it, vi } from 'vitest';
import { STORE_VERSION, SessionStore } from './session-store';
import { settingsSchema } from '../../shared/settings';

const config = { kind: 'iam-user', name: 'dev', profile: 'dev' } as const;

describe('SessionStore', () => {
  it('writes what conf (and so electron-store) reads back, at mode 0600, keeping the migration version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const store = new SessionStore(dir);
    await store.migrate();
    await store.update((d) => {
      d.sessions.abc = {
        id: 'abc',
        config,
        state: { status: 'inactive' },
        profiles: [],
        createdAt: 'now',
      };
    });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    const conf = new Conf<Record<string, unknown>>({
      cwd: dir,
      configName: 'config',
      projectName: 'airlock',
      projectVersion: STORE_VERSION,
      migrations: {},
    });
    expect(conf.get('sessions')).toMatchObject({ abc: { config } });
    expect(JSON.parse(readFileSync(store.path, 'utf8')).__internal__).toEqual({
      migrations: { version: STORE_VERSION },
    });
  });

  it('migrates a store written before versioning: the 1.0.0 migration adds what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ sessions: {} }));
    const store = new SessionStore(dir);
    await store.migrate();
    const raw = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(raw.__internal__.migrations.version).toBe(STORE_VERSION);
    expect(raw.settings).toMatchObject({ deliveryMode: 'file', rotationWindowSeconds: 600 });
    expect(store.read().settings.defaultRegion).toBe('us-east-1');
  });

  it("keeps conf's __internal__ as it was read through an update, whatever it holds", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const internal = { migrations: { version: STORE_VERSION }, kept: { by: 'conf' } };
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ sessions: {}, __internal__: internal }),
    );
    const store = new SessionStore(dir);
    await store.update((data) => {
      data.settings.defaultRegion = 'eu-west-1';
    });
    const raw = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(raw.__internal__).toEqual(internal);
    expect(raw.settings.defaultRegion).toBe('eu-west-1');
  });

  it('parses the file again only when it changed: by this process, another, or by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const store = new SessionStore(dir);
    await store.migrate();
    const first = store.read();
    expect(store.read()).toBe(first);
    // Frozen: a reader that changed it would change it for every reader after it.
    expect(() => {
      first.settings.defaultRegion = 'x';
    }).toThrow(TypeError);

    await store.update((d) => {
      d.settings.defaultRegion = 'eu-west-1';
    });
    const mine = store.read();
    expect(mine).not.toBe(first);
    expect(mine.settings.defaultRegion).toBe('eu-west-1');

    const other = new SessionStore(dir);
    await other.update((d) => {
      d.settings.defaultRegion = 'ap-south-1';
    });
    expect(store.read().settings.defaultRegion).toBe('ap-south-1');

    // In place, as an editor might, same length.
    const text = readFileSync(store.path, 'utf8');
    writeFileSync(store.path, text.replace('ap-south-1', 'ap-north-1'));
    expect(store.read().settings.defaultRegion).toBe('ap-north-1');
  });

  it('opens, migrates and reads a sound store with one parse of its text, until the file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const writer = new SessionStore(dir);
    await writer.migrate();
    await writer.update((d) => {
      d.settings.defaultRegion = 'eu-west-1';
    });
    const text = readFileSync(writer.path, 'utf8');
    // Counts the parses of the store's text (the check at open, migrate's version, read()).
    const parses = vi.spyOn(JSON, 'parse');
    const storeParses = () => parses.mock.calls.filter(([arg]) => arg === text).length;
    try {
      const store = new SessionStore(dir);
      await store.migrate();
      expect(store.read().settings.defaultRegion).toBe('eu-west-1');
      expect(storeParses()).toBe(1);
      // Another process changes it: read() sees the change (one parse of the new text).
      await new SessionStore(dir).update((d) => {
        d.settings.defaultRegion = 'ap-south-1';
      });
      expect(store.read().settings.defaultRegion).toBe('ap-south-1');
    } finally {
      parses.mockRestore();
    }
  });

  it('reads its own last write back without checking it again; what another wrote is checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const store = new SessionStore(dir);
    await store.migrate();
    // Each check of the file runs the settings schema once.
    const checks = vi.spyOn(settingsSchema, 'parse');
    try {
      await store.update((d) => {
        d.settings.defaultRegion = 'eu-west-1';
      });
      const afterUpdate = checks.mock.calls.length;
      expect(store.read().settings.defaultRegion).toBe('eu-west-1');
      await store.update((d) => {
        d.settings.defaultRegion = 'eu-north-1';
      });
      expect(store.read().settings.defaultRegion).toBe('eu-north-1');
      // Its own writes: no check after the first update's read of the file.
      expect(checks.mock.calls.length).toBe(afterUpdate);

      await new SessionStore(dir).update((d) => {
        d.settings.defaultRegion = 'ap-south-1';
      });
      const beforeRead = checks.mock.calls.length;
      expect(store.read().settings.defaultRegion).toBe('ap-south-1');
      expect(checks.mock.calls.length).toBe(beforeRead + 1);
    } finally {
      checks.mockRestore();
    }
  });

  it('keeps every byte of a corrupt store in a backup and reports it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    writeFileSync(join(dir, 'config.json'), '{"sessions": [oops');
    const store = new SessionStore(dir);
    expect(store.warnings).toHaveLength(1);
    const backup = /saved as (\S+) and/.exec(store.warnings[0]!)?.[1];
    expect(readFileSync(backup!, 'utf8')).toBe('{"sessions": [oops');
    expect(store.read().sessions).toEqual({});
  });
});

describe('stores written by older versions', () => {
  it('keeps a web-identity session whose token file was saved as a relative path, instead of setting the store aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const legacy = {
      kind: 'web-identity',
      name: 'ci',
      profile: 'ci',
      roleArn: 'arn:aws:iam::123456789012:role/Ci',
      tokenFile: 'token.jwt',
    };
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        sessions: { w1: { id: 'w1', config: legacy, state: { status: 'inactive' }, profiles: [] } },
        settings: {},
        __internal__: { migrations: { version: STORE_VERSION } },
      }),
    );
    const store = new SessionStore(dir);
    expect(store.warnings).toEqual([]);
    expect(store.read().sessions.w1?.config).toEqual(legacy);
  });

  it('keeps a SAML session whose IdP URL was saved over plain http, instead of setting the store aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const legacy = {
      kind: 'saml',
      name: 'corp',
      profile: 'corp',
      idpUrl: 'http://idp.example.com/sso',
      roleArn: 'arn:aws:iam::123456789012:role/Admin',
      principalArn: 'arn:aws:iam::123456789012:saml-provider/corp',
    };
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        sessions: { s1: { id: 's1', config: legacy, state: { status: 'inactive' }, profiles: [] } },
        settings: {},
        __internal__: { migrations: { version: STORE_VERSION } },
      }),
    );
    const store = new SessionStore(dir);
    expect(store.warnings).toEqual([]);
    expect(store.read().sessions.s1?.config).toEqual(legacy);
  });
});

describe('work handed to an update (the AWS files of a start)', () => {
  const region = (store: SessionStore) => store.read().settings.defaultRegion;
  const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((r) => setTimeout(r, 2));
  };

  it("writes the store's temp file while the work runs, and renames it in only after the work", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const store = new SessionStore(dir);
    await store.update(() => undefined);
    let finish!: () => void;
    const work = new Promise<void>((r) => (finish = r));
    const updating = store.update((d, beside) => {
      beside(work);
      d.settings.defaultRegion = 'eu-west-1';
    });
    // The store's new text is on disk in its temp file, yet the store still reads as before.
    await until(() => temps(dir).length === 1);
    expect(JSON.parse(readFileSync(join(dir, temps(dir)[0]!), 'utf8')).settings).toMatchObject({
      defaultRegion: 'eu-west-1',
    });
    expect(region(new SessionStore(dir))).toBe('us-east-1');
    finish();
    await updating;
    expect(region(new SessionStore(dir))).toBe('eu-west-1');
    expect(temps(dir)).toEqual([]);
  });

  it("fails with the work's error and leaves the store's bytes as they were", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    const store = new SessionStore(dir);
    await store.update(() => undefined);
    const before = readFileSync(store.path);
    const failure = new Error('credentials file is read-only');
    await expect(
      store.update((d, beside) => {
        beside(Promise.reject(failure));
        d.settings.defaultRegion = 'eu-west-1';
      }),
    ).rejects.toBe(failure);
    expect(readFileSync(store.path).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
    // The lock was let go: the next update goes through.
    await store.update((d) => void (d.settings.defaultRegion = 'ap-south-1'));
    expect(region(store)).toBe('ap-south-1');
  });

  it('holds the lock until the work settles, even when the mutation throws after handing it over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
    await new SessionStore(dir).update(() => undefined);
    const events: string[] = [];
    let finish!: () => void;
    const work = new Promise<void>((r) => (finish = r)).then(() => void events.push('work done'));
    const first = new SessionStore(dir).update((_d, beside) => {
      beside(work);
      throw new Error('planning failed');
    });
    const second = new SessionStore(dir).update(() => void events.push('next update'));
    await new Promise((r) => setTimeout(r, 60));
    expect(events).toEqual([]);
    finish();
    await expect(first).rejects.toThrow('planning failed');
    await second;
    expect(events).toEqual(['work done', 'next update']);
  });
});

// Bad input at the core's edges: a clear typed error, the session in a defined state, and nothing else changed.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleScript } from '../test-support/bundle-script';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { buildSamlResponse } from '../test-support/saml-fixture';
import { makeWebIdentityToken } from '../test-support/web-identity-token';
import { AirlockError } from '../src/main/airlock-error';
import { createCore } from '../src/main/create-core';
import { SessionStore } from '../src/main/store/session-store';
import { runCli } from '../src/cli/main';

const { endpoint, seed } = inject('stsPeer');
const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const ORIGINAL = '# mine\n[hand]\naws_access_key_id = AKIAHANDWRITTEN0000\n';
let open: TestCore[] = [];
const figures: string[] = [];

afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});
afterAll(() => console.log(`[reliability] bad-input ${figures.join(' ')}`));

async function core(): Promise<TestCore> {
  const t = await makeTestCore({ endpoint });
  open.push(t);
  mkdirSync(dirname(t.credentialsFile), { recursive: true, mode: 0o700 });
  writeFileSync(t.credentialsFile, ORIGINAL, { mode: 0o600 });
  return t;
}

async function failure(promise: Promise<unknown>): Promise<AirlockError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AirlockError);
  return error as AirlockError;
}

function unchanged(t: TestCore): void {
  expect(readFileSync(t.credentialsFile, 'utf8')).toBe(ORIGINAL);
  expect(existsSync(t.configFile)).toBe(false);
}

describe('web identity', () => {
  async function webSession(t: TestCore) {
    return t.core.sessions.add({
      config: {
        kind: 'web-identity',
        name: 'web',
        profile: 'web',
        roleArn: seed.roles.webIdentity,
      },
    });
  }

  for (const [label, token] of [
    ['not a JWT', 'not-a-jwt'],
    ['two parts', 'aGVhZGVy.cGF5bG9hZA'],
    ['bad characters', 'a.b.c d'],
    ['oversized', `${'a'.repeat(30_000)}.b.c`],
  ] as const) {
    it(`a malformed token (${label}) fails with WEB_IDENTITY_INVALID before any STS call; files untouched`, async () => {
      const t = await core();
      const s = await webSession(t);
      const error = await failure(t.core.sessions.start(s.id, { webIdentityToken: token }));
      expect(error.code).toBe('WEB_IDENTITY_INVALID');
      expect(error.message).toBe(
        'The web identity token for session web is not a JWT (header.payload.signature). Check the token.',
      );
      expect(t.core.sessions.get(s.id).state).toMatchObject({
        status: 'failed',
        lastError: { code: 'WEB_IDENTITY_INVALID' },
      });
      unchanged(t);
    });
  }

  it('a well-formed token STS rejects (wrong issuer) fails with WEB_IDENTITY_INVALID naming the session', async () => {
    const t = await core();
    const s = await webSession(t);
    const token = makeWebIdentityToken({ subject: 'x', issuer: 'https://evil.example' });
    const error = await failure(t.core.sessions.start(s.id, { webIdentityToken: token }));
    expect(error.code).toBe('WEB_IDENTITY_INVALID');
    expect(error.message).toContain('session web');
    expect(t.core.sessions.get(s.id).state.status).toBe('failed');
    unchanged(t);
  });

  it('an expired token fails with WEB_IDENTITY_INVALID saying it expired, not that a parent must restart', async () => {
    const t = await core();
    const s = await webSession(t);
    const token = makeWebIdentityToken({ subject: 'x', expiresInSeconds: -600 });
    const error = await failure(t.core.sessions.start(s.id, { webIdentityToken: token }));
    expect(error.code).toBe('WEB_IDENTITY_INVALID');
    expect(error.message).toMatch(/expired/);
    expect(error.message).not.toMatch(/parent/);
    unchanged(t);
  });

  it('a missing token file names the file', async () => {
    const t = await core();
    const s = await t.core.sessions.add({
      config: {
        kind: 'web-identity',
        name: 'webfile',
        profile: 'webfile',
        roleArn: seed.roles.webIdentity,
        tokenFile: join(t.home, 'no-such-token'),
      },
    });
    const error = await failure(t.core.sessions.start(s.id));
    expect(error.code).toBe('WEB_IDENTITY_INVALID');
    expect(error.message).toContain(join(t.home, 'no-such-token'));
    expect(error.message).toContain('ENOENT');
    unchanged(t);
  });
});

describe('SAML through the core', () => {
  it('an expired assertion ends the session failed with SAML_INVALID, before any STS call', async () => {
    const t = await core();
    const s = await t.core.sessions.add({
      config: {
        kind: 'saml',
        name: 'corp',
        profile: 'corp',
        idpUrl: 'https://idp.example/login',
        roleArn: seed.roles.saml,
        principalArn: seed.samlProviderArn,
      },
    });
    const assertion = buildSamlResponse({
      roles: [{ roleArn: seed.roles.saml, principalArn: seed.samlProviderArn }],
      notOnOrAfter: new Date(Date.now() - 1000),
    });
    const error = await failure(t.core.sessions.start(s.id, { samlAssertion: assertion }));
    expect(error.code).toBe('SAML_INVALID');
    expect(error.message).toMatch(/^The SAML response for session corp expired at /);
    expect(t.core.sessions.get(s.id).state.status).toBe('failed');
    unchanged(t);
  });
});

describe('store', () => {
  const WRONG_SHAPES: [string, string][] = [
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"sessions"'],
    ['sessions as a list', '{"sessions": [], "settings": {}}'],
    [
      'a session of an unknown kind',
      '{"sessions": {"a": {"config": {"kind": "root", "name": "a"}}}}',
    ],
    [
      'a setting of the wrong type',
      '{"sessions": {}, "settings": {"rotationWindowSeconds": "soon"}}',
    ],
    ['a session that is a number', '{"sessions": {"a": 7}}'],
  ];
  for (const [label, text] of WRONG_SHAPES) {
    it(`valid JSON of the wrong shape (${label}) is set aside byte-for-byte and reported; the core starts empty`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'airlock-store-'));
      try {
        writeFileSync(join(dir, 'config.json'), text);
        const store = new SessionStore(dir);
        expect(store.warnings).toHaveLength(1);
        expect(store.warnings[0]).toMatch(
          /^The session store .*config\.json was corrupt\. It was saved as .*config\.corrupt-.*\.json and Airlock started with an empty store/,
        );
        const backup = readdirSync(dir).find((n) => n.startsWith('config.corrupt-'));
        expect(readFileSync(join(dir, backup!), 'utf8')).toBe(text);
        expect(store.read().sessions).toEqual({});
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('the CLI reports a wrong-shape store as a warning and keeps working', async () => {
    const home = mkdtempSync(join(tmpdir(), 'airlock-store-cli-'));
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        HOME: home,
        AIRLOCK_HOME: join(home, 'airlock'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_CONFIG_FILE: join(home, 'config'),
      });
      mkdirSync(join(home, 'airlock'));
      writeFileSync(join(home, 'airlock', 'config.json'), '{"sessions": [1, 2, 3]}');
      let stdout = '';
      let stderr = '';
      const code = await runCli(['session', 'list', '--output', 'json'], {
        stdout: (s) => (stdout += s),
        stderr: (s) => (stderr += s),
      });
      expect(code).toBe(0);
      expect(stderr).toMatch(
        /^airlock: warning: The session store .* was corrupt\. It was saved as /,
      );
      expect(JSON.parse(stdout)).toEqual([]);
    } finally {
      process.env = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the app core reports it as a warning notification', async () => {
    const home = mkdtempSync(join(tmpdir(), 'airlock-store-app-'));
    try {
      mkdirSync(join(home, 'airlock'));
      writeFileSync(
        join(home, 'airlock', 'config.json'),
        '{"settings": {"deliveryMode": "pigeon"}}',
      );
      const { CoreEvents } = await import('../src/main/core-events');
      const events = new CoreEvents();
      const seen: unknown[] = [];
      events.on('notification', (n) => seen.push(n));
      const c = await createCore({
        env: { HOME: home },
        homeDir: home,
        airlockHome: join(home, 'airlock'),
        events,
        secrets: {
          get: async () => undefined,
          set: async () => undefined,
          delete: async () => false,
        },
      });
      await c.dispose();
      expect(seen).toEqual([
        { level: 'warning', message: expect.stringMatching(/^The session store .* was corrupt\./) },
      ]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('credentials file', () => {
  it('is a folder: FILE_IO naming the path, session failed, nothing written', async () => {
    const t = await core();
    rmSync(t.credentialsFile);
    mkdirSync(t.credentialsFile);
    const s = await t.core.sessions.add({
      config: { kind: 'iam-user', name: 'dir', profile: 'dir' },
      keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
    });
    const error = await failure(t.core.sessions.start(s.id));
    expect(error.code).toBe('FILE_IO');
    expect(error.message).toBe(
      `${t.credentialsFile} is a folder, not a file. Move it aside or point the AWS file variable at a file.`,
    );
    expect(t.core.sessions.get(s.id).state).toMatchObject({
      status: 'failed',
      lastError: { code: 'FILE_IO', message: error.message },
    });
    expect(readdirSync(t.credentialsFile)).toEqual([]);
    expect(readdirSync(dirname(t.credentialsFile))).toEqual(['credentials']);
    figures.push('folder=FILE_IO');
  });

  describe('permissions (the core runs in a child process as nobody when the tests run as root)', () => {
    let work: string;
    let probe: string;
    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'airlock-perm-'));
      probe = await bundleScript(join(import.meta.dirname, '../test-support/start-probe.ts'), work);
      chmodSync(probe, 0o755);
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    function layout(name: string) {
      const home = join(work, name);
      const aws = join(home, '.aws');
      const store = join(home, 'store');
      mkdirSync(aws, { recursive: true });
      mkdirSync(store);
      chmodSync(home, 0o755);
      if (isRoot) chownSync(store, NOBODY, NOBODY);
      const credentials = join(aws, 'credentials');
      writeFileSync(credentials, ORIGINAL);
      return { home, aws, store, credentials, config: join(aws, 'config') };
    }

    async function startAsNobody(l: ReturnType<typeof layout>) {
      const { stdout } = await run(process.execPath, [probe], {
        ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: l.home,
          AIRLOCK_HOME: l.store,
          AWS_SHARED_CREDENTIALS_FILE: l.credentials,
          AWS_CONFIG_FILE: l.config,
          AWS_ENDPOINT_URL_STS: endpoint,
          PROBE_LONG_TERM_KEYS: JSON.stringify({
            accessKeyId: seed.user.accessKeyId,
            secretAccessKey: seed.user.secretAccessKey,
          }),
        },
      });
      return JSON.parse(stdout) as {
        ok: boolean;
        code?: string;
        message?: string;
        state: { status: string; lastError?: { code: string; message: string } };
      };
    }

    it('unreadable: FILE_IO naming the path, session failed, file and folder unchanged', async () => {
      const l = layout('unreadable');
      chmodSync(l.aws, 0o755);
      chmodSync(l.credentials, 0o000);
      const outcome = await startAsNobody(l);
      expect(outcome).toMatchObject({ ok: false, code: 'FILE_IO' });
      expect(outcome.message).toBe(
        `Airlock is not allowed to read ${l.credentials}. Check its owner and permissions (ls -l "${l.credentials}").`,
      );
      expect(outcome.state).toMatchObject({ status: 'failed', lastError: { code: 'FILE_IO' } });
      chmodSync(l.credentials, 0o600);
      expect(readFileSync(l.credentials, 'utf8')).toBe(ORIGINAL);
      expect(readdirSync(l.aws)).toEqual(['credentials']);
      figures.push('unreadable=FILE_IO');
    });

    it('in a read-only folder: FILE_IO naming the folder, session failed, file unchanged, no temp file', async () => {
      const l = layout('readonly');
      chmodSync(l.credentials, 0o644);
      chmodSync(l.aws, 0o555);
      const outcome = await startAsNobody(l);
      expect(outcome).toMatchObject({ ok: false, code: 'FILE_IO' });
      expect(outcome.message).toBe(
        `Airlock cannot write in the folder ${l.aws} (read-only or permission denied), so ${l.credentials} was not changed. Make the folder writable for your user.`,
      );
      expect(outcome.state).toMatchObject({ status: 'failed', lastError: { code: 'FILE_IO' } });
      expect(readFileSync(l.credentials, 'utf8')).toBe(ORIGINAL);
      expect(readdirSync(l.aws)).toEqual(['credentials']);
      figures.push('readonly-folder=FILE_IO');
    });
  });
});

// Over a full CLI + core run of every kind, no issued secret reaches the store, stderr, an error, a lastError or an event; file modes are tight.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { buildTestCli, type TestCli } from '../test-support/test-cli';
import { buildSamlResponse } from '../test-support/saml-fixture';
import { makeWebIdentityToken } from '../test-support/web-identity-token';

const { endpoint, seed } = inject('stsPeer');
let t: TestCore;
let cli: TestCli;
let scratch: string;
/** Everything that must never hold a secret. */
const observed: { where: string; text: string }[] = [];
/** Every secret issued or handled in this run. */
const secrets = new Set<string>();

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('hygiene', t.env);
  scratch = mkdtempSync(join(tmpdir(), 'airlock-hygiene-'));
  t.core.events.onAny((event, payload) =>
    observed.push({ where: `event ${event}`, text: JSON.stringify(payload) }),
  );
  secrets.add(seed.user.secretAccessKey);
});
afterAll(async () => {
  cli?.dispose();
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function observeStore(step: string): void {
  const path = join(t.airlockHome, 'config.json');
  if (existsSync(path))
    observed.push({ where: `store after ${step}`, text: readFileSync(path, 'utf8') });
  for (const s of t.core.sessions.list()) {
    if (s.state.lastError)
      observed.push({ where: `lastError of ${s.name}`, text: JSON.stringify(s.state.lastError) });
  }
}

async function airlock(args: string[], stdin?: string): Promise<string> {
  const r = await cli.run(args, stdin ? { stdin } : {});
  observed.push({ where: `stderr of airlock ${args.join(' ')}`, text: r.stderr });
  observeStore(`airlock ${args[0]} ${args[1] ?? ''}`);
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function expectFailure(step: string, work: Promise<unknown>): Promise<void> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, step).toBeInstanceOf(Error);
  observed.push({
    where: `error of ${step}`,
    text: `${(error as Error).message} ${JSON.stringify(error)}`,
  });
}

/** Reads the session's current credentials from the keychain and records their secret parts. */
async function harvest(name: string): Promise<void> {
  const id = t.core.sessions.get(name).id;
  const raw = await t.secrets.get(id, 'session');
  expect(raw, `${name} has credentials in the keychain`).toBeTruthy();
  const creds = JSON.parse(raw!) as { secretAccessKey: string; sessionToken: string };
  secrets.add(creds.secretAccessKey);
  secrets.add(creds.sessionToken);
}

describe('secret hygiene', () => {
  it('every kind started, rotated, whoami-ed and stopped leaks no secret; file modes are 0600/0700', async () => {
    const keys = ['--access-key-id', seed.user.accessKeyId, '--secret-access-key-stdin'];
    await airlock(
      ['session', 'add', '--type', 'iam-user', '--name', 'base', '--profile', 'base', ...keys],
      `${seed.user.secretAccessKey}\n`,
    );
    await airlock([
      'session',
      'add',
      '--type',
      'iam-role',
      '--name',
      'role',
      '--profile',
      'role',
      '--parent',
      'base',
      '--role-arn',
      seed.roles.admin,
    ]);
    await airlock([
      'session',
      'add',
      '--type',
      'federated-user',
      '--name',
      'fed',
      '--profile',
      'fed',
      '--parent',
      'base',
      '--federated-name',
      'bob',
    ]);
    await airlock([
      'session',
      'add',
      '--type',
      'saml',
      '--name',
      'corp',
      '--profile',
      'corp',
      '--idp-url',
      'https://idp.example/login',
      '--role-arn',
      seed.roles.saml,
      '--principal-arn',
      seed.samlProviderArn,
    ]);
    const tokenFile = join(scratch, 'token.jwt');
    const token = makeWebIdentityToken({ subject: 'hygiene' });
    writeFileSync(tokenFile, token);
    secrets.add(token);
    await airlock([
      'session',
      'add',
      '--type',
      'web-identity',
      '--name',
      'web',
      '--profile',
      'web',
      '--role-arn',
      seed.roles.webIdentity,
      '--token-file',
      tokenFile,
    ]);

    const samlFile = join(scratch, 'saml.b64');
    const assertion = () =>
      buildSamlResponse({
        roles: [{ roleArn: seed.roles.saml, principalArn: seed.samlProviderArn }],
      });
    const first = assertion();
    writeFileSync(samlFile, first);
    secrets.add(first);

    const names = ['base', 'role', 'fed', 'corp', 'web'];
    for (const name of names) {
      await airlock([
        'session',
        'start',
        name,
        ...(name === 'corp' ? ['--saml-assertion-file', samlFile] : []),
      ]);
      await harvest(name);
      const again = assertion();
      secrets.add(again);
      await t.core.sessions.rotate(name, name === 'corp' ? { samlAssertion: again } : {});
      await harvest(name);
      observeStore(`rotate ${name}`);
      await airlock(['whoami', name, '--output', 'json']);
      await t.core.sessions.whoami(name);
      // These print credentials on stdout by design; only their stderr is checked.
      await airlock(['env', name]);
      await airlock(['credential-process', name]);
    }
    await airlock(['profile', 'default', 'role']);
    await airlock(['session', 'list']);
    await airlock(['profile', 'list']);

    // Errors along the way carry no secret either.
    await expectFailure('rotate corp without an assertion', t.core.sessions.rotate('corp'));
    await expectFailure(
      'start with a bad web identity token',
      t.core.sessions.start('web', { webIdentityToken: `${token}x.y` }),
    );
    await expectFailure('whoami of an unknown session', t.core.sessions.whoami('nope'));
    const bad = await cli.run(['session', 'start', 'base', '--mfa-code', '12345']);
    observed.push({ where: 'stderr of a usage error', text: bad.stderr });

    // File modes while sessions are active.
    const awsDir = dirname(t.credentialsFile);
    const modes = {
      credentials: statSync(t.credentialsFile).mode & 0o777,
      awsDir: statSync(awsDir).mode & 0o777,
      store: statSync(join(t.airlockHome, 'config.json')).mode & 0o777,
      storeDir: statSync(t.airlockHome).mode & 0o777,
    };
    expect(modes).toEqual({ credentials: 0o600, awsDir: 0o700, store: 0o600, storeDir: 0o700 });

    for (const name of names) await airlock(['session', 'stop', name]);
    observeStore('stop all');
    // The same lifecycle through the in-process core, whose every event is observed.
    for (const name of names) {
      const again = assertion();
      secrets.add(again);
      await t.core.sessions.start(name, name === 'corp' ? { samlAssertion: again } : {});
      await harvest(name);
      await t.core.sessions.whoami(name);
      await t.core.sessions.stop(name);
      observeStore(`core lifecycle ${name}`);
    }
    expect(statSync(t.credentialsFile).mode & 0o777).toBe(0o600);

    const leaks: string[] = [];
    for (const { where, text } of observed) {
      for (const secret of secrets)
        if (secret && text.includes(secret)) leaks.push(`${where}: ${secret.slice(0, 6)}…`);
    }
    expect(leaks).toEqual([]);
    expect(secrets.size).toBeGreaterThanOrEqual(names.length * 4);
    const events = observed.filter((o) => o.where.startsWith('event')).length;
    console.log(
      `[reliability] secret-hygiene secrets=${secrets.size} texts_checked=${observed.length} events=${events} leaks=0 ` +
        `modes=credentials:${modes.credentials.toString(8)},aws_dir:${modes.awsDir.toString(8)},store:${modes.store.toString(8)},store_dir:${modes.storeDir.toString(8)}`,
    );
  }, 180_000);
});

// `exec --server` and `serve` with the bundled CLI: the AWS CLI and the JS SDK as clients, the STS peer as judge.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { buildTestCli, type TestCli } from '../../../test-support/test-cli';

const { endpoint, seed } = inject('stsPeer');
let t: TestCore;
let cli: TestCli;
/** A child that reports what it was given and exits 7. */
let envScript: string;
/** A child that calls GetCallerIdentity through the JS SDK's default credential chain. */
let sdkScript: string;

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('credential-server', t.env);
  const user = await t.core.sessions.add({
    config: { kind: 'iam-user', name: 'srv-user', profile: 'srv-user', region: 'eu-west-1' },
    keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
  });
  await t.core.sessions.add({
    config: {
      kind: 'iam-role',
      name: 'srv-role',
      profile: 'srv-role',
      parentId: user.id,
      roleArn: seed.roles.readonly,
    },
  });
  envScript = join(t.home, 'report-env.cjs');
  writeFileSync(
    envScript,
    `const aws = Object.keys(process.env).filter((k) => k.startsWith('AWS_')).sort();
process.stdout.write(JSON.stringify(aws));
process.exit(7);
`,
  );
  sdkScript = join(t.home, 'sdk-caller.cjs');
  writeFileSync(
    sdkScript,
    `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(
      resolve('node_modules/@aws-sdk/client-sts'),
    )});
new STSClient({ endpoint: process.argv[2] })
  .send(new GetCallerIdentityCommand({}))
  .then((r) => process.stdout.write(r.Arn));
`,
  );
}, 60_000);

afterAll(async () => {
  cli?.dispose();
  await t?.close();
});

describe('airlock exec NAME --server', () => {
  it('gives the child only the two container variables, no keys and no AWS_PROFILE, and passes its exit code', async () => {
    const run = await cli.run(['exec', 'srv-role', '--server', '--', process.execPath, envScript], {
      env: {
        AWS_PROFILE: 'someone-else',
        AWS_ACCESS_KEY_ID: 'AKIASTALE',
        AWS_SECRET_ACCESS_KEY: 'stale',
        AWS_SESSION_TOKEN: 'stale',
      },
    });
    expect(run.code).toBe(7);
    const given = JSON.parse(run.stdout) as string[];
    expect(given).toEqual(
      expect.arrayContaining([
        'AWS_CONTAINER_AUTHORIZATION_TOKEN',
        'AWS_CONTAINER_CREDENTIALS_FULL_URI',
        'AWS_REGION',
      ]),
    );
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_CREDENTIAL_EXPIRATION',
      'AWS_PROFILE',
    ]) {
      expect(given).not.toContain(name);
    }
  });

  it('serves the AWS CLI, which signs as the role', async () => {
    const run = await cli.run(
      [
        'exec',
        'srv-role',
        '--server',
        '--',
        process.env.AIRLOCK_AWS_CLI ?? 'aws',
        'sts',
        'get-caller-identity',
        '--endpoint-url',
        endpoint,
        '--query',
        'Arn',
        '--output',
        'text',
      ],
      { env: { AWS_EC2_METADATA_DISABLED: 'true' } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/[^/]+\/.+$/);
  });

  it('serves the JS SDK through its default credential chain', async () => {
    const run = await cli.run([
      'exec',
      '--server',
      'srv-role',
      '--',
      process.execPath,
      sdkScript,
      endpoint,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/:assumed-role\//);
  });

  it('exits 1 naming the session when it cannot be served, without running the child', async () => {
    const run = await cli.run(['exec', 'no-such', '--server', '--', process.execPath, envScript]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no-such');
  });
});

describe('airlock serve NAME', () => {
  it('prints the two export lines, serves until SIGTERM, refuses a wrong token, then exits 0', async () => {
    const child = spawn(process.execPath, [cli.command.split(' ')[1]!, 'serve', 'srv-role'], {
      env: { ...process.env, ...t.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((ready) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.split('\n').length > 2) ready();
      }),
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^export AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/127\.0\.0\.1:\d+\/credentials\/[0-9a-f]{32}$/,
    );
    expect(lines[1]).toMatch(/^export AWS_CONTAINER_AUTHORIZATION_TOKEN=[0-9a-f]{64}$/);
    const url = lines[0]!.split('=')[1]!;
    const token = lines[1]!.split('=')[1]!;

    expect((await fetch(url, { headers: { authorization: 'wrong' } })).status).toBe(403);
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint,
      credentials: fromHttp({
        awsContainerCredentialsFullUri: url,
        awsContainerAuthorizationToken: token,
      }),
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:assumed-role\//);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    await expect(fetch(url, { headers: { authorization: token } })).rejects.toThrow();
  });

  it('listens on the --port given, on 127.0.0.1', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const child = spawn(
      process.execPath,
      [cli.command.split(' ')[1]!, 'serve', 'srv-role', '--port', String(port)],
      { env: { ...process.env, ...t.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let stdout = '';
    await new Promise<void>((ready) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.split('\n').length > 2) ready();
      }),
    );
    const [urlLine, tokenLine] = stdout.trim().split('\n');
    const url = urlLine!.split('=')[1]!;
    expect(new URL(url).host).toBe(`127.0.0.1:${port}`);
    const answer = await fetch(url, { headers: { authorization: tokenLine!.split('=')[1]! } });
    expect(answer.status).toBe(200);
    expect(Object.keys((await answer.json()) as object).sort()).toEqual([
      'AccessKeyId',
      'Expiration',
      'SecretAccessKey',
      'Token',
    ]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a --port that is not a port with exit 2', async () => {
    const run = await cli.run(['serve', 'srv-role', '--port', 'http']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port');
  });
});

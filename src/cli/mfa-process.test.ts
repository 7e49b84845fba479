// mfa-process with the bundled CLI: a real command printing a TOTP code answers the STS peer's MFA check, with no terminal.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleScript } from '../../test-support/bundle-script';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import { buildTestCli, type CliRun, type TestCli } from '../../test-support/test-cli';
import { runAwsCli } from '../../test-support/aws-cli';
import { totp } from '../../test-support/totp';

const { endpoint, seed } = inject('stsPeer');
let t: TestCore;
let cli: TestCli;
/** `node …/print-totp.mjs SECRET`, quoted as a user would type it. */
let printTotp: string;
const stderrSeen: string[] = [];

async function airlock(args: string[], stdin?: string): Promise<CliRun> {
  const run = await cli.run(args, stdin === undefined ? {} : { stdin });
  stderrSeen.push(run.stderr);
  return run;
}

async function ok(args: string[], stdin?: string): Promise<string> {
  const run = await airlock(args, stdin);
  if (run.code !== 0)
    throw new Error(`airlock ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

beforeAll(async () => {
  t = await makeTestCore({ endpoint });
  cli = await buildTestCli('mfa-process', t.env);
  const script = await bundleScript(
    'test-support/print-totp.ts',
    mkdtempSync(join(t.home, 'mfa-')),
  );
  printTotp = `'${process.execPath}' '${script}'`;
}, 60_000);

afterAll(async () => {
  // The command's output is the code: it must never be repeated on stderr.
  const all = stderrSeen.join('\n');
  expect(all).not.toContain(totp(seed.mfa.secretBase32));
  expect(all).not.toContain(seed.user.secretAccessKey);
  cli?.dispose();
  await t?.close();
});

describe('--mfa-process', () => {
  it('starts an iam-user with MFA from the command, judged by the AWS CLI, and keeps the setting', async () => {
    await ok(
      [
        'session',
        'add',
        '--type',
        'iam-user',
        '--name',
        'mp-user',
        '--profile',
        'mp-user',
        '--access-key-id',
        seed.user.accessKeyId,
        '--secret-access-key-stdin',
        '--mfa-serial',
        seed.mfa.serial,
        '--mfa-process',
        `${printTotp} ${seed.mfa.secretBase32}`,
      ],
      `${seed.user.secretAccessKey}\n`,
    );
    const listed = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as Array<{
      name: string;
      mfaProcess?: string;
    }>;
    expect(listed.find((s) => s.name === 'mp-user')?.mfaProcess).toBe(
      `${printTotp} ${seed.mfa.secretBase32}`,
    );
    await ok(['session', 'start', 'mp-user']);
    const aws = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'mp-user'], {
      endpoint,
      home: t.home,
    });
    expect(aws.code).toBe(0);
    expect(JSON.parse(aws.stdout).Arn).toBe(seed.user.arn);
  });

  it("answers a role's MFA (the role trusts only MFA sessions) from the role's own command", async () => {
    await ok([
      'session',
      'add',
      '--type',
      'iam-role',
      '--name',
      'mp-role',
      '--profile',
      'mp-role',
      '--role-arn',
      seed.roles.mfaRequired,
      '--parent',
      'mp-user',
      '--mfa-serial',
      seed.mfa.serial,
      '--mfa-process',
      `${printTotp} ${seed.mfa.secretBase32}`,
    ]);
    const who = JSON.parse(await ok(['whoami', 'mp-role'])) as { Arn: string };
    expect(who.Arn).toMatch(/:assumed-role\//);
  });

  it('fails with exit 1 naming the session and the command when the code is wrong, never printing it', async () => {
    const wrong = await bundleScript(
      'test-support/print-totp.ts',
      mkdtempSync(join(t.home, 'wrong-')),
    );
    // A different secret: a well-formed code the peer rejects.
    await ok([
      'session',
      'edit',
      'mp-user',
      '--mfa-process',
      `'${process.execPath}' '${wrong}' JBSWY3DPEHPK3PXP`,
    ]);
    await ok(['session', 'stop', 'mp-user']);
    const run = await airlock(['session', 'start', 'mp-user']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('mfa-process of session mp-user');
    expect(run.stderr).toContain(wrong);
    expect(run.stderr).toContain('[MFA_REJECTED]');
    expect(run.stderr).not.toContain(totp('JBSWY3DPEHPK3PXP'));
  });

  it('refuses an unclosed quote with exit 2, and an empty value clears the setting', async () => {
    const bad = await airlock(['session', 'edit', 'mp-user', '--mfa-process', `ykman 'oath`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unclosed ' quote");
    await ok(['session', 'edit', 'mp-user', '--mfa-process', '']);
    const listed = JSON.parse(await ok(['session', 'list', '--output', 'json'])) as Array<{
      name: string;
      mfaProcess?: string;
    }>;
    expect(listed.find((s) => s.name === 'mp-user')).not.toHaveProperty('mfaProcess');
    const run = await airlock(['session', 'start', 'mp-user']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[MFA_REQUIRED]');
  });
});

// Proves runAwsCli reaches the STS peer with only the credentials file it is given.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { runAwsCli } from './aws-cli';

const { endpoint, seed } = inject('stsPeer');
const homes: string[] = [];

async function homeWithCredentials(credentials: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'airlock-cli-'));
  homes.push(home);
  await mkdir(join(home, '.aws'));
  await writeFile(join(home, '.aws', 'credentials'), credentials);
  await writeFile(join(home, '.aws', 'config'), '[default]\nregion = us-east-1\n');
  return home;
}

afterEach(async () => {
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true });
});

describe('runAwsCli', () => {
  it('calls the peer with the credentials file in the isolated HOME', async () => {
    const home = await homeWithCredentials(
      `[default]\naws_access_key_id = ${seed.user.accessKeyId}\naws_secret_access_key = ${seed.user.secretAccessKey}\n`,
    );
    const result = await runAwsCli(['sts', 'get-caller-identity', '--output', 'json'], {
      endpoint,
      home,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Arn: seed.user.arn });
  });

  it('ignores AWS_* variables of the calling process', async () => {
    const home = await homeWithCredentials(
      `[default]\naws_access_key_id = ${seed.user.accessKeyId}\naws_secret_access_key = wrong\n`,
    );
    process.env.AWS_PROFILE = 'does-not-exist';
    try {
      const result = await runAwsCli(['sts', 'get-caller-identity'], { endpoint, home });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('SignatureDoesNotMatch');
    } finally {
      delete process.env.AWS_PROFILE;
    }
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsFiles } from './aws-files';

let home: string;
let files: AwsFiles;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'airlock-aws-cli-'));
  files = new AwsFiles({
    credentialsFile: join(home, 'credentials'),
    configFile: join(home, 'config'),
  });
  return () => rmSync(home, { recursive: true, force: true });
});

/** `aws configure get KEY --profile P` with only our two files and an isolated HOME. */
function awsGet(key: string, profile: string): Promise<{ code: number; value: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_CONFIG_FILE: join(home, 'config'),
  };
  if (process.env.PYENV_ROOT !== undefined) env.PYENV_ROOT = process.env.PYENV_ROOT;
  return new Promise((resolve) => {
    execFile('aws', ['configure', 'get', key, '--profile', profile], { env }, (error, stdout) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, value: stdout.trim() });
    });
  });
}

describe('the AWS CLI (v1, botocore) reads what the engine writes', () => {
  it('reads a new profile’s credentials and its region from config', async () => {
    await files.apply('credentials', [
      {
        profile: 'dev',
        action: 'set',
        set: { aws_access_key_id: 'ASIADEV', aws_secret_access_key: 's', aws_session_token: 't' },
        owner: 'sess-1',
      },
    ]);
    await files.apply('config', [
      { profile: 'dev', action: 'set', set: { region: 'eu-west-1' }, owner: 'sess-1' },
      { profile: 'default', action: 'set', set: { region: 'us-east-2' } },
    ]);
    const [key, region, defaultRegion] = await Promise.all([
      awsGet('aws_access_key_id', 'dev'),
      awsGet('region', 'dev'),
      awsGet('region', 'default'),
    ]);
    expect(key).toEqual({ code: 0, value: 'ASIADEV' });
    expect(region).toEqual({ code: 0, value: 'eu-west-1' });
    expect(defaultRegion).toEqual({ code: 0, value: 'us-east-2' });
  });

  it('repairs a CRLF credentials file with comments and duplicate sections that the CLI rejected', async () => {
    const handWritten = [
      '; team credentials',
      '[other]',
      'aws_access_key_id = AKIAOTHER',
      '',
      '# dev, first copy',
      '[dev]',
      'aws_access_key_id = AKIAOLD',
      'aws_secret_access_key = old-secret',
      '[dev]',
      'aws_access_key_id = AKIAOLDER',
      'AWS_ACCESS_KEY_ID = AKIAOLDEST',
      '',
    ].join('\r\n');
    writeFileSync(join(home, 'credentials'), handWritten);
    expect((await awsGet('aws_access_key_id', 'other')).code).not.toBe(0);

    await files.apply('credentials', [
      { profile: 'dev', action: 'set', set: { aws_access_key_id: 'ASIANEW' }, owner: 'sess-2' },
    ]);
    const [dev, secret, other] = await Promise.all([
      awsGet('aws_access_key_id', 'dev'),
      awsGet('aws_secret_access_key', 'dev'),
      awsGet('aws_access_key_id', 'other'),
    ]);
    expect(dev).toEqual({ code: 0, value: 'ASIANEW' });
    expect(secret).toEqual({ code: 0, value: 'old-secret' });
    expect(other).toEqual({ code: 0, value: 'AKIAOTHER' });
    const text = readFileSync(join(home, 'credentials'), 'utf8');
    expect(text.startsWith('; team credentials\r\n[other]\r\n')).toBe(true);
    // Every line ending, old and new, is still CRLF.
    expect(text.split('\r\n').join('')).not.toContain('\n');
  });

  it('writes the region where the CLI looks when config has both [default] and [profile default]', async () => {
    writeFileSync(
      join(home, 'config'),
      '# mine\r\n[default]\r\nregion = us-east-1\r\n[profile default]\r\noutput = json\r\ns3 =\r\n  max_concurrent_requests = 4\r\n',
    );
    await files.apply('config', [
      { profile: 'default', action: 'set', set: { region: 'ap-south-1' } },
    ]);
    const [region, output, s3] = await Promise.all([
      awsGet('region', 'default'),
      awsGet('output', 'default'),
      awsGet('s3.max_concurrent_requests', 'default'),
    ]);
    expect(region).toEqual({ code: 0, value: 'ap-south-1' });
    expect(output).toEqual({ code: 0, value: 'json' });
    expect(s3).toEqual({ code: 0, value: '4' });
  });

  it('leaves no trace of a removed profile, duplicates included', async () => {
    writeFileSync(
      join(home, 'credentials'),
      '[dev]\naws_access_key_id = A\n[keep]\naws_access_key_id = K\n[dev]\naws_access_key_id = B\n',
    );
    await files.apply('credentials', [{ profile: 'dev', action: 'remove' }]);
    const [dev, keep] = await Promise.all([
      awsGet('aws_access_key_id', 'dev'),
      awsGet('aws_access_key_id', 'keep'),
    ]);
    expect(dev.code).not.toBe(0);
    expect(keep).toEqual({ code: 0, value: 'K' });
  });
});

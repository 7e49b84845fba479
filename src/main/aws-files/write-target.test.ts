// As root, a write never follows another user's link or replaces another user's file, unless allowed.
import {
  chownSync,
  lchownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsFiles, AwsFilesError } from './aws-files';

const isRoot = process.geteuid?.() === 0;
const NOBODY = 65534;
const ROOT = { euid: 0, allowForeignTarget: false };
const edit = [{ profile: 'a', action: 'set' as const, set: { x: '2' } }];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-write-target-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

function files(credentialsFile: string, writer = ROOT): AwsFiles {
  return new AwsFiles({ credentialsFile, configFile: join(dir, 'config') }, writer);
}

async function refusal(promise: Promise<unknown>): Promise<AwsFilesError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof AwsFilesError) return error;
  throw new Error(`expected an AwsFilesError, got ${String(error)}`);
}

// chown needs root; the writer's euid is injected, so "running as root" is the parameter.
describe.runIf(isRoot)('as root', () => {
  it('refuses to rewrite a file another user owns, names the flag, and leaves it as it was', async () => {
    const target = join(dir, 'credentials');
    writeFileSync(target, '[a]\nx = 1\n', { mode: 0o644 });
    chownSync(target, NOBODY, NOBODY);
    const error = await refusal(files(target).apply('credentials', edit));
    expect(error.code).toBe('FILE_IO');
    expect(error.message).toBe(
      `Airlock runs as root and ${target} belongs to user id ${NOBODY}, so ${target} was not changed: a link that user controls could point at any file. Run Airlock as that user, or set AIRLOCK_ALLOW_FOREIGN_TARGET=1 to write it anyway.`,
    );
    expect(readFileSync(target, 'utf8')).toBe('[a]\nx = 1\n');
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('refuses to follow a link another user owns, even to a file root owns', async () => {
    const target = join(dir, 'shadow');
    writeFileSync(target, '[a]\nx = 1\n');
    const link = join(dir, 'credentials');
    symlinkSync(target, link);
    lchownSync(link, NOBODY, NOBODY);
    const error = await refusal(files(link).apply('credentials', edit));
    expect(error.message).toContain(`the link ${link} belongs to user id ${NOBODY}`);
    expect(readFileSync(target, 'utf8')).toBe('[a]\nx = 1\n');
  });

  it('refuses a link another user owns on the way (a linked folder)', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    const linkedFolder = join(dir, 'aws');
    symlinkSync(real, linkedFolder);
    lchownSync(linkedFolder, NOBODY, NOBODY);
    const error = await refusal(
      files(join(linkedFolder, 'credentials')).apply('credentials', edit),
    );
    expect(error.message).toContain(`the link ${linkedFolder} belongs to user id ${NOBODY}`);
    expect(readdirSync(real)).toEqual([]);
  });

  it('refuses to create a file in a folder another user owns', async () => {
    const folder = join(dir, 'theirs');
    mkdirSync(folder);
    chownSync(folder, NOBODY, NOBODY);
    const error = await refusal(files(join(folder, 'credentials')).apply('credentials', edit));
    expect(error.message).toContain(`the folder ${folder} belongs to user id ${NOBODY}`);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('writes them when allowed (AIRLOCK_ALLOW_FOREIGN_TARGET), keeping the file its owner’s', async () => {
    const target = join(dir, 'credentials');
    writeFileSync(target, '[a]\nx = 1\n');
    chownSync(target, NOBODY, NOBODY);
    await files(target, { euid: 0, allowForeignTarget: true }).apply('credentials', edit);
    expect(readFileSync(target, 'utf8')).toBe('[a]\nx = 2\n');
    expect(statSync(target).uid).toBe(NOBODY);
  });

  it('follows root’s own links as before', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    writeFileSync(join(real, 'credentials'), '[a]\nx = 1\n');
    symlinkSync(join(real, 'credentials'), join(dir, 'credentials'));
    await files(join(dir, 'credentials')).apply('credentials', edit);
    expect(readFileSync(join(real, 'credentials'), 'utf8')).toBe('[a]\nx = 2\n');
  });

  it('leaves the checks to the permission bits when not root', async () => {
    const target = join(dir, 'credentials');
    writeFileSync(target, '[a]\nx = 1\n');
    chownSync(target, NOBODY, NOBODY);
    await files(target, { euid: 1000, allowForeignTarget: false }).apply('credentials', edit);
    expect(readFileSync(target, 'utf8')).toBe('[a]\nx = 2\n');
  });
});

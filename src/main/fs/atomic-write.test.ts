import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cleanStaleTempFiles,
  readFileVersion,
  sameVersion,
  statVersion,
  tempFileName,
  writeTempFile,
} from './atomic-write';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-atomic-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

describe('atomic write primitives', () => {
  it('writes a temp file beside the target with exactly the mode asked for', async () => {
    const path = await writeTempFile(dir, 'credentials', Buffer.from('x = 1\n'), 0o600);
    expect(path.startsWith(join(dir, '.credentials.airlock-'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('x = 1\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('sees a rewrite as a new version, and a missing file as undefined', async () => {
    const file = join(dir, 'config');
    expect(await readFileVersion(file)).toBeUndefined();
    writeFileSync(file, 'a');
    const first = await readFileVersion(file);
    expect(first?.bytes.toString()).toBe('a');
    expect(sameVersion(first?.version, await statVersion(file))).toBe(true);
    writeFileSync(file, 'ab');
    expect(sameVersion(first?.version, await statVersion(file))).toBe(false);
  });

  it('removes a dead writer’s temp file at once, a live writer’s only once a minute old', async () => {
    const dead = join(dir, '.credentials.airlock-3b9ac9ff0123456789ab.tmp');
    const liveYoung = join(dir, tempFileName('credentials'));
    const liveOld = join(dir, tempFileName('config'));
    const notOurs = join(dir, '.credentials.swp');
    for (const path of [dead, liveYoung, liveOld, notOurs]) writeFileSync(path, 'x');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(liveOld, twoMinutesAgo, twoMinutesAgo);
    utimesSync(notOurs, twoMinutesAgo, twoMinutesAgo);
    await cleanStaleTempFiles(dir);
    expect([dead, liveYoung, liveOld, notOurs].map((path) => existsSync(path))).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});

// The launcher with the real `open` package and real processes: a stand-in browser on the PATH
// records the argv it was started with, and a browser that is not installed is a rejection.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser-launcher';

const URL_WITH_TOKEN =
  'https://signin.aws.amazon.com/federation?Action=login&Issuer=airlock&SigninToken=a%20b%26c';

let dir: string;
let savedPath: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-launcher-'));
  savedPath = process.env.PATH;
  // Only the stand-ins below can be found: no real browser is started.
  process.env.PATH = dir;
});

afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in browser binary that writes each argument on its own line to its record file. */
function standIn(name: string): string {
  const record = join(dir, `${name}.argv`);
  const bin = join(dir, name);
  writeFileSync(
    bin,
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}.tmp'\n/bin/mv '${record}.tmp' '${record}'\n`,
  );
  chmodSync(bin, 0o755);
  return record;
}

async function argvIn(record: string): Promise<string[]> {
  for (let i = 0; i < 200 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 25));
  return readFileSync(record, 'utf8').trimEnd().split('\n');
}

describe('launchBrowser', () => {
  it('starts the named browser with its arguments and the URL as separate argv entries', async () => {
    const record = standIn('chromium');
    await launchBrowser({
      target: URL_WITH_TOKEN,
      app: { name: 'chromium', arguments: ['--user-data-dir=/tmp/a b', '--no-first-run'] },
    });
    expect(await argvIn(record)).toEqual([
      '--user-data-dir=/tmp/a b',
      '--no-first-run',
      URL_WITH_TOKEN,
    ]);
  });

  it('tries the next binary name when the first is not installed (Chromium as chromium-browser)', async () => {
    const record = standIn('chromium-browser');
    await launchBrowser({ target: URL_WITH_TOKEN, app: { name: 'chromium', arguments: [] } });
    expect(await argvIn(record)).toEqual([URL_WITH_TOKEN]);
  });

  it('rejects when the browser is not installed, instead of an unhandled error event', async () => {
    for (const name of ['brave', 'chrome', 'edge', 'firefox', 'chromium'] as const) {
      await expect(
        launchBrowser({ target: URL_WITH_TOKEN, app: { name, arguments: [] } }),
        name,
      ).rejects.toMatchObject({ code: 'ENOENT' });
    }
  });
});

// A web-identity session's token file: absolute, a regular file, at most 64 KiB; a FIFO fails at once.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { makeTestCore, type TestCore } from '../../../test-support/test-core';
import { makeWebIdentityToken } from '../../../test-support/web-identity-token';

const { endpoint, seed } = inject('stsPeer');
let open: TestCore[] = [];

afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});

/** A core with a web-identity session whose token file `prepare` makes in the test's home. */
async function sessionWithTokenFile(prepare: (home: string) => string) {
  const t = await makeTestCore({ endpoint });
  open.push(t);
  const tokenFile = prepare(t.home);
  const s = await t.core.sessions.add({
    config: {
      kind: 'web-identity',
      name: 'ci',
      profile: 'ci',
      roleArn: seed.roles.webIdentity,
      tokenFile,
    },
  });
  return { t, id: s.id, tokenFile };
}

describe('web identity token file', () => {
  it('refuses a relative path when the session is added (the app and the CLI resolve it differently)', async () => {
    const t = await makeTestCore({ endpoint });
    open.push(t);
    await expect(
      t.core.sessions.add({
        config: {
          kind: 'web-identity',
          name: 'ci',
          profile: 'ci',
          roleArn: seed.roles.webIdentity,
          tokenFile: 'token',
        },
      }),
    ).rejects.toThrow('must be an absolute path');
  });

  it(
    'fails a start on a FIFO at once instead of hanging the rotation',
    { timeout: 20_000 },
    async () => {
      const {
        t,
        id,
        tokenFile: fifo,
      } = await sessionWithTokenFile((home) => {
        execFileSync('mkfifo', [join(home, 'token-fifo')]);
        return join(home, 'token-fifo');
      });
      const failure = t.core.sessions.start(id);
      await expect(failure).rejects.toMatchObject({ code: 'WEB_IDENTITY_INVALID' });
      await expect(failure).rejects.toThrow(
        `The web identity token file ${fifo} for session ci is not a regular file`,
      );
    },
  );

  it('fails a start on /dev/zero without reading it', async () => {
    const { t, id } = await sessionWithTokenFile(() => '/dev/zero');
    await expect(t.core.sessions.start(id)).rejects.toThrow(
      'The web identity token file /dev/zero for session ci is not a regular file',
    );
  });

  it('fails a start on a folder', async () => {
    const {
      t,
      id,
      tokenFile: folder,
    } = await sessionWithTokenFile((home) => {
      mkdirSync(join(home, 'token-dir'));
      return join(home, 'token-dir');
    });
    await expect(t.core.sessions.start(id)).rejects.toThrow(
      `${folder} for session ci is not a regular file`,
    );
  });

  it('fails a start on a file larger than 64 KiB, and starts once the file holds a token again', async () => {
    const { t, id, tokenFile } = await sessionWithTokenFile((home) => {
      const token = makeWebIdentityToken({ subject: 'ci' });
      writeFileSync(join(home, 'token'), `${token}${' '.repeat(64 * 1024)}`);
      return join(home, 'token');
    });
    await expect(t.core.sessions.start(id)).rejects.toThrow(
      `${tokenFile} for session ci is larger than 64 KiB`,
    );
    writeFileSync(tokenFile, makeWebIdentityToken({ subject: 'ci' }));
    expect((await t.core.sessions.start(id)).state.status).toBe('active');
  });
});

// An AWS file others can write is named in the window at start (issue 11, Low 7): the core finds it
// before the window exists, and the shell's renderer link delivers the warning once the page is ready.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';

test('a config file others can write is a warning toast at start, naming the chmod that fixes it', async ({
  launch,
}) => {
  const home = await mkdtemp(join(tmpdir(), 'airlock-e2e-perms-'));
  try {
    const config = join(home, '.aws', 'config');
    await mkdir(join(home, '.aws'), { mode: 0o700 });
    await writeFile(config, '[default]\nregion = eu-west-1\n');
    await chmod(config, 0o664);
    const { page } = await launch({ home });
    const toast = page.getByTestId('toast');
    await expect(toast).toHaveCount(1);
    await expect(toast).toHaveClass(/toast-warning/);
    await expect(toast).toContainText(`The AWS file ${config} is writable by other users`);
    await expect(toast).toContainText(`chmod go-w "${config}"`);
    // Read by a screen reader too: the toasts live in a polite status region.
    await expect(page.getByRole('status').filter({ has: toast })).toHaveCount(1);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('private AWS files give no warning', async ({ launch }) => {
  const home = await mkdtemp(join(tmpdir(), 'airlock-e2e-perms-'));
  try {
    await mkdir(join(home, '.aws'), { mode: 0o700 });
    await writeFile(join(home, '.aws', 'config'), '[default]\n', { mode: 0o600 });
    const { page } = await launch({ home });
    await expect(page.getByTestId('session-count')).toHaveText('0 sessions');
    await expect(page.getByTestId('toast')).toHaveCount(0);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

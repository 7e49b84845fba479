// Which real file a write replaces, and whether root may replace it: links and files other users own are refused.
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { AwsFilesError } from './aws-files-error';
import { errnoCode } from '../fs/errno';

const MAX_LINK_HOPS = 40;

/** Who writes: the effective uid (undefined off POSIX), and whether root may write other users' files. */
export interface WriterIdentity {
  euid: number | undefined;
  /** AIRLOCK_ALLOW_FOREIGN_TARGET=1: root writes through other users' links and into their files. */
  allowForeignTarget: boolean;
}

export function processWriter(
  env: Record<string, string | undefined> = process.env,
): WriterIdentity {
  return {
    euid: process.geteuid?.(),
    allowForeignTarget: env.AIRLOCK_ALLOW_FOREIGN_TARGET === '1',
  };
}

/** The file a write must replace: symlinks are followed (even dangling ones) so the link stays a link. */
export async function resolveTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    try {
      return await realpath(current);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    let link: string;
    try {
      link = await readlink(current);
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'EINVAL' && code !== 'ENOENT') throw error;
      // Not there yet: the file will be created in the real folder, which may itself be a link.
      try {
        return join(await realpath(dirname(current)), basename(current));
      } catch (folderError) {
        if (errnoCode(folderError) === 'ENOENT') return current;
        throw folderError;
      }
    }
    current = resolve(dirname(current), link);
  }
  throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
}

/** The first symlink on the way to `path` (any component, any hop) that `uid` does not own. */
async function foreignLink(
  path: string,
  uid: number,
): Promise<{ link: string; owner: number } | undefined> {
  let pending = resolve(path).split(sep).filter(Boolean);
  let current: string = sep;
  for (let hops = 0; pending.length > 0;) {
    const next = join(current, pending[0]!);
    pending = pending.slice(1);
    let info;
    try {
      info = await lstat(next);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    if (!info.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (info.uid !== uid) return { link: next, owner: info.uid };
    if (++hops > MAX_LINK_HOPS) throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
    const target = await readlink(next);
    if (isAbsolute(target)) current = sep;
    pending = [...target.split(sep).filter(Boolean), ...pending];
  }
  return undefined;
}

async function ownerOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).uid;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function refusal(path: string, what: string, owner: number): AwsFilesError {
  return new AwsFilesError(
    'FILE_IO',
    `Airlock runs as root and ${what} belongs to user id ${owner}, so ${path} was not changed: a link that user controls could point at any file. Run Airlock as that user, or set AIRLOCK_ALLOW_FOREIGN_TARGET=1 to write it anyway.`,
    path,
  );
}

/**
 * As root (unless allowed), refuses a write that follows a link another user owns, replaces a file
 * another user owns, or lands in a folder another user owns (who could swap it for a link between
 * these checks and the rename). Everyone else is held back by the permission bits instead.
 */
export async function assertMayWrite(
  path: string,
  target: string,
  writer: WriterIdentity,
): Promise<void> {
  if (writer.euid !== 0 || writer.allowForeignTarget) return;
  const link = await foreignLink(path, writer.euid);
  if (link) throw refusal(path, `the link ${link.link}`, link.owner);
  const fileOwner = await ownerOf(target);
  if (fileOwner !== undefined && fileOwner !== writer.euid) throw refusal(path, target, fileOwner);
  // The nearest folder that exists: a missing one is created inside it.
  let folder = dirname(target);
  let folderOwner = await ownerOf(folder);
  while (folderOwner === undefined && dirname(folder) !== folder) {
    folder = dirname(folder);
    folderOwner = await ownerOf(folder);
  }
  if (folderOwner !== undefined && folderOwner !== writer.euid) {
    throw refusal(path, `the folder ${folder}`, folderOwner);
  }
}

/** The folder's identity, so a folder renamed away and replaced before the rename is noticed. */
export async function folderIdentity(folder: string): Promise<string> {
  const info = await stat(folder, { bigint: true });
  return `${info.dev}:${info.ino}`;
}

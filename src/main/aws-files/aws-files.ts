// Public API of the AWS files engine: read, set and remove one profile, losslessly and atomically.
import { chmod, mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import {
  cleanStaleTempFiles,
  fsyncFolder,
  readFileVersion,
  sameVersion,
  statVersion,
  writeTempFile,
  type FileVersion,
} from '../fs/atomic-write';
import { AwsFilesError, readError, writeError } from './aws-files-error';
import { errnoCode } from '../fs/errno';
import { LockTimeoutError, withFileLock } from '../fs/file-lock';
import { parseIniDocument } from './ini-document';
import { applyProfileEdits } from './profile-edits';
import { validateEdits } from './profile-edit-checks';
import {
  listProfileOwners,
  listProfileSnapshots,
  profileSections,
  snapshotProfile,
} from './profile-sections';
import {
  assertMayWrite,
  folderIdentity,
  processWriter,
  resolveTarget,
  type WriterIdentity,
} from './write-target';

export { AwsFilesError, type AwsFilesErrorCode } from './aws-files-error';
export { resolveAwsFilePaths } from './aws-file-paths';

export type AwsFileKind = 'credentials' | 'config';

export interface AwsFilePaths {
  credentialsFile: string;
  configFile: string;
}

/** One profile as found in a file. `name` is the profile name ("dev"), not the section header ("profile dev"). */
export interface ProfileSnapshot {
  name: string;
  /** Key/value pairs, keys lower-cased as the AWS CLI reads them. */
  values: Record<string, string>;
  /** Session id from the Airlock marker comment, when Airlock wrote this section. */
  owner?: string;
  /** The section's exact text, header included, as it stands in the file. */
  raw: string;
}

export type ProfileEdit =
  /** Set and unset keys inside the profile's section (created at the end of the file when missing). */
  | {
      profile: string;
      action: 'set';
      set: Record<string, string>;
      unset?: string[];
      /** Writes or keeps the marker comment naming this session as the section's owner. */
      owner?: string;
      /** After unsetting, remove the section when no key is left in it. */
      dropIfEmpty?: boolean;
      /**
       * What to do when the section exists without Airlock's marker: 'refuse' (PROFILE_CONFLICT) or
       * 'skip' this edit; default: edit it. Checked inside the locked write, so a section the user
       * writes meanwhile is never overwritten.
       */
      handWritten?: 'refuse' | 'skip';
    }
  /** Remove the whole section (every duplicate of it). */
  | { profile: string; action: 'remove' }
  /**
   * Replace the section with this exact text (header included), or, when missing, insert it at
   * `at.offset` if the text before that offset still hashes (sha256, hex) to `at.prefixHash`,
   * else append it.
   */
  | {
      profile: string;
      action: 'restore';
      raw: string;
      at?: { offset: number; prefixHash: string };
    };

/** How often a write re-reads and re-applies when the file keeps changing under it. */
const MAX_WRITE_ATTEMPTS = 5;
/** The credentials file holds secrets: it is 0600 after every write, whatever it was before. */
const CREDENTIALS_MODE = 0o600;
const NEW_FILE_MODE = 0o600;
const NEW_FOLDER_MODE = 0o700;

interface PendingApply {
  edits: ProfileEdit[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** One queue per file for the whole process: concurrent applies are coalesced into one write. */
const queues = new Map<string, PendingApply[]>();

export class AwsFiles {
  constructor(
    readonly paths: AwsFilePaths,
    /** Who writes; as root, other users' links and files are refused (see write-target.ts). */
    private readonly writer: WriterIdentity = processWriter(),
  ) {}

  async readProfile(file: AwsFileKind, profile: string): Promise<ProfileSnapshot | undefined> {
    const text = await this.readText(file);
    if (text === undefined) return undefined;
    const doc = parseIniDocument(text);
    return snapshotProfile(doc, profile, profileSections(doc, file, profile));
  }

  async listProfiles(file: AwsFileKind): Promise<ProfileSnapshot[]> {
    const text = await this.readText(file);
    return text === undefined ? [] : listProfileSnapshots(parseIniDocument(text), file);
  }

  /** Each profile's name and owner (no values): far cheaper than listProfiles on a large file. */
  async listOwners(file: AwsFileKind): Promise<{ name: string; owner?: string }[]> {
    const text = await this.readText(file);
    return text === undefined ? [] : listProfileOwners(parseIniDocument(text), file);
  }

  /** Applies all edits in ONE atomic write (coalescing). Re-applies them to fresh content if the file changed on disk between read and write. */
  async apply(file: AwsFileKind, edits: ProfileEdit[]): Promise<void> {
    const path = this.pathOf(file);
    validateEdits(file, edits, path);
    if (edits.length === 0) return;
    const key = `${file}:${resolve(path)}`;
    const pending = queues.get(key);
    return new Promise<void>((resolvePromise, reject) => {
      const entry = { edits, resolve: resolvePromise, reject };
      if (pending !== undefined) {
        pending.push(entry);
        return;
      }
      queues.set(key, [entry]);
      void drainQueue(key, file, path, this.writer);
    });
  }

  private pathOf(file: AwsFileKind): string {
    return file === 'credentials' ? this.paths.credentialsFile : this.paths.configFile;
  }

  private async readText(file: AwsFileKind): Promise<string | undefined> {
    const path = this.pathOf(file);
    try {
      // Lenient on purpose: bytes that are not UTF-8 read as U+FFFD; only a write refuses them.
      return await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw readError(path, error);
    }
  }
}

async function drainQueue(
  key: string,
  kind: AwsFileKind,
  path: string,
  writer: WriterIdentity,
): Promise<void> {
  const pending = queues.get(key) ?? [];
  while (pending.length > 0) {
    const batch = pending.splice(0);
    try {
      await writeEdits(
        kind,
        path,
        batch.flatMap((entry) => entry.edits),
        writer,
      );
      for (const entry of batch) entry.resolve();
    } catch (error) {
      // A file that cannot be read or written fails every caller alike.
      if (batch.length === 1 || !(error instanceof AwsFilesError) || error.code === 'FILE_IO') {
        for (const entry of batch) entry.reject(error);
        continue;
      }
      // One caller's edit may be what the file made ambiguous: write each alone so the others land.
      for (const entry of batch) {
        try {
          await writeEdits(kind, path, entry.edits, writer);
          entry.resolve();
        } catch (single) {
          entry.reject(single);
        }
      }
    }
  }
  queues.delete(key);
}

async function ensureFolder(folder: string): Promise<void> {
  const created = await mkdir(folder, { recursive: true, mode: NEW_FOLDER_MODE });
  if (created !== undefined) await chmod(folder, NEW_FOLDER_MODE);
}

async function writeEdits(
  kind: AwsFileKind,
  path: string,
  edits: ProfileEdit[],
  writer: WriterIdentity,
): Promise<void> {
  let folder = dirname(resolve(path));
  try {
    const target = await resolveTarget(path);
    folder = dirname(target);
    await assertMayWrite(path, target, writer);
    await ensureFolder(folder);
    await cleanStaleTempFiles(folder);
    await withFileLock(`${target}.airlock.lock`, () =>
      replaceContent(kind, path, target, folder, edits, writer),
    );
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      throw new AwsFilesError(
        'FILE_IO',
        `Another Airlock process has been writing ${path} for too long, so it was not changed. Retry; if it persists, delete ${error.lockPath}.`,
        path,
        { cause: error },
      );
    }
    throw writeError(path, folder, error);
  }
}

async function replaceContent(
  kind: AwsFileKind,
  path: string,
  target: string,
  folder: string,
  edits: ProfileEdit[],
  writer: WriterIdentity,
): Promise<void> {
  const folderId = await folderIdentity(folder);
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const current = await readFileVersion(target).catch((error: unknown) => {
      throw readError(path, error);
    });
    const before = current === undefined ? '' : current.bytes.toString('utf8');
    // Only text holding U+FFFD can have come from bytes that are not UTF-8.
    if (
      before.includes('\ufffd') &&
      !Buffer.from(before, 'utf8').equals(current?.bytes ?? Buffer.alloc(0))
    ) {
      throw new AwsFilesError(
        'FILE_PARSE',
        `${path} is not UTF-8 text, so Airlock cannot edit it without changing other bytes. Re-save it as UTF-8, then retry.`,
        path,
      );
    }
    const after = applyProfileEdits(before, kind, edits, path);
    if (after === before) return;
    const mode =
      kind === 'credentials' ? CREDENTIALS_MODE : (current?.version.mode ?? NEW_FILE_MODE);
    // Root allowed to write someone else's file (AIRLOCK_ALLOW_FOREIGN_TARGET): keep the file theirs.
    const owner =
      current !== undefined && writer.euid === 0
        ? { uid: current.version.uid, gid: current.version.gid }
        : undefined;
    const tempPath = await writeTempFile(
      folder,
      basename(target),
      Buffer.from(after, 'utf8'),
      mode,
      owner,
    );
    let committed = false;
    try {
      await assertSameTarget(path, target, folder, folderId);
      if (await unchangedSince(target, current)) {
        await rename(tempPath, target);
        committed = true;
        await fsyncFolder(folder);
        return;
      }
    } finally {
      if (!committed) await unlinkQuietly(tempPath);
    }
  }
  throw new AwsFilesError(
    'FILE_IO',
    `${path} kept changing while Airlock was writing it, so Airlock left it alone. Close other programs editing it and retry.`,
    path,
  );
}

async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Narrows the window between resolving the target and the rename: the path must still lead to the
 * same file in the same folder. What remains is the time between this check and the rename.
 */
async function assertSameTarget(
  path: string,
  target: string,
  folder: string,
  folderId: string,
): Promise<void> {
  if ((await resolveTarget(path)) === target && (await folderIdentity(folder)) === folderId) return;
  throw new AwsFilesError(
    'FILE_IO',
    `${path} was moved or re-linked while Airlock was writing it, so Airlock left it alone. Retry.`,
    path,
  );
}

/**
 * The file still holds what was read. The bytes are compared too: two same-sized writes within one
 * tick of the kernel's coarse file clock leave size, mtime and ctime alike (an editor's save was
 * lost that way under load in the concurrency test).
 */
async function unchangedSince(
  target: string,
  read: { bytes: Buffer; version: FileVersion } | undefined,
): Promise<boolean> {
  const version = await statVersion(target);
  if (!sameVersion(read?.version, version)) return false;
  if (read === undefined) return true;
  const bytes = await readFile(target).catch(() => undefined);
  return bytes !== undefined && read.bytes.equals(bytes);
}

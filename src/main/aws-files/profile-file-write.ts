// The locked write of one AWS file: the edits applied to its current text, then temp file, fsync,
// rename and folder fsync, unless the file already says what the edits say.
import { chmod, mkdir, readFile, readdir, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import {
  cleanStaleTempFiles,
  fsyncFolder,
  isTempFileName,
  readFileVersion,
  sameVersion,
  statVersion,
  writeTempFile,
  type FileVersion,
} from '../fs/atomic-write';
import { AwsFilesError, readError, writeError } from './aws-files-error';
import { LockTimeoutError, withFileLock } from '../fs/file-lock';
import { applyProfileEdits } from './profile-edits';
import { assertMayWrite, folderIdentity, resolveTarget, type WriterIdentity } from './write-target';
import type { AwsFileKind, ProfileEdit } from './aws-files';

/** How often a write re-reads and re-applies when the file keeps changing under it. */
const MAX_WRITE_ATTEMPTS = 5;
/** The credentials file holds secrets: it is 0600 after every write, whatever it was before. */
const CREDENTIALS_MODE = 0o600;
const NEW_FILE_MODE = 0o600;
const NEW_FOLDER_MODE = 0o700;

async function ensureFolder(folder: string): Promise<void> {
  const created = await mkdir(folder, { recursive: true, mode: NEW_FOLDER_MODE });
  if (created !== undefined) await chmod(folder, NEW_FOLDER_MODE);
}

export async function writeEdits(
  kind: AwsFileKind,
  path: string,
  edits: ProfileEdit[],
  writer: WriterIdentity,
): Promise<void> {
  // The file already says what the edits say (a start's config section, usually): done, without
  // the lock, the temp file and the fsyncs. Queued like a write, so it is ordered like one.
  const planned = await planOnText(kind, path, edits);
  if (planned !== undefined && planned.after === planned.before && (await nothingToTidy(path))) {
    return;
  }
  let folder = dirname(resolve(path));
  let early: Promise<EarlyTemp | undefined> | undefined;
  try {
    const target = await resolveTarget(path);
    folder = dirname(target);
    await assertMayWrite(path, target, writer);
    await ensureFolder(folder);
    // Taken before the first temp file is written: a folder swapped after this is noticed.
    const folderId = await folderIdentity(folder);
    // The planned text goes to its temp file (and to disk) while the lock is taken; under the
    // lock it is renamed in only if the file still holds the text it was planned on.
    if (planned !== undefined) early = writeEarly(kind, folder, target, planned, writer);
    await cleanStaleTempFiles(folder);
    await withFileLock(`${target}.airlock.lock`, () =>
      replaceContent(kind, { path, target, folder, folderId }, edits, writer, planned, early),
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
  } finally {
    const unused = await early;
    if (unused !== undefined && !unused.taken) await unlinkQuietly(unused.path);
  }
}

/** Where a write goes: the path as given, the file it leads to, and that file's folder. */
interface WriteTarget {
  path: string;
  target: string;
  folder: string;
  /** The folder's identity from before any temp file was written into it. */
  folderId: string;
}

/** A temp file written before the lock from the planned text; `taken` once a rename owns it. */
interface EarlyTemp {
  path: string;
  mode: number;
  owner: FileOwner | undefined;
  taken: boolean;
}

type FileOwner = { uid: number; gid: number };

function fileMode(kind: AwsFileKind, version: FileVersion | undefined): number {
  return kind === 'credentials' ? CREDENTIALS_MODE : (version?.mode ?? NEW_FILE_MODE);
}

/** Root allowed to write someone else's file (AIRLOCK_ALLOW_FOREIGN_TARGET): keep the file theirs. */
function fileOwner(
  version: FileVersion | undefined,
  writer: WriterIdentity,
): FileOwner | undefined {
  return version !== undefined && writer.euid === 0
    ? { uid: version.uid, gid: version.gid }
    : undefined;
}

/** Undefined when it cannot be written: the locked way writes its own and reports why. */
async function writeEarly(
  kind: AwsFileKind,
  folder: string,
  target: string,
  planned: PlannedText,
  writer: WriterIdentity,
): Promise<EarlyTemp | undefined> {
  const mode = fileMode(kind, planned.version);
  const owner = fileOwner(planned.version, writer);
  try {
    const content = Buffer.from(planned.after, 'utf8');
    const path = await writeTempFile(folder, basename(target), content, mode, owner);
    return { path, mode, owner, taken: false };
  } catch {
    return undefined;
  }
}

/** The early temp file, when it was written with this mode and owner and no rename took it yet. */
async function takeEarly(
  early: Promise<EarlyTemp | undefined> | undefined,
  mode: number,
  owner: FileOwner | undefined,
): Promise<string | undefined> {
  const temp = await early;
  if (temp === undefined || temp.taken || temp.mode !== mode) return undefined;
  if (temp.owner?.uid !== owner?.uid || temp.owner?.gid !== owner?.gid) return undefined;
  temp.taken = true;
  return temp.path;
}

/** What the edits make of the file's text as it stands, before the lock is taken. */
interface PlannedText {
  before: string;
  after: string;
  /** The version the text was read at: its mode and owner are the early temp file's. */
  version: FileVersion;
}

/**
 * No lock file beside the file and no temp file in its folder: a killed writer's leftovers are
 * tidied by the locked way (it breaks a dead holder's lock and removes stale temp files), and a
 * live holder is waited for there.
 */
async function nothingToTidy(path: string): Promise<boolean> {
  try {
    const target = await realpath(path);
    const lock = `${basename(target)}.airlock.lock`;
    const names = await readdir(dirname(target));
    return !names.some((name) => name === lock || isTempFileName(name));
  } catch {
    return false;
  }
}

/**
 * The edits applied to the file's current text. When they leave it as it is, skipping the write is
 * ordered like writing the same bytes: another process's write can only land after this read.
 * Undefined on any doubt (unreadable, not UTF-8, an edit the file makes ambiguous): the locked
 * way reports it.
 */
async function planOnText(
  kind: AwsFileKind,
  path: string,
  edits: ProfileEdit[],
): Promise<PlannedText | undefined> {
  try {
    const current = await readFileVersion(path);
    if (current === undefined) return undefined;
    const before = current.bytes.toString('utf8');
    if (before.includes('\ufffd')) return undefined;
    const after = applyProfileEdits(before, kind, edits, path);
    return { before, after, version: current.version };
  } catch {
    return undefined;
  }
}

async function replaceContent(
  kind: AwsFileKind,
  { path, target, folder, folderId }: WriteTarget,
  edits: ProfileEdit[],
  writer: WriterIdentity,
  planned: PlannedText | undefined,
  early: Promise<EarlyTemp | undefined> | undefined,
): Promise<void> {
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
    // Under the lock, the text read before it is usually still the file's: its edit is reused,
    // and so is its temp file when it was written with the mode and owner the file has now.
    const unchangedText = planned?.before === before;
    const after = unchangedText ? planned.after : applyProfileEdits(before, kind, edits, path);
    if (after === before) return;
    const mode = fileMode(kind, current?.version);
    const owner = fileOwner(current?.version, writer);
    const tempPath =
      (unchangedText ? await takeEarly(early, mode, owner) : undefined) ??
      (await writeTempFile(folder, basename(target), Buffer.from(after, 'utf8'), mode, owner));
    let committed = false;
    try {
      const [, unchanged] = await Promise.all([
        assertSameTarget(path, target, folder, folderId),
        unchangedSince(target, current),
      ]);
      if (unchanged) {
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

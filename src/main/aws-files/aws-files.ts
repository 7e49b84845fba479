// Public API of the AWS files engine: read, set and remove one profile, losslessly and atomically.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AwsFilesError, readError } from './aws-files-error';
import { errnoCode } from '../fs/errno';
import { parseIniDocument } from './ini-document';
import { validateEdits } from './profile-edit-checks';
import { writeEdits } from './profile-file-write';
import {
  listProfileOwners,
  listProfileSnapshots,
  profileSections,
  snapshotProfile,
} from './profile-sections';
import { processWriter, type WriterIdentity } from './write-target';

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

  /**
   * Both files' edits side by side: two independent atomic writes. Both settle before it returns,
   * so a caller's lock outlives both, and when both fail (a read-only folder) the credentials
   * file's error is the one thrown, in every run: it is the file that holds the keys.
   */
  async applyBoth(edits: { credentials: ProfileEdit[]; config: ProfileEdit[] }): Promise<void> {
    const [credentials, config] = await Promise.allSettled([
      this.apply('credentials', edits.credentials),
      this.apply('config', edits.config),
    ]);
    if (credentials.status === 'rejected') throw credentials.reason;
    if (config.status === 'rejected') throw config.reason;
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

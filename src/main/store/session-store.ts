// Session metadata and settings, in electron-store's file format (conf migrates it); never secrets.
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type Conf from 'conf';
import { AirlockError } from '../airlock-error';
import { LockTimeoutError, withFileLock } from '../fs/file-lock';
import { errnoCode } from '../fs/errno';
import { STORE_FILE_NAME, STORE_VERSION } from './store-file';
import { cleanStaleTempFiles, fsyncFolder, writeTempFile } from '../fs/atomic-write';
import { rename, unlink } from 'node:fs/promises';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { deepFreeze, emptyData, isObject, readData, type StoreData } from './store-data';

export type { StoredSession } from './stored-session';
export type { ImportedProfile, StoreData, StoredIntegration } from './store-data';

/** Sees each update's read (under the lock) and write, by the file's exact text. */
export interface StoreObserver {
  seen(text: string | undefined, data: StoreData): void;
  wrote(text: string): void;
}

export { STORE_VERSION, defaultAirlockHome } from './store-file';

/** conf's `__internal__` record (its migration version) in the store file, when there is one. */
function internalOf(path: string): Record<string, unknown> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  return isObject(raw) && isObject(raw.__internal__) ? raw.__internal__ : undefined;
}

export class SessionStore {
  readonly path: string;
  private readonly lockPath: string;
  private conf: Promise<Conf<Record<string, unknown>>> | undefined;
  private observer: StoreObserver | undefined;
  /** The last read(), by the file's key: see read(). */
  private lastRead: { key: string; data: StoreData } | undefined;
  /**
   * The text this process wrote last, by the file's key right after the rename: while the file
   * is still that one, parsing it needs no check (it was written from checked data).
   */
  private lastWrite: { key: string; text: string } | undefined;
  /** conf's `__internal__` of the text each StoreData was parsed from. */
  private readonly internals = new WeakMap<StoreData, Record<string, unknown>>();
  /** Problems found at open (e.g. a corrupt file that was set aside), for the UI and CLI to report. */
  readonly warnings: string[] = [];

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.path = join(dir, STORE_FILE_NAME);
    this.lockPath = `${this.path}.lock`;
    this.setAsideIfCorrupt();
  }

  /**
   * conf (with its JSON-schema stack) is loaded only to migrate: reads are a plain JSON
   * parse, which keeps cold CLI commands such as credential_process fast.
   */
  private openConf(): Promise<Conf<Record<string, unknown>>> {
    this.conf ??= import('conf').then(
      ({ default: ConfClass }) =>
        new ConfClass<Record<string, unknown>>({
          cwd: this.dir,
          configName: 'config',
          projectName: 'airlock',
          projectVersion: STORE_VERSION,
          configFileMode: 0o600,
          accessPropertiesByDotNotation: false,
          migrations: {
            // 1.0.0 is the first schema: it gives an empty or pre-release store its two top-level keys.
            '1.0.0': (store) => {
              if (!isObject(store.get('sessions'))) store.set('sessions', {});
              if (!isObject(store.get('settings'))) store.set('settings', { ...DEFAULT_SETTINGS });
            },
          },
        }),
    );
    return this.conf;
  }

  /** Runs pending schema migrations (under the lock) when the file is older than this build. */
  async migrate(): Promise<void> {
    // The check at open parsed the file already: its `__internal__` serves while the file is the same.
    const cached = this.cachedRead();
    const internal = cached === undefined ? internalOf(this.path) : this.internals.get(cached);
    const migrations = internal?.migrations;
    const version = isObject(migrations) ? migrations.version : undefined;
    if (version !== STORE_VERSION) await this.locked(() => this.openConf());
  }

  /**
   * A corrupt store is copied aside and reported, never silently reset. A sound one is what the
   * first read() gets, so a cold command parses and checks the file once, not three times (at
   * 5,000 sessions a parse and check is about 17 ms).
   */
  private setAsideIfCorrupt(): void {
    // The key before the read: a file replaced after this has another key, so it is read again.
    const key = this.fileKey();
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return;
    }
    try {
      const data = this.parseText(text);
      if (key !== undefined) this.lastRead = { key, data: deepFreeze(data) };
    } catch {
      const backup = join(
        this.dir,
        `config.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
      );
      // Moving the file keeps every byte of it; conf then starts a fresh one.
      renameSync(this.path, backup);
      this.warnings.push(
        `The session store ${this.path} was corrupt. It was saved as ${backup} and Airlock started with an empty store; restore sessions from the backup or add them again.`,
      );
    }
  }

  /**
   * The store as the file holds it now: another process may have written since. The file is
   * parsed again only when it changed (its inode, size, mtime or ctime; every write renames a new
   * file in), so the reads of one start cost a stat each, not a parse of every session. The data
   * is frozen: what one reader gets, the next gets too. update() parses afresh, to change it.
   */
  read(): StoreData {
    const key = this.fileKey();
    if (key !== undefined && this.lastRead?.key === key) return this.lastRead.data;
    const data = deepFreeze(this.parse(this.readText(), key));
    this.lastRead = key === undefined ? undefined : { key, data };
    return data;
  }

  /** The last read's data while the file is still the one it was read from. */
  private cachedRead(): StoreData | undefined {
    const key = this.fileKey();
    return key !== undefined && this.lastRead?.key === key ? this.lastRead.data : undefined;
  }

  /** The file's identity and version, or undefined when there is none to trust (no file yet). */
  private fileKey(): string | undefined {
    try {
      const s = statSync(this.path, { bigint: true });
      return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    } catch {
      return undefined;
    }
  }

  /** The file's text, undefined when there is no file yet. */
  readText(): string | undefined {
    try {
      return readFileSync(this.path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw new AirlockError(
        'FILE_IO',
        `Cannot read the session store ${this.path}. Check its permissions.`,
        { cause: error },
      );
    }
  }

  /** With the file's key from before the read: the text this process wrote is not checked again. */
  parse(text: string | undefined, key?: string): StoreData {
    if (text === undefined) return emptyData();
    try {
      if (key !== undefined && this.lastWrite?.key === key && this.lastWrite.text === text) {
        return this.parseOwn(text);
      }
      return this.parseText(text);
    } catch (error) {
      throw new AirlockError(
        'STORE_CORRUPT',
        `The session store ${this.path} cannot be read. Restart Airlock to set it aside, or fix the JSON by hand.`,
        { cause: error },
      );
    }
  }

  /** JSON, then each part checked; keeps the text's `__internal__` for the write. Throws on bad input. */
  private parseText(text: string): StoreData {
    const parsed: unknown = JSON.parse(text);
    if (!isObject(parsed)) throw new Error('not an object');
    const data = readData(parsed);
    if (isObject(parsed.__internal__)) this.internals.set(data, parsed.__internal__);
    return data;
  }

  /** The JSON of a text write() made: the data it serialised, `__internal__` kept aside. */
  private parseOwn(text: string): StoreData {
    const { __internal__: internal, ...rest } = JSON.parse(text) as Record<string, unknown>;
    const data = { ...emptyData(), ...rest } as StoreData;
    if (isObject(internal)) this.internals.set(data, internal);
    return data;
  }

  /** Tells one observer (the app's StoreWatch) what each update read and wrote. */
  observe(observer: StoreObserver | undefined): void {
    this.observer = observer;
  }

  /**
   * Read-modify-write under the cross-process lock, so neither the app nor the CLI loses the
   * other's writes. A mutation that also changes other files hands that work to `beside`: it runs
   * beside the store's own temp-file write and fsync, and the store is renamed in only once it
   * has succeeded (its error is the update's, and the store is left as it was). The lock is held
   * until it settles, even when the mutation throws.
   */
  async update<T>(
    mutate: (data: StoreData, beside: (work: Promise<void>) => void) => T | Promise<T>,
  ): Promise<T> {
    return this.locked(async () => {
      this.removeTempLeftovers();
      // A lock breaker killed mid-way leaves its renamed lock behind, named like the engine's temp files.
      await cleanStaleTempFiles(this.dir);
      const key = this.fileKey();
      const text = this.readText();
      const data = this.parse(text, key);
      // What another process wrote since this one last looked is merged here: say so first.
      this.observer?.seen(text, data);
      const works: Promise<void>[] = [];
      const beside = (work: Promise<void>) => {
        // Settled below; until then a rejection is not an unhandled one.
        work.catch(() => undefined);
        works.push(work);
      };
      let result: T;
      try {
        result = await mutate(data, beside);
      } catch (error) {
        await Promise.allSettled(works);
        throw error;
      }
      const written = await this.write(data, works);
      this.observer?.wrote(written);
      return result;
    });
  }

  /**
   * Writes the store as conf does (tab-indented JSON keeping `__internal__`), atomically: temp
   * file, fsync, rename, the rename only once the works beside it succeeded. conf itself (and its
   * JSON-schema stack, ~30 ms to load) is needed only to migrate, so the hot path of every start
   * and stop does without it.
   */
  private async write(data: StoreData, works: readonly Promise<void>[]): Promise<string> {
    // Kept from the text this data was read from (under the same lock), so the file is not read
    // and parsed again; a missing file starts at the current version.
    const internal = this.internals.get(data) ??
      internalOf(this.path) ?? { migrations: { version: STORE_VERSION } };
    const next = {
      sessions: data.sessions,
      settings: data.settings,
      ...(data.defaultProfile ? { defaultProfile: data.defaultProfile } : {}),
      ...(data.imports?.length ? { imports: data.imports } : {}),
      ...(data.segments?.length ? { segments: data.segments } : {}),
      // Only once there is one, so stores without integrations keep their bytes.
      ...(data.integrations && Object.keys(data.integrations).length > 0
        ? { integrations: data.integrations }
        : {}),
      __internal__: internal,
    };
    const text = JSON.stringify(next, undefined, '\t');
    const [written, ...besides] = await Promise.allSettled([
      writeTempFile(this.dir, 'config.json', Buffer.from(text), 0o600),
      ...works,
    ]);
    const failed = besides.find((work) => work.status === 'rejected');
    if (failed !== undefined) {
      if (written.status === 'fulfilled') await unlink(written.value).catch(() => undefined);
      throw failed.reason;
    }
    if (written.status === 'rejected') throw written.reason;
    const temp = written.value;
    try {
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await fsyncFolder(this.dir);
    const key = this.fileKey();
    this.lastWrite = key === undefined ? undefined : { key, text };
    return text;
  }

  /** Runs task under the store's lock file, shared with every other Airlock process. */
  private async locked<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await withFileLock(this.lockPath, task);
    } catch (error) {
      if (!(error instanceof LockTimeoutError)) throw error;
      throw new AirlockError(
        'FILE_IO',
        `Another Airlock process has held the session store ${this.path} for too long. Retry; if it persists, delete ${error.lockPath}.`,
        { cause: error },
      );
    }
  }

  /**
   * conf writes through `config.json.tmp-*` and renames it; a writer killed in between leaves it
   * behind. Writes happen under the lock, so while we hold it any such file is a dead writer's.
   */
  private removeTempLeftovers(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith('config.json.tmp-')) continue;
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        /* gone already */
      }
    }
  }
}

// The SecretStore adapter over keytar (macOS Keychain, Windows Credential Vault, Secret Service on Linux).
import { AirlockError } from '../airlock-error';
import type { SecretSlot, SecretStore } from './secret-store';

/** The part of keytar we use; injectable so load failures can be tested without breaking keytar. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export type KeytarLoader = () => Promise<KeytarApi>;

/** Reverse-DNS, as electron-builder's appId: a bare `airlock` is easily taken by another tool. */
export const KEYCHAIN_SERVICE = 'dev.airlock.app';
/** The service name of releases before KEYCHAIN_SERVICE; its entries are moved on first use. */
export const LEGACY_KEYCHAIN_SERVICE = 'airlock';

// Dynamic import: keytar is a native module that binds to D-Bus/Keychain at load, so code paths
// that never touch secrets (most CLI commands, tests of other modules) don't pay for it.
const loadKeytar: KeytarLoader = async () => {
  const loaded = await import('keytar');
  // keytar is CommonJS: depending on the loader its functions sit on the namespace or on default.
  const api: Partial<KeytarApi> = 'default' in loaded && loaded.default ? loaded.default : loaded;
  if (typeof api.getPassword !== 'function') throw new Error('keytar loaded without its API');
  return api as KeytarApi;
};

const NO_SECRET_SERVICE =
  'The OS keychain is not available (no Secret Service on D-Bus). Start gnome-keyring or KWallet and unlock it, then try again.';
const LOCKED =
  'The OS keychain is locked or refused access. Unlock your keyring (for example by logging in to the desktop session), then try again.';
const NOT_LOADED =
  'The OS keychain module (keytar) could not be loaded. Reinstall Airlock, or on Linux install libsecret (libsecret-1-0), then try again.';
const NOT_MOVED =
  'Airlock could not move its keychain entries to their new name (dev.airlock.app): an entry did not read back as written. Nothing was deleted; check that your keyring is unlocked, then try again.';
const GENERIC =
  'The OS keychain failed to complete the request. Check that your keyring is running and unlocked, then try again.';

/** Waits before each retry of a keychain call that failed for no stated reason. */
const TRANSIENT_RETRIES = [50, 200];

function describeFailure(error: unknown): string {
  // keytar surfaces libsecret/GDBus messages; they never contain the secret being stored.
  const text = error instanceof Error ? error.message : String(error);
  if (/locked|prompt|dismissed|cancel/i.test(text)) return LOCKED;
  const noBus =
    /d-?bus|secret ?service|org\.freedesktop\.secrets|could not connect|no such file|autolaunch|X11|address/i;
  if (noBus.test(text)) {
    return NO_SECRET_SERVICE;
  }
  return GENERIC;
}

export class KeytarSecretStore implements SecretStore {
  private keytar: Promise<KeytarApi> | undefined;

  private readonly service: string;
  private readonly migrateFrom: string | undefined;
  private migrated: Promise<void> | undefined;
  private probes = 0;

  /**
   * Without a service (or an empty one): KEYCHAIN_SERVICE, moving LEGACY_KEYCHAIN_SERVICE's entries
   * over first. With one (AIRLOCK_KEYCHAIN_SERVICE, tests), only what `migrateFrom` asks for.
   */
  constructor(
    service?: string,
    private readonly load: KeytarLoader = loadKeytar,
    migrateFrom?: string,
  ) {
    this.service = service || KEYCHAIN_SERVICE;
    this.migrateFrom = service ? migrateFrom : (migrateFrom ?? LEGACY_KEYCHAIN_SERVICE);
  }

  async get(sessionId: string, slot: SecretSlot): Promise<string | undefined> {
    const keytar = await this.api();
    const value = await this.call(() => keytar.getPassword(this.service, account(sessionId, slot)));
    if (value === null && process.platform === 'linux') await this.assertUnlocked(keytar);
    return value ?? undefined;
  }

  /**
   * libsecret answers a lookup in a locked collection with "nothing", not an error, which would
   * read as a missing key. A write does fail when locked, so a miss is confirmed with a probe.
   */
  private async assertUnlocked(keytar: KeytarApi): Promise<void> {
    // An account of its own per probe: twenty processes probing one shared account replace and
    // delete each other's item mid-call, which gnome-keyring answers with errors.
    const probe = `${PROBE_PREFIX}${process.pid}-${(this.probes += 1)}`;
    await this.call(async () => {
      await keytar.setPassword(this.service, probe, 'probe');
      await keytar.deletePassword(this.service, probe);
    });
  }

  async set(sessionId: string, slot: SecretSlot, value: string): Promise<void> {
    const keytar = await this.api();
    await this.call(() => keytar.setPassword(this.service, account(sessionId, slot), value));
  }

  async delete(sessionId: string, slot: SecretSlot): Promise<boolean> {
    const keytar = await this.api();
    return this.call(() => keytar.deletePassword(this.service, account(sessionId, slot)));
  }

  /** Deletes every entry of this store's service (a test run's throwaway one); returns how many. */
  async deleteAll(): Promise<number> {
    const keytar = await this.api();
    const entries = await this.call(() => keytar.findCredentials(this.service));
    for (const { account } of entries) {
      await this.call(() => keytar.deletePassword(this.service, account));
    }
    return entries.length;
  }

  /** keytar, loaded once, with the legacy entries moved before the first use. */
  private async api(): Promise<KeytarApi> {
    this.keytar ??= this.load().catch((error: unknown) => {
      // Forget the failure so a later call can succeed once the user has fixed the system.
      this.keytar = undefined;
      throw new AirlockError('KEYCHAIN_UNAVAILABLE', NOT_LOADED, { cause: error });
    });
    const keytar = await this.keytar;
    if (this.migrateFrom !== undefined && this.migrateFrom !== this.service) {
      this.migrated ??= this.moveLegacyEntries(keytar, this.migrateFrom).catch((error: unknown) => {
        this.migrated = undefined;
        throw error;
      });
      await this.migrated;
    }
    return keytar;
  }

  /**
   * Copies each legacy entry the new service lacks, reads it back, and only then deletes the legacy
   * one; an entry the new service already holds wins. Interrupted anywhere, nothing is lost and the
   * next run finishes; two processes doing it at once write the same values and delete the same
   * entries (a delete that finds nothing is fine).
   */
  private async moveLegacyEntries(keytar: KeytarApi, legacy: string): Promise<void> {
    const entries = await this.call(() => keytar.findCredentials(legacy));
    for (const { account, password } of entries) {
      if (!account.startsWith(PROBE_PREFIX)) {
        const current = await this.call(() => keytar.getPassword(this.service, account));
        if (current === null) {
          await this.call(() => keytar.setPassword(this.service, account, password));
          const written = await this.call(() => keytar.getPassword(this.service, account));
          if (written !== password) {
            throw new AirlockError('KEYCHAIN_UNAVAILABLE', NOT_MOVED);
          }
        }
      }
      await this.deleteLegacy(keytar, legacy, account);
    }
  }

  /** Another process moving the same entry may delete it first: the Secret Service then fails the delete. */
  private async deleteLegacy(keytar: KeytarApi, legacy: string, account: string): Promise<void> {
    try {
      await oneAtATime(() => keytar.deletePassword(legacy, account));
    } catch (error) {
      const left = await this.call(() => keytar.getPassword(legacy, account));
      if (left !== null) {
        throw new AirlockError('KEYCHAIN_UNAVAILABLE', describeFailure(error), { cause: error });
      }
    }
  }

  /**
   * Runs one keychain call. A failure that is neither a locked keyring nor a missing Secret
   * Service is tried again twice: an item another process replaced mid-call (20 credential_process
   * calls at once) reads as a missing D-Bus object, which a moment later is found again.
   */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await oneAtATime(operation);
      } catch (error) {
        const message = describeFailure(error);
        if (message !== GENERIC || attempt >= TRANSIENT_RETRIES.length) {
          throw new AirlockError('KEYCHAIN_UNAVAILABLE', message, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, TRANSIENT_RETRIES[attempt]));
      }
    }
  }
}

/**
 * The process's keychain calls, one after another. keytar runs each on a libuv thread, and
 * libsecret's shared Secret Service proxy is not safe for concurrent use: two calls at once
 * now and then fail with "No such interface org.freedesktop.Secret.Item" and GLib criticals.
 * The queue is the process's, not this module's: the CLI's entry bundles its own copy of this
 * file, and its warm-up and the program's calls must queue behind one another.
 */
const QUEUE = Symbol.for('dev.airlock.keychain-queue');
type QueueHolder = { [QUEUE]?: Promise<unknown> };

function oneAtATime<T>(operation: () => Promise<T>): Promise<T> {
  const holder = globalThis as QueueHolder;
  const result = (holder[QUEUE] ?? Promise.resolve()).then(operation, operation);
  holder[QUEUE] = result.catch(() => undefined);
  return result;
}

/** An account nothing is ever stored under: looking it up only opens the connection. */
export const WARM_UP_ACCOUNT = 'airlock-warm-up';

/**
 * Opens the connection to the keychain while the caller goes on: on Linux libsecret connects to
 * D-Bus and negotiates its encrypted session with the Secret Service on the first call (≈ 7 ms
 * here, on a libuv thread), and every later call of the process reuses both. A lookup of an
 * account that is never stored does it. The CLI's entry starts this before it loads the program
 * (src/cli/airlock.ts). It takes its turn in the process's queue, and a failure is ignored: the
 * first real call reports whatever is wrong.
 */
export function warmKeychain(keytar: KeytarApi, service: string = KEYCHAIN_SERVICE): Promise<void> {
  return oneAtATime(() => keytar.getPassword(service, WARM_UP_ACCOUNT)).then(
    () => undefined,
    () => undefined,
  );
}

/** Probe accounts are `airlock-unlocked-probe-PID-N`; older releases used the bare prefix. */
const PROBE_PREFIX = 'airlock-unlocked-probe';

function account(sessionId: string, slot: SecretSlot): string {
  return `${sessionId}:${slot}`;
}

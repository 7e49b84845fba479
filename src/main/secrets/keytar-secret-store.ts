// The SecretStore adapter over keytar (macOS Keychain, Windows Credential Vault, Secret Service on Linux).
import { AirlockError } from '../airlock-error';
import type { SecretSlot, SecretStore } from './secret-store';

/** The part of keytar we use; injectable so load failures can be tested without breaking keytar. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeytarLoader = () => Promise<KeytarApi>;

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
const GENERIC =
  'The OS keychain failed to complete the request. Check that your keyring is running and unlocked, then try again.';

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

  constructor(
    private readonly service: string = 'airlock',
    private readonly load: KeytarLoader = loadKeytar,
  ) {}

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
    await this.call(async () => {
      await keytar.setPassword(this.service, PROBE_ACCOUNT, 'probe');
      await keytar.deletePassword(this.service, PROBE_ACCOUNT);
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

  private api(): Promise<KeytarApi> {
    this.keytar ??= this.load().catch((error: unknown) => {
      // Forget the failure so a later call can succeed once the user has fixed the system.
      this.keytar = undefined;
      throw new AirlockError('KEYCHAIN_UNAVAILABLE', NOT_LOADED, { cause: error });
    });
    return this.keytar;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new AirlockError('KEYCHAIN_UNAVAILABLE', describeFailure(error), { cause: error });
    }
  }
}

const PROBE_ACCOUNT = 'airlock-unlocked-probe';

function account(sessionId: string, slot: SecretSlot): string {
  return `${sessionId}:${slot}`;
}

// `airlock credential-process NAME` with cached credentials, without the program: it reads the
// store file and the keychain cache only (no commander, zod, SDK or conf). Anything else — flags,
// no cache or one about to expire, an unknown name, a store to migrate or set aside, a warning to
// print, any error — is the full program's, which then does exactly what it always did.
// It is bundled into the CommonJS entry (dist/cli/airlock.cjs) and so holds its own copy of
// KeytarSecretStore; the one-at-a-time keychain queue is the process's (a global both copies
// share), so this copy's calls and the warm-up never run beside the program's.
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { resolveAwsFilePaths } from '../main/aws-files/aws-file-paths';
import { awsFilePermissionWarnings } from '../main/aws-files/file-permissions';
import { CredentialCache } from '../main/secrets/credential-cache';
import {
  KEYCHAIN_SERVICE,
  KeytarSecretStore,
  type KeytarApi,
} from '../main/secrets/keytar-secret-store';
import type { SecretStore } from '../main/secrets/secret-store';
import { STORE_FILE_NAME, defaultAirlockHome } from '../main/store/store-file';
import { peekSession } from '../main/store/store-peek';
import { credentialProcessJson } from './credential-process-output';
import { errnoCode } from '../main/fs/errno';

/** The NAME of `credential-process NAME` with nothing else on the line; any option goes to commander. */
export function fastPathName(argv: readonly string[]): string | undefined {
  const [command, name, ...rest] = argv;
  if (command !== 'credential-process' || name === undefined || rest.length > 0) return undefined;
  return name.startsWith('-') ? undefined : name;
}

/**
 * keytar by require: it is CommonJS, and import() of it would first run the ESM loader's CommonJS
 * translation (cjs-module-lexer over its source). Resolved from this file, as import() resolves it.
 */
const requireKeytar = (): Promise<KeytarApi> =>
  new Promise((resolve) => resolve(createRequire(import.meta.url)('keytar') as KeytarApi));

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface FastPathDeps {
  env: Record<string, string | undefined>;
  /** Default: the keychain, as createCore opens it (tests pass a store of their own). */
  secrets?: SecretStore;
  now?: () => number;
}

/**
 * The credential_process line when the session's cached credentials stay valid for the rotation
 * window (the same test as SessionService.credentials), else undefined: run the full program.
 */
export async function cachedCredentialProcess(
  name: string,
  deps: FastPathDeps,
): Promise<string | undefined> {
  try {
    const { env } = deps;
    const home = env.HOME ?? homedir();
    const storePath = join(defaultAirlockHome(env, home), STORE_FILE_NAME);
    // The full program prints these on stderr before anything else.
    const warnings = await awsFilePermissionWarnings(resolveAwsFilePaths(env, home));
    if (warnings.length > 0) return undefined;
    const target = peekSession(readOrUndefined(storePath), name);
    if (!target) return undefined;
    // An explicit service skips the one-time move of the old service's entries: a session found
    // only there reads as not cached here, and the full program moves it and serves it.
    const secrets =
      deps.secrets ??
      new KeytarSecretStore(env.AIRLOCK_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE, requireKeytar);
    const cache = new CredentialCache(secrets, deps.now ?? Date.now);
    const creds = await cache.temporary(target.id, target.rotationWindowMs);
    return creds ? credentialProcessJson(creds) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the answer to fd 1 directly: building process.stdout for a pipe loads net and the stream
 * stack. A non-blocking stdout that is full (EAGAIN) gets the rest through process.stdout.
 */
export function writeAnswer(answer: string, fd = 1): void {
  let rest = Buffer.from(answer);
  try {
    while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
  } catch (error) {
    if (errnoCode(error) !== 'EAGAIN') throw error;
    process.stdout.write(rest);
  }
}

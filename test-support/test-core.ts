// Builds a real core for a test: temp HOME and store, the real keychain under a throwaway service, the STS peer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createCore, type Core } from '../src/main/create-core';
import { KeytarSecretStore } from '../src/main/secrets/keytar-secret-store';
import type { Prompter } from '../src/main/sessions/prompter';
import type { Clock } from '../src/main/rotation/clock';
import type { CoreEvents } from '../src/main/core-events';

export interface TestCore {
  core: Core;
  home: string;
  airlockHome: string;
  credentialsFile: string;
  configFile: string;
  keychainService: string;
  secrets: KeytarSecretStore;
  /** The environment a child process (CLI, AWS CLI) needs to see the same state. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function makeTestCore(options: {
  endpoint: string;
  clock?: Clock;
  prompter?: Prompter;
  events?: CoreEvents;
  rotate?: boolean;
  cliCommand?: string;
  home?: string;
  /** More environment for the core and child processes, e.g. the Identity Center peer's endpoints. */
  extraEnv?: Record<string, string>;
  /** Gateway options (maxAttempts, requestTimeoutMs) for fault tests. */
  sts?: { maxAttempts?: number; requestTimeoutMs?: number };
}): Promise<TestCore> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'airlock-home-'));
  const airlockHome = join(home, '.config', 'Airlock');
  const keychainService = `airlock-test-${randomUUID().slice(0, 8)}`;
  const env: Record<string, string> = {
    HOME: home,
    AIRLOCK_HOME: airlockHome,
    AIRLOCK_KEYCHAIN_SERVICE: keychainService,
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_ENDPOINT_URL_STS: options.endpoint,
    ...options.extraEnv,
  };
  const secrets = new KeytarSecretStore(keychainService);
  const core = await createCore({
    env,
    homeDir: home,
    airlockHome,
    secrets,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.prompter ? { prompter: options.prompter } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.cliCommand ? { cliCommand: options.cliCommand } : {}),
    rotate: options.rotate ?? false,
    ...(options.sts ? { sts: options.sts } : {}),
  });
  return {
    core,
    home,
    airlockHome,
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE!,
    configFile: env.AWS_CONFIG_FILE!,
    keychainService,
    secrets,
    env,
    async close() {
      await core.dispose();
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
}

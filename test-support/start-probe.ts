// A child process (run as an unprivileged user by permission tests): adds a session, starts it, prints the outcome as JSON.
import { createCore } from '../src/main/create-core';
import { AirlockError } from '../src/main/airlock-error';
import type { SecretSlot, SecretStore } from '../src/main/secrets/secret-store';

const env = process.env as Record<string, string>;
const keys = JSON.parse(env.PROBE_LONG_TERM_KEYS!) as {
  accessKeyId: string;
  secretAccessKey: string;
};

/** In memory: the keychain is not what these tests are about, and nobody has no D-Bus session. */
class MemorySecrets implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(id: string, slot: SecretSlot) {
    return this.values.get(`${id}:${slot}`);
  }
  async set(id: string, slot: SecretSlot, value: string) {
    this.values.set(`${id}:${slot}`, value);
  }
  async delete(id: string, slot: SecretSlot) {
    return this.values.delete(`${id}:${slot}`);
  }
}

const core = await createCore({ env, secrets: new MemorySecrets() });
const view = await core.sessions.add({
  config: { kind: 'iam-user', name: 'probe', profile: 'probe', region: 'eu-west-1' },
  keys,
});
let outcome: Record<string, unknown>;
try {
  await core.sessions.start(view.id);
  outcome = { ok: true };
} catch (error) {
  outcome =
    error instanceof AirlockError
      ? { ok: false, code: error.code, message: error.message }
      : { ok: false, code: 'UNTYPED', message: String(error) };
}
outcome.state = core.sessions.get(view.id).state;
await core.dispose();
process.stdout.write(JSON.stringify(outcome));

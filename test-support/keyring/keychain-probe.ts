// A child-process probe: reads one entry through KeytarSecretStore and prints the outcome as JSON.
// keytar binds to D-Bus when it loads, so a broken-keychain case needs a fresh process.
import { AirlockError } from '../../src/main/airlock-error';
import { KeytarSecretStore } from '../../src/main/secrets/keytar-secret-store';

const store = new KeytarSecretStore(process.argv[2] ?? 'airlock-probe');
try {
  const value = await store.get('probe-session', 'long-term');
  console.log(JSON.stringify({ ok: true, found: value !== undefined }));
} catch (error) {
  const code = error instanceof AirlockError ? error.code : 'NOT_AIRLOCK_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  console.log(JSON.stringify({ ok: false, code, message }));
}

// Test fixture: one Airlock process asking for an Identity Center access token; prints the outcome as JSON.
import { AirlockError } from '../../airlock-error';
import { KeytarSecretStore } from '../../secrets/keytar-secret-store';
import { SessionStore } from '../../store/session-store';
import { createIdentityCenter } from '../create-identity-center';

const { AIRLOCK_HOME = '', HOME = '', AIRLOCK_KEYCHAIN_SERVICE = '' } = process.env;
const [integrationName = '', oidc = '', portal = ''] = process.argv.slice(2);
const ic = createIdentityCenter({
  store: new SessionStore(AIRLOCK_HOME),
  secrets: new KeytarSecretStore(AIRLOCK_KEYCHAIN_SERVICE),
  homeDir: HOME,
  endpoints: { oidc, portal },
});
try {
  const token = await ic.logins.accessToken(ic.integrations.get(integrationName));
  process.stdout.write(JSON.stringify({ ok: true, token }));
} catch (error) {
  const code = error instanceof AirlockError ? error.code : 'UNTYPED';
  process.stdout.write(JSON.stringify({ ok: false, code, message: String(error) }));
} finally {
  ic.dispose();
}

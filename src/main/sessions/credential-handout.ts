// Credentials handed to the front doors (env, exec, credential_process, the credential server, the
// console, whoami): the keychain cache while it stays valid long enough, else freshly issued and
// kept. Only an active session's profile is rewritten; handing out never changes a session's state.
import type { CredentialCache } from '../secrets/credential-cache';
import type { AwsCredentials, StsGateway } from '../sts/sts-gateway';
import type { SessionStore, StoredSession } from '../store/session-store';
import { findSession } from './config-checks';
import type { CredentialResolver, StartOptions } from './credential-resolver';
import { credentialEnv, renderEnv, type EnvFormat } from './env-export';
import type { SessionWriter } from './session-writer';
import type { CallerIdentity, SessionView } from '../../shared/sessions';
import type { Settings } from '../../shared/settings';

/** What a copy of a session's environment holds: the text (secret) and, to show, its names. */
export interface EnvExport {
  text: string;
  variables: string[];
  expiresAt?: string;
}

export interface CredentialHandoutDeps {
  store: SessionStore;
  sts: StsGateway;
  cache: CredentialCache;
  resolver: CredentialResolver;
  writer: SessionWriter;
  /** Read where used: the CLI may change them while the app runs. */
  settings: () => Settings;
  changed: (s: StoredSession) => SessionView;
}

export class CredentialHandout {
  constructor(private readonly deps: CredentialHandoutDeps) {}

  /** Cached while valid for minValidityMs (default: the rotation window), else new. */
  async credentials(
    idOrName: string,
    minValidityMs?: number,
    options: StartOptions = {},
  ): Promise<AwsCredentials> {
    const s = this.stored(idOrName);
    const window = minValidityMs ?? this.deps.settings().rotationWindowSeconds * 1000;
    const cached = await this.deps.cache.temporary(s.id, window);
    if (cached) return cached;
    const issued = await this.deps.resolver.issue(s, options);
    await this.deps.writer.persist([{ s, issued }], { files: s.state.status === 'active' });
    return issued.credentials;
  }

  /** Export lines for this session's credentials (issued if need be): for the clipboard, never the renderer. */
  async exportEnv(idOrName: string, format: EnvFormat = 'sh'): Promise<EnvExport> {
    const s = this.stored(idOrName);
    const creds = await this.credentials(s.id);
    const vars = credentialEnv(creds, s.config.region ?? this.deps.settings().defaultRegion);
    return {
      text: renderEnv(vars, format),
      variables: Object.keys(vars),
      ...(creds.expiration ? { expiresAt: creds.expiration } : {}),
    };
  }

  /** GetCallerIdentity with the session's credentials; its account and ARN are kept for the views. */
  async whoami(idOrName: string, options: StartOptions = {}): Promise<CallerIdentity> {
    const s = this.stored(idOrName);
    const creds = await this.credentials(s.id, 60_000, options);
    const identity = await this.deps.sts.getCallerIdentity(
      { sessionName: s.config.name, region: s.config.region ?? this.deps.settings().defaultRegion },
      creds,
    );
    const stored = await this.deps.store.update((d) => {
      const cur = findSession(d, s.id);
      cur.state = { ...cur.state, accountId: identity.Account, arn: identity.Arn };
      return cur;
    });
    this.deps.changed(stored);
    return identity;
  }

  private stored(idOrName: string): StoredSession {
    return findSession(this.deps.store.read(), idOrName);
  }
}

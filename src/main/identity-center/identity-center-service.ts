// What the CLI and the app do with Identity Center integrations: add, edit, list with login state,
// log in and out, sync their accounts and roles into sso-role sessions, and remove them.
import { AirlockError } from '../airlock-error';
import type { CoreEvents } from '../core-events';
import type { SessionService } from '../sessions/session-service';
import type { SessionStore, StoredIntegration, StoredSession } from '../store/session-store';
import type { IdentityCenter } from './create-identity-center';
import type { SsoSync, SyncOptions } from './sso-sync';
import {
  editEndsSignIn,
  type IntegrationView,
  type SyncSummary,
} from '../../shared/identity-center';
import type { SessionConfigOf, SessionView } from '../../shared/sessions';

export interface IdentityCenterServiceDeps {
  identityCenter: IdentityCenter;
  sync: SsoSync;
  sessions: SessionService;
  store: SessionStore;
  events: CoreEvents;
}

function sessionsOf(sessions: Iterable<StoredSession>, name: string): StoredSession[] {
  return [...sessions].filter((s) => s.config.kind === 'sso-role' && s.config.integration === name);
}

export class IdentityCenterService {
  constructor(private readonly deps: IdentityCenterServiceDeps) {}

  async list(): Promise<IntegrationView[]> {
    const integrations = this.deps.identityCenter.integrations.list();
    return Promise.all(integrations.map((i) => this.view(i)));
  }

  async get(name: string): Promise<IntegrationView> {
    return this.view(this.deps.identityCenter.integrations.get(name));
  }

  async add(input: unknown): Promise<IntegrationView> {
    return this.changed(await this.deps.identityCenter.integrations.add(input));
  }

  /** An sso-role session for a known pair, as `airlock import` makes from a profile that names one. */
  adoptRole(config: SessionConfigOf<'sso-role'>): Promise<SessionView> {
    return this.deps.sync.adopt(config);
  }

  /**
   * Changes start URL, region, scopes or sync templates. A new start URL or region is another
   * sign-in: the old one is ended at the portal and its tokens and registrations are forgotten.
   * Live sessions keep running until their credentials expire. New scopes apply at the next login.
   */
  async edit(name: string, changes: unknown): Promise<IntegrationView> {
    const { before, after } = await this.deps.identityCenter.integrations.edit(name, changes);
    if (editEndsSignIn(before, after)) {
      await this.deps.identityCenter.logins.logout(before);
      await this.deps.identityCenter.logins.forgetAll(before);
    }
    return this.changed(after);
  }

  /** A new sign-in (PKCE in the browser, or a device code), replacing the current one. */
  async login(name: string, options: { useDeviceCode?: boolean } = {}): Promise<IntegrationView> {
    const integration = this.deps.identityCenter.integrations.get(name);
    await this.deps.identityCenter.logins.login(
      integration,
      options.useDeviceCode ? 'device' : 'pkce',
    );
    return this.changed(integration);
  }

  /** Ends the sign-in; live sessions keep running until their credentials expire. */
  async logout(name: string): Promise<IntegrationView> {
    const integration = this.deps.identityCenter.integrations.get(name);
    await this.deps.identityCenter.logins.logout(integration);
    return this.changed(integration);
  }

  async sync(name: string, options: Omit<SyncOptions, 'interactive'> = {}): Promise<SyncSummary> {
    this.deps.identityCenter.integrations.get(name);
    const { onProgress } = options;
    const summary = await this.deps.sync.sync(name, {
      ...options,
      interactive: true,
      onProgress: (p) => {
        this.deps.events.emit('sso:progress', p);
        onProgress?.(p);
      },
    });
    this.deps.sessions.reschedule();
    return summary;
  }

  /**
   * Removes the integration, its sessions and its tokens. Refused while one of its sessions is
   * active (force stops them first) or is the parent of a session of another kind.
   */
  async remove(name: string, options: { force?: boolean } = {}): Promise<{ name: string }> {
    const integration = this.deps.identityCenter.integrations.get(name);
    const data = this.deps.store.read();
    const own = sessionsOf(Object.values(data.sessions), name);
    const ids = new Set(own.map((s) => s.id));
    const children = Object.values(data.sessions).filter(
      (c) => 'parentId' in c.config && ids.has(c.config.parentId) && !ids.has(c.id),
    );
    if (children.length) {
      throw new AirlockError(
        'IN_USE',
        `Identity Center integration ${name} has sessions that are parents of ${children.map((c) => c.config.name).join(', ')}. Remove or re-parent those first.`,
      );
    }
    const active = own.filter((s) => s.state.status === 'active' || s.profiles.length);
    if (active.length && !options.force) {
      throw new AirlockError(
        'IN_USE',
        `Identity Center integration ${name} has active sessions (${active.map((s) => s.config.name).join(', ')}). Stop them first, or remove it with --force.`,
      );
    }
    for (const s of active) await this.deps.sessions.stop(s.id);
    for (const s of own) await this.deps.sessions.remove(s.id);
    await this.deps.identityCenter.logins.forgetAll(integration);
    await this.deps.identityCenter.integrations.remove(name);
    this.deps.events.emit('sso:removed', { name });
    return { name };
  }

  private async view(integration: StoredIntegration): Promise<IntegrationView> {
    const status = await this.deps.identityCenter.logins.status(integration);
    const count = sessionsOf(Object.values(this.deps.store.read().sessions), integration.name);
    return {
      name: integration.name,
      startUrl: integration.startUrl,
      region: integration.region,
      scopes: integration.scopes,
      ...(integration.syncTemplates ? { syncTemplates: integration.syncTemplates } : {}),
      loginState: status.loginState,
      ...(status.tokenExpiresAt ? { tokenExpiresAt: status.tokenExpiresAt } : {}),
      sessions: count.length,
    };
  }

  private async changed(integration: StoredIntegration): Promise<IntegrationView> {
    const view = await this.view(integration);
    this.deps.events.emit('sso:changed', view);
    return view;
  }
}

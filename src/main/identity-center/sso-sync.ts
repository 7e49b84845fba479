// Carries out an integration's sync: discovery over the network first, then the merge plan made and
// applied in one store update under its lock, so edits another process made meanwhile are kept.
import { newSessionId } from '../store/session-id';
import { AirlockError } from '../airlock-error';
import type { CoreEvents } from '../core-events';
import { CredentialCache } from '../secrets/credential-cache';
import type { SecretStore } from '../secrets/secret-store';
import type { SessionStore, StoredSession } from '../store/session-store';
import type { IntegrationConfig, SyncSummary } from '../../shared/identity-center';
import type { SessionConfigOf, SessionView } from '../../shared/sessions';
import { checkConfig } from '../sessions/config-checks';
import { discoverPairs, type DiscoveryOptions } from './discovery';
import type { PortalClient } from './portal-client';
import { checkTemplate, planSync, summarize, type SyncTemplates } from './sync-plan';

export interface SsoSyncDeps {
  store: SessionStore;
  portal: PortalClient;
  /** The integration by name, as the store keeps it (undefined when there is none). */
  integration: (name: string) => IntegrationConfig | undefined;
  /** Pruned sessions may have left cached credentials in the keychain. */
  secrets: SecretStore;
  events: CoreEvents;
  view: (s: StoredSession) => SessionView;
  now: () => number;
}

export interface SyncOptions extends DiscoveryOptions {
  /** Remove the orphans nothing depends on (not active, not edited by the user, not a parent). */
  prune?: boolean;
  templates?: SyncTemplates;
}

export class SsoSync {
  private readonly cache: CredentialCache;

  constructor(private readonly deps: SsoSyncDeps) {
    this.cache = new CredentialCache(deps.secrets, deps.now);
  }

  async sync(name: string, options: SyncOptions = {}): Promise<SyncSummary> {
    const integration = this.deps.integration(name);
    if (!integration) {
      throw new AirlockError(
        'NOT_FOUND',
        `No IAM Identity Center integration named ${name}. Add it first, then sync it.`,
      );
    }
    // Templates given now are remembered on the integration; one not given is the remembered one.
    const given = options.templates ?? {};
    const templates: SyncTemplates = { ...integration.syncTemplates, ...given };
    // A bad template fails before a thousand requests, not after.
    checkTemplate(templates.name ?? '', 'name');
    checkTemplate(templates.profile ?? '', 'profile');
    const discovered = await discoverPairs(this.deps.portal, integration, options);

    const createdAt = new Date(this.deps.now()).toISOString();
    const { summary, changed, removed } = await this.deps.store.update((data) => {
      const plan = planSync({
        integration: name,
        sessions: Object.values(data.sessions),
        discovered,
        templates,
        prune: options.prune ?? false,
      });
      // In this same locked update, so a rotation's or another process's write keeps them.
      const stored = data.integrations?.[name];
      if (stored && (given.name || given.profile)) stored.syncTemplates = templates;
      const touched = new Set<string>();
      for (const config of plan.add) {
        const id = newSessionId(data.sessions);
        data.sessions[id] = { id, config, state: { status: 'inactive' }, profiles: [], createdAt };
        touched.add(id);
      }
      for (const { id, accountName } of plan.update) {
        const s = data.sessions[id]!;
        if (s.config.kind === 'sso-role') s.config = { ...s.config, accountName };
        touched.add(id);
      }
      for (const id of plan.orphan) {
        data.sessions[id]!.sync = { ...data.sessions[id]!.sync, orphaned: true };
        touched.add(id);
      }
      for (const id of plan.unorphan) {
        const { orphaned: _, ...rest } = data.sessions[id]!.sync ?? {};
        data.sessions[id]!.sync = rest;
        touched.add(id);
      }
      for (const id of plan.remove) {
        delete data.sessions[id];
        touched.delete(id);
      }
      return {
        summary: summarize(plan),
        changed: [...touched].map((id) => data.sessions[id]!),
        removed: plan.remove,
      };
    });

    for (const s of changed) this.deps.events.emit('session:changed', this.deps.view(s));
    for (const id of removed) {
      await this.cache.forgetAll(id);
      this.deps.events.emit('session:removed', { id });
    }
    return summary;
  }

  /**
   * One sso-role session for a pair already known without discovery (an imported profile names its
   * account and role). A later sync finds it by the pair, keeps it and fills in the account name.
   */
  async adopt(config: SessionConfigOf<'sso-role'>): Promise<SessionView> {
    if (!this.deps.integration(config.integration)) {
      throw new AirlockError(
        'NOT_FOUND',
        `No IAM Identity Center integration named ${config.integration} for session ${config.name}. Add it first.`,
      );
    }
    const createdAt = new Date(this.deps.now()).toISOString();
    const stored = await this.deps.store.update((data) => {
      checkConfig(config, data, undefined);
      const same = Object.values(data.sessions).find(
        (s) =>
          s.config.kind === 'sso-role' &&
          s.config.integration === config.integration &&
          s.config.accountId === config.accountId &&
          s.config.roleName === config.roleName,
      );
      if (same) {
        throw new AirlockError(
          'ALREADY_EXISTS',
          `Session ${same.config.name} already is role ${config.roleName} in account ${config.accountId} of ${config.integration}.`,
        );
      }
      const id = newSessionId(data.sessions);
      const session: StoredSession = {
        id,
        config,
        state: { status: 'inactive' },
        profiles: [],
        createdAt,
      };
      data.sessions[id] = session;
      return session;
    });
    const view = this.deps.view(stored);
    this.deps.events.emit('session:changed', view);
    return view;
  }
}

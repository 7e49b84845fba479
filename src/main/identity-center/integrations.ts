// The catalog of Identity Center integrations in the store: add, list, get, edit, remove (config only; never a token).
import { AirlockError } from '../airlock-error';
import type { SessionStore, StoredIntegration } from '../store/session-store';
import {
  integrationConfigSchema,
  integrationEditSchema,
  type IntegrationConfig,
} from '../../shared/identity-center';

export class IntegrationCatalog {
  constructor(
    private readonly store: SessionStore,
    private readonly now: () => number = Date.now,
  ) {}

  list(): StoredIntegration[] {
    return Object.values(this.store.read().integrations ?? {}).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  /** The integration, or NOT_FOUND naming it. */
  get(name: string): StoredIntegration {
    const found = this.store.read().integrations?.[name];
    if (!found) throw notFound(name);
    return found;
  }

  /** Validates (https start URL, region, scopes defaulting to sso:account:access) and adds. */
  async add(input: unknown): Promise<StoredIntegration> {
    const config: IntegrationConfig = integrationConfigSchema.parse(input);
    return this.store.update((data) => {
      const integrations = (data.integrations ??= {});
      // Names differing only in case would share a lock file and a cache on case-insensitive disks.
      const clash = Object.keys(integrations).find(
        (n) => n.toLowerCase() === config.name.toLowerCase(),
      );
      if (clash) {
        throw new AirlockError(
          'ALREADY_EXISTS',
          `An Identity Center integration named ${clash} already exists. Pick another name, or remove it first.`,
        );
      }
      const stored: StoredIntegration = {
        ...config,
        createdAt: new Date(this.now()).toISOString(),
      };
      integrations[config.name] = stored;
      return stored;
    });
  }

  /** Validates the changes like add does and applies them; the name never changes. */
  async edit(
    name: string,
    changes: unknown,
  ): Promise<{ before: StoredIntegration; after: StoredIntegration }> {
    const edit = integrationEditSchema.parse(changes);
    return this.store.update((data) => {
      const before = data.integrations?.[name];
      if (!before) throw notFound(name);
      const after: StoredIntegration = { ...before, ...edit };
      data.integrations![name] = after;
      return { before, after };
    });
  }

  /**
   * Deletes the integration's config. Whoever calls it checks first that none of its sessions is
   * active, and forgets its tokens (SsoLogins.forgetAll).
   */
  async remove(name: string): Promise<StoredIntegration> {
    return this.store.update((data) => {
      const found = data.integrations?.[name];
      if (!found) throw notFound(name);
      delete data.integrations![name];
      return found;
    });
  }
}

function notFound(name: string): AirlockError {
  return new AirlockError(
    'NOT_FOUND',
    `There is no Identity Center integration named ${name}. List them with \`airlock sso list\`.`,
  );
}

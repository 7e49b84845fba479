// Pure: what a re-sync of an integration changes. A merge, never a rebuild: new pairs are added with
// names from templates, renamed accounts updated, vanished pairs marked orphaned, and only a prune
// removes orphans, and only those nothing depends on.
import { AirlockError } from '../airlock-error';
import type { StoredSession } from '../store/session-store';
import {
  SYNC_TEMPLATE_FIELDS,
  type SyncSummary,
  type SyncTemplates,
} from '../../shared/identity-center';
import type { SessionConfigOf } from '../../shared/sessions';
import type { DiscoveredPair } from './discovery';

export type { SyncTemplates };

export const DEFAULT_TEMPLATE = '{accountName}-{roleName}';
export const TEMPLATE_FIELDS = SYNC_TEMPLATE_FIELDS;

const NAME_MAX = 64;
const PROFILE_MAX = 128;
/** Leaves room for the role name within a session name's 64 characters. */
const ACCOUNT_NAME_MAX = 32;

export interface SyncPlan {
  add: SessionConfigOf<'sso-role'>[];
  /** The account was renamed in Identity Center. */
  update: { id: string; accountName: string }[];
  /** Newly missing from the portal. */
  orphan: string[];
  /** Orphans whose pair came back. */
  unorphan: string[];
  /** Only with prune: orphans not active, not changed by the user (edited or marked), and not a parent. */
  remove: string[];
}

type SsoRoleSession = StoredSession & { config: SessionConfigOf<'sso-role'> };

const pairKey = (accountId: string, roleName: string) => `${accountId}/${roleName}`;

/** Refuses a template naming a field that does not exist, before anything is listed. */
export function checkTemplate(template: string, what: string): void {
  for (const [, field] of template.matchAll(/\{([^}]*)\}/g)) {
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field!)) {
      throw new AirlockError(
        'VALIDATION',
        `The ${what} template ${template} names {${field}}; it may use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}.`,
      );
    }
  }
}

/**
 * A valid session or profile name: letters, digits and . _ - only (a run of anything else becomes
 * one -), starting with a letter or digit. Stable: the same input always gives the same name.
 */
export function sanitizeName(text: string, max: number): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, max)
    .replace(/[-.]+$/, '');
}

export function renderTemplate(
  template: string,
  pair: DiscoveredPair,
  integration: string,
): string {
  // An account name with nothing usable in it (e.g. only non-Latin letters) is replaced by its id.
  const values: Record<string, string> = {
    accountName: sanitizeName(pair.accountName, ACCOUNT_NAME_MAX) || pair.accountId,
    accountId: pair.accountId,
    roleName: pair.roleName,
    integration,
  };
  return template.replace(/\{([^}]*)\}/g, (_, field: string) => values[field] ?? '');
}

/** The first of base, base-ACCOUNT, base-2, base-3 … not taken (case-insensitively), within max. */
function unique(base: string, accountId: string, taken: Set<string>, max: number): string {
  const fits = (suffix: string) =>
    `${base.slice(0, max - suffix.length).replace(/[-.]+$/, '')}${suffix}`;
  function* candidates() {
    yield base;
    if (!base.includes(accountId)) yield fits(`-${accountId}`);
    for (let n = 2; ; n++) yield fits(`-${n}`);
  }
  for (const candidate of candidates()) {
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
  return base;
}

export function planSync(input: {
  integration: string;
  sessions: StoredSession[];
  discovered: DiscoveredPair[];
  templates?: SyncTemplates;
  prune?: boolean;
}): SyncPlan {
  const nameTemplate = input.templates?.name ?? DEFAULT_TEMPLATE;
  const profileTemplate = input.templates?.profile ?? DEFAULT_TEMPLATE;
  checkTemplate(nameTemplate, 'name');
  checkTemplate(profileTemplate, 'profile');

  const mine = input.sessions.filter(
    (s): s is SsoRoleSession =>
      s.config.kind === 'sso-role' && s.config.integration === input.integration,
  );
  const existing = new Map<string, SsoRoleSession[]>();
  for (const s of mine) {
    const key = pairKey(s.config.accountId, s.config.roleName);
    existing.set(key, [...(existing.get(key) ?? []), s]);
  }
  const found = new Map<string, DiscoveredPair>();
  for (const pair of input.discovered) found.set(pairKey(pair.accountId, pair.roleName), pair);

  const plan: SyncPlan = { add: [], update: [], orphan: [], unorphan: [], remove: [] };
  for (const s of mine) {
    const pair = found.get(pairKey(s.config.accountId, s.config.roleName));
    if (!pair) {
      if (!s.sync?.orphaned) plan.orphan.push(s.id);
      continue;
    }
    if (s.sync?.orphaned) plan.unorphan.push(s.id);
    if (pair.accountName !== s.config.accountName)
      plan.update.push({ id: s.id, accountName: pair.accountName });
  }

  // New pairs in a fixed order, so colliding names get the same suffixes at every sync.
  const names = new Set(input.sessions.map((s) => s.config.name.toLowerCase()));
  const profiles = new Set([
    'default',
    ...input.sessions.map((s) => s.config.profile.toLowerCase()),
  ]);
  const fresh = [...found.entries()]
    .filter(([key]) => !existing.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, pair] of fresh) {
    const render = (template: string, max: number) =>
      sanitizeName(renderTemplate(template, pair, input.integration), max) ||
      `${pair.accountId}-${sanitizeName(pair.roleName, max)}`.slice(0, max);
    plan.add.push({
      kind: 'sso-role',
      name: unique(render(nameTemplate, NAME_MAX), pair.accountId, names, NAME_MAX),
      profile: unique(render(profileTemplate, PROFILE_MAX), pair.accountId, profiles, PROFILE_MAX),
      integration: input.integration,
      accountId: pair.accountId,
      accountName: pair.accountName || pair.accountId,
      roleName: pair.roleName,
    });
  }

  if (input.prune) {
    const parents = new Set(
      input.sessions.flatMap((s) => ('parentId' in s.config ? [s.config.parentId] : [])),
    );
    const orphans = mine.filter(
      (s) =>
        plan.orphan.includes(s.id) ||
        (s.sync?.orphaned && !found.has(pairKey(s.config.accountId, s.config.roleName))),
    );
    for (const s of orphans) {
      const inUse =
        s.state.status === 'active' || s.state.status === 'pending' || s.profiles.length > 0;
      if (!inUse && !changedByUser(s) && !parents.has(s.id)) plan.remove.push(s.id);
    }
  }
  return plan;
}

/** The person changed it: its name, profile or region (userEdited), or pinned, coloured or tagged it. */
function changedByUser(s: StoredSession): boolean {
  const marks = s.marks;
  return (
    s.sync?.userEdited === true ||
    marks?.pinned === true ||
    marks?.color !== undefined ||
    (marks?.tags?.length ?? 0) > 0
  );
}

/** Each session counted once, by what this sync did to it; an orphan pruned at once counts as removed. */
export function summarize(plan: SyncPlan): SyncSummary {
  const removed = new Set(plan.remove);
  return {
    added: plan.add.length,
    updated: new Set([...plan.update.map((u) => u.id), ...plan.unorphan]).size,
    orphaned: plan.orphan.filter((id) => !removed.has(id)).length,
    removed: removed.size,
  };
}

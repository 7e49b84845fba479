// Turns `session add/edit` flags into a session configuration, validated by the shared schemas;
// names the flags a kind cannot do without.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { ZodType } from 'zod';
import { describeZodError } from '../main/airlock-error';
import { UsageError } from './usage-error';
import {
  SESSION_KINDS,
  sessionConfigSchema,
  type SessionConfig,
  type SessionKind,
  type SessionView,
} from '../shared/sessions';

export interface SessionFlags {
  type?: string;
  name?: string;
  profile?: string;
  region?: string;
  mfaSerial?: string;
  mfaProcess?: string;
  accessKeyId?: string;
  roleArn?: string;
  parent?: string;
  externalId?: string;
  duration?: string;
  roleSessionName?: string;
  sourceIdentity?: string;
  idpUrl?: string;
  principalArn?: string;
  tokenFile?: string;
  federatedName?: string;
  policyFile?: string;
}

/** Flags whose config key is not the flag's own name in camelCase. */
const FLAG_OF_KEY: Record<string, string> = { parentId: '--parent', policy: '--policy-file' };

function flagOf(key: string): string {
  return FLAG_OF_KEY[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function flagValue(flags: SessionFlags, flag: string): string | undefined {
  const key = flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return flags[key as keyof SessionFlags];
}

/** The flags `session add --type KIND` cannot do without: the kind's required config keys, and an iam-user's key id. */
export function requiredFlags(kind: SessionKind): string[] {
  const schema = sessionConfigSchema.options.find((o) => o.shape.kind.value === kind);
  const shape: Record<string, ZodType> = schema?.shape ?? {};
  const keys = Object.keys(shape).filter(
    (k) => k !== 'kind' && !shape[k]!.safeParse(undefined).success,
  );
  return [...keys.map(flagOf), ...(kind === 'iam-user' ? ['--access-key-id'] : [])];
}

/** Refuses an add that lacks flags its kind needs, naming exactly those flags in `flagOrder` (the help's order). */
export function requireFlagsForAdd(flags: SessionFlags, flagOrder: readonly string[] = []): void {
  const kind = flags.type as SessionKind;
  if (kind === 'sso-role') {
    throw new UsageError(
      'session add cannot create sso-role sessions: "airlock sso sync INTEGRATION" creates one per account and role.',
    );
  }
  const rank = (flag: string) => (flagOrder.includes(flag) ? flagOrder.indexOf(flag) : Infinity);
  const missing = requiredFlags(kind)
    .filter((flag) => !flagValue(flags, flag))
    .sort((a, b) => rank(a) - rank(b));
  if (missing.length === 0) return;
  const list =
    missing.length === 1
      ? missing[0]
      : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  throw new UsageError(`session add --type ${kind} needs ${list}.`);
}

function duration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--duration must be a whole number of seconds, not "${value}".`);
  return Number(value);
}

function drop<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Builds the config for a kind from flags, over `base` (the current config when editing).
 * resolveParent maps a parent session name to its id.
 */
export function configFromFlags(
  flags: SessionFlags,
  resolveParent: (name: string) => string,
  base?: SessionView,
): SessionConfig {
  const kind = (flags.type ?? base?.kind) as SessionKind | undefined;
  if (!kind || !(SESSION_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--type must be one of ${SESSION_KINDS.join(', ')}.`);
  }
  let policy: string | undefined;
  if (flags.policyFile) {
    try {
      policy = readFileSync(flags.policyFile, 'utf8');
    } catch {
      throw new UsageError(`Cannot read the policy file ${flags.policyFile}.`);
    }
  }
  const previous: Record<string, unknown> = base ? { ...base } : {};
  const candidate = drop({
    ...previous,
    kind,
    name: flags.name ?? previous.name,
    profile: flags.profile ?? previous.profile,
    region: flags.region ?? previous.region,
    mfaSerial: flags.mfaSerial ?? previous.mfaSerial,
    // An empty value clears it on edit.
    mfaProcess: flags.mfaProcess === '' ? undefined : (flags.mfaProcess ?? previous.mfaProcess),
    roleArn: flags.roleArn ?? previous.roleArn,
    parentId: flags.parent ? resolveParent(flags.parent) : previous.parentId,
    externalId: flags.externalId ?? previous.externalId,
    durationSeconds: duration(flags.duration) ?? previous.durationSeconds,
    roleSessionName: flags.roleSessionName ?? previous.roleSessionName,
    sourceIdentity: flags.sourceIdentity ?? previous.sourceIdentity,
    idpUrl: flags.idpUrl ?? previous.idpUrl,
    principalArn: flags.principalArn ?? previous.principalArn,
    // Resolved here, against the folder the command runs in: the app would resolve it elsewhere.
    tokenFile: flags.tokenFile
      ? resolvePath(flags.tokenFile)
      : (flags.tokenFile ?? previous.tokenFile),
    federatedName: flags.federatedName ?? previous.federatedName,
    policy: policy ?? previous.policy,
  });
  // Only the keys of this kind's schema are kept: view-only fields (id, state…) drop out here.
  const schema = sessionConfigSchema.options.find((o) => o.shape.kind.value === kind);
  const keys = Object.keys(schema?.shape ?? {});
  const picked = Object.fromEntries(Object.entries(candidate).filter(([k]) => keys.includes(k)));
  const parsed = sessionConfigSchema.safeParse(picked);
  if (!parsed.success) throw new UsageError(`Invalid session: ${describeZodError(parsed.error)}.`);
  return parsed.data;
}

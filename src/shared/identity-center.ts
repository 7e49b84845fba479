// IAM Identity Center integrations: what the store keeps (no secrets), what the UI and CLI see.
import * as z from 'zod';
import { integrationNameSchema, regionSchema } from './sessions';

// Defined beside the sso-role schema, which names its integration; re-exported where it belongs.
export { integrationNameSchema };

/** The scope that makes AWS issue a refresh token: without it, a login lasts one access token. */
export const DEFAULT_SSO_SCOPES = ['sso:account:access'] as const;

/**
 * https only, loopback hosts included: a start URL is only an identifier AWS matches (the peer's is
 * https too), so nothing needs http, and an http one would be a mistyped or spoofed portal.
 */
export const startUrlSchema = z.string().refine(
  (value) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'must be an https URL like https://my-org.awsapps.com/start' },
);

export const ssoScopeSchema = z.string().regex(/^[\w:.-]{1,128}$/, {
  message: 'must be a scope like sso:account:access',
});

/** The fields a sync's name and profile templates may use. */
export const SYNC_TEMPLATE_FIELDS = [
  'accountName',
  'accountId',
  'roleName',
  'integration',
] as const;

const syncTemplateSchema = z
  .string()
  .min(1)
  .max(256)
  .refine(
    (template) =>
      [...template.matchAll(/\{([^}]*)\}/g)].every(([, field]) =>
        (SYNC_TEMPLATE_FIELDS as readonly string[]).includes(field ?? ''),
      ),
    { message: `may use only ${SYNC_TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}` },
  );

/** The templates the last sync given them used: the next sync without them uses these (no secret). */
export const syncTemplatesSchema = z
  .object({ name: syncTemplateSchema.optional(), profile: syncTemplateSchema.optional() })
  .strict();
export type SyncTemplates = z.infer<typeof syncTemplatesSchema>;

export const integrationConfigSchema = z.object({
  name: integrationNameSchema,
  startUrl: startUrlSchema,
  region: regionSchema,
  scopes: z
    .array(ssoScopeSchema)
    .min(1)
    .max(16)
    .default([...DEFAULT_SSO_SCOPES]),
  syncTemplates: syncTemplatesSchema.optional(),
});
export type IntegrationConfig = z.infer<typeof integrationConfigSchema>;

/**
 * What an edit may change: every field but the name, which its sessions, its keychain entry, its
 * lock and the AWS CLI's sso-session all refer to. A new start URL or region ends the sign-in.
 */
export const integrationEditSchema = z
  .object({
    startUrl: startUrlSchema.optional(),
    region: regionSchema.optional(),
    scopes: z.array(ssoScopeSchema).min(1).max(16).optional(),
    syncTemplates: syncTemplatesSchema.optional(),
  })
  .strict();
export type IntegrationEdit = z.infer<typeof integrationEditSchema>;

/** A different start URL or region is another sign-in: its tokens and client registrations go. */
export function editEndsSignIn(before: IntegrationConfig, after: IntegrationConfig): boolean {
  return before.startUrl !== after.startUrl || before.region !== after.region;
}

export type LoginState = 'logged-in' | 'expired' | 'logged-out';

/** What the UI and CLI see of an integration: its config and login state, never a token. */
export interface IntegrationView extends IntegrationConfig {
  loginState: LoginState;
  /** ISO time the current access token expires (it is refreshed before then while possible). */
  tokenExpiresAt?: string;
  /** How many sso-role sessions it has. */
  sessions: number;
}

/** The summary `airlock sso sync` prints as one JSON object. */
export interface SyncSummary {
  added: number;
  updated: number;
  orphaned: number;
  removed: number;
}

/** Progress of a sync: accounts whose roles are listed so far, out of all accounts found. */
export interface SyncProgress {
  integration: string;
  done: number;
  total: number;
}

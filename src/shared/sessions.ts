// Session kinds, their configuration schemas and the secret-free view the UI and CLI see.
import * as z from 'zod';
import { parseCommandLine } from './mfa-command-line';

export const SESSION_KINDS = [
  'iam-user',
  'iam-role',
  'saml',
  'web-identity',
  'federated-user',
  'sso-role',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATUSES = ['inactive', 'pending', 'active', 'expired', 'failed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const DELIVERY_MODES = ['file', 'credential-process'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** Where `airlock console` and "Open console" open the sign-in (docs/console.md). */
export const CONSOLE_BROWSERS = [
  'default',
  'firefox-container',
  'chrome',
  'chromium',
  'edge',
  'brave',
] as const;
export type ConsoleBrowser = (typeof CONSOLE_BROWSERS)[number];

/**
 * AWS limits: GetSessionToken/GetFederationToken 900..129600 s; AssumeRole* 900..43200 s.
 * GetRoleCredentials takes no duration: the permission set's session duration (1-12 h) decides.
 */
export const DURATION_LIMITS: Record<SessionKind, { min: number; max: number; default: number }> = {
  'iam-user': { min: 900, max: 129_600, default: 43_200 },
  'iam-role': { min: 900, max: 43_200, default: 3_600 },
  saml: { min: 900, max: 43_200, default: 3_600 },
  'web-identity': { min: 900, max: 43_200, default: 3_600 },
  'federated-user': { min: 900, max: 129_600, default: 43_200 },
  'sso-role': { min: 3_600, max: 43_200, default: 3_600 },
};

const ARN_PARTITION = '(aws|aws-us-gov|aws-cn)';
export const roleArnSchema = z
  .string()
  .regex(new RegExp(`^arn:${ARN_PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`), {
    message: 'must be a role ARN like arn:aws:iam::123456789012:role/Name',
  });
export const samlProviderArnSchema = z
  .string()
  .regex(new RegExp(`^arn:${ARN_PARTITION}:iam::\\d{12}:saml-provider/[\\w+=,.@-]{1,128}$`), {
    message: 'must be a SAML provider ARN like arn:aws:iam::123456789012:saml-provider/Name',
  });
export const mfaSerialSchema = z
  .string()
  .regex(
    new RegExp(`^(arn:${ARN_PARTITION}:iam::\\d{12}:mfa/[\\w+=,.@/-]{1,256}|GAHT[0-9A-Z]{8,})$`),
    {
      message: 'must be an MFA device ARN like arn:aws:iam::123456789012:mfa/name',
    },
  );
/** A command printing an MFA code (`ykman oath accounts code --single NAME`), run without a shell. */
export const mfaProcessSchema = z
  .string()
  .max(1024, { message: 'must be at most 1024 characters' })
  .superRefine((line, ctx) => {
    const parsed = parseCommandLine(line);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
  });
export const sessionNameSchema = z
  .string()
  .min(1, { message: 'is required' })
  .max(64, { message: 'must be at most 64 characters' })
  .regex(/^[A-Za-z0-9][\w.@+=-]*$/, { message: 'may use letters, digits and . _ - @ + =' });
export const profileNameSchema = z
  .string()
  .min(1, { message: 'is required' })
  .max(128)
  .regex(/^[\w.@+=:/-]+$/, { message: 'may use letters, digits and . _ - @ + = : /' });
export const regionSchema = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, { message: 'must be a region like eu-west-1' });
export const roleSessionNameSchema = z.string().regex(/^[\w+=,.@-]{2,64}$/, {
  message: 'must be 2-64 characters of letters, digits and +=,.@_-',
});
export const externalIdSchema = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, {
  message: 'must be 2-1224 characters of letters, digits and +=,.@:/-',
});
/** POSIX `/…`, Windows `C:\…` or `\\server\…`: the app and the CLI run in different folders, so a relative path would name two files. */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, { message: 'must be an absolute path' });
export const sessionIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);
export const accountIdSchema = z
  .string()
  .regex(/^\d{12}$/, { message: 'must be a 12-digit account id' });
/** Names an IAM Identity Center integration; it plays the role of an `[sso-session NAME]` in the AWS config. */
export const integrationNameSchema = z
  .string()
  .min(1, { message: 'is required' })
  .max(64, { message: 'must be at most 64 characters' })
  .regex(/^[A-Za-z0-9][\w.-]*$/, { message: 'may use letters, digits and . _ -' });
/** A permission set's name, which is what the portal calls the role. */
export const ssoRoleNameSchema = z.string().regex(/^[\w+=,.@-]{1,64}$/, {
  message: 'must be 1-64 characters of letters, digits and +=,.@_-',
});
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
/** Whether a URL's host is this machine: the one place plain http is allowed (a local test IdP). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.includes(url.hostname);
}
/** An IdP login page over plain http could be swapped on the way, so https only, but loopback. */
export const idpUrlSchema = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .refine(
    (value) => {
      // Refinements run after a failed format check too: an unparsable URL is already an issue.
      if (!URL.canParse(value)) return true;
      const url = new URL(value);
      return url.protocol === 'https:' || isLoopbackUrl(url);
    },
    { message: 'must use https (http only for localhost, 127.0.0.1 or ::1)' },
  );
/** An extra origin the SAML window may visit, e.g. https://login.example.com: https, no path. */
export const samlOriginSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        url.protocol === 'https:' &&
        url.origin === value &&
        /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)
      );
    } catch {
      return false;
    }
  },
  { message: 'must be an https origin like https://login.example.com (no path)' },
);

function durationSchema(kind: SessionKind) {
  const { min, max } = DURATION_LIMITS[kind];
  return z
    .number()
    .int()
    .min(min, { message: `must be at least ${min} seconds` })
    .max(max, { message: `must be at most ${max} seconds` });
}

const common = {
  name: sessionNameSchema,
  profile: profileNameSchema,
  region: regionSchema.optional(),
};

export const iamUserConfigSchema = z.object({
  kind: z.literal('iam-user'),
  ...common,
  mfaSerial: mfaSerialSchema.optional(),
  mfaProcess: mfaProcessSchema.optional(),
  durationSeconds: durationSchema('iam-user').optional(),
});
export const iamRoleConfigSchema = z.object({
  kind: z.literal('iam-role'),
  ...common,
  parentId: sessionIdSchema,
  roleArn: roleArnSchema,
  mfaSerial: mfaSerialSchema.optional(),
  mfaProcess: mfaProcessSchema.optional(),
  externalId: externalIdSchema.optional(),
  durationSeconds: durationSchema('iam-role').optional(),
  roleSessionName: roleSessionNameSchema.optional(),
  sourceIdentity: roleSessionNameSchema.optional(),
});
export const samlConfigSchema = z.object({
  kind: z.literal('saml'),
  ...common,
  idpUrl: idpUrlSchema,
  roleArn: roleArnSchema,
  principalArn: samlProviderArnSchema,
  durationSeconds: durationSchema('saml').optional(),
});
export const webIdentityConfigSchema = z.object({
  kind: z.literal('web-identity'),
  ...common,
  roleArn: roleArnSchema,
  tokenFile: absolutePathSchema.optional(),
  roleSessionName: roleSessionNameSchema.optional(),
  durationSeconds: durationSchema('web-identity').optional(),
});
export const federatedUserConfigSchema = z.object({
  kind: z.literal('federated-user'),
  ...common,
  parentId: sessionIdSchema,
  federatedName: z.string().regex(/^[\w+=,.@-]{2,32}$/, {
    message: 'must be 2-32 characters of letters, digits and +=,.@_-',
  }),
  policy: z.string().max(2048).optional(),
  durationSeconds: durationSchema('federated-user').optional(),
});

/** One (account, role) pair of an Identity Center integration; `airlock sso sync` creates these. */
export const ssoRoleConfigSchema = z.object({
  kind: z.literal('sso-role'),
  ...common,
  integration: integrationNameSchema,
  accountId: accountIdSchema,
  accountName: z.string().min(1).max(128),
  roleName: ssoRoleNameSchema,
});

/** Everything Airlock keeps about a session outside the keychain. No secret has a field here. */
export const sessionConfigSchema = z.discriminatedUnion('kind', [
  iamUserConfigSchema,
  iamRoleConfigSchema,
  samlConfigSchema,
  webIdentityConfigSchema,
  federatedUserConfigSchema,
  ssoRoleConfigSchema,
]);
export type SessionConfig = z.infer<typeof sessionConfigSchema>;
export type SessionConfigOf<K extends SessionKind> = Extract<SessionConfig, { kind: K }>;

/** The long-term keys of an iam-user: write-only, they go straight to the keychain. */
export const longTermKeysSchema = z.object({
  accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, {
    message: 'must look like an access key id (AKIA...)',
  }),
  secretAccessKey: z.string().min(16, { message: 'looks too short' }).max(256),
});
export type LongTermKeys = z.infer<typeof longTermKeysSchema>;

/** Colours a person may mark a session with (the row, the tray entry, later the console container). */
export const SESSION_COLORS = [
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'purple',
  'pink',
  'grey',
] as const;
export type SessionColor = (typeof SESSION_COLORS)[number];

/** A free-form tag: words and spaces, no comma (the CLI's --tags separator) and no control character. */
export const tagSchema = z
  .string()
  .trim()
  .min(1, { message: 'is empty' })
  .max(32, { message: 'must be at most 32 characters' })
  .regex(/^[^,\p{Cc}]+$/u, { message: 'may not contain a comma or a control character' });
export const MAX_TAGS = 20;
export const tagsSchema = z
  .array(tagSchema)
  .max(MAX_TAGS, { message: `may hold at most ${MAX_TAGS} tags` });

/** A person's marks on a session, kept in the store; never a secret. Absent: unpinned, no colour, no tags. */
export const sessionMarksSchema = z.object({
  pinned: z.boolean().optional(),
  /** null clears the colour. */
  color: z.enum(SESSION_COLORS).nullable().optional(),
  /** Replaces the tags; [] clears them. */
  tags: tagsSchema.optional(),
});
export type SessionMarksPatch = z.infer<typeof sessionMarksSchema>;

/** The marks as stored and shown. */
export interface SessionMarks {
  pinned?: boolean;
  color?: SessionColor;
  tags?: string[];
}

export const newSessionInputSchema = z.object({
  config: sessionConfigSchema,
  keys: longTermKeysSchema.optional(),
  marks: sessionMarksSchema.optional(),
});
export type NewSessionInput = z.infer<typeof newSessionInputSchema>;

export interface SessionState {
  status: SessionStatus;
  /** ISO time the current credentials expire. */
  expiresAt?: string;
  startedAt?: string;
  /** ISO time the current credentials were issued (start or last rotation); paces rotation. */
  issuedAt?: string;
  /** Caller identity of the current credentials. */
  accountId?: string;
  arn?: string;
  lastError?: { code: string; message: string; at: string };
  /** Rotation failures in a row; drives the back-off. */
  failures?: number;
}

/** What a sync knows of an sso-role session besides its config. */
export interface SyncMarks {
  /** The last sync no longer found its (account, role) pair; kept until `--prune` may remove it. */
  orphaned?: boolean;
  /** The user changed its name, profile or region: a sync keeps it, and a prune never removes it. */
  userEdited?: boolean;
}

/** What the UI and CLI see of a session. Secrets have no field here by construction. */
export type SessionView = SessionConfig & {
  id: string;
  /** The person's marks: pinned first, a colour on the row, tags the filter searches. */
  marks?: SessionMarks;
  /** ISO time it was last started: recent sessions come first in the quick switcher. */
  usedAt?: string;
  state: SessionState;
  /** Names of the profiles this session currently writes, e.g. [profile, 'default']. */
  profiles: string[];
  hasStoredKeys?: boolean;
  /** sso-role sessions only. */
  sync?: SyncMarks;
};

export interface CallerIdentity {
  Account: string;
  Arn: string;
  UserId: string;
}

export interface ProfileView {
  name: string;
  /** Who wrote the section in the credentials file. */
  owner: 'airlock' | 'user' | 'none';
  sessionId?: string;
  sessionName?: string;
  inCredentials: boolean;
  inConfig: boolean;
}

export interface SamlRoleChoice {
  roleArn: string;
  principalArn: string;
}

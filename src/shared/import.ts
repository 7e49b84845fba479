// What `airlock import` shows and takes: one plan line per profile of the AWS files. No secrets.
import * as z from 'zod';
import { profileNameSchema, type SessionConfigOf } from './sessions';

export const IMPORT_KINDS = ['iam-user', 'iam-role', 'web-identity', 'sso-role', 'skip'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The session a profile becomes; an iam-role's parent is named by `parentProfile` until it exists. */
export type ImportDraft =
  | SessionConfigOf<'iam-user'>
  | Omit<SessionConfigOf<'iam-role'>, 'parentId'>
  | SessionConfigOf<'web-identity'>
  | SessionConfigOf<'sso-role'>;

export interface ImportPlanLine {
  profile: string;
  kind: ImportKind;
  /** Why it is skipped, or what else happens (keys to the keychain, an integration to sync). */
  reason?: string;
  session?: ImportDraft;
  /** iam-role: the profile whose session is its parent (imported with it, or already Airlock's). */
  parentProfile?: string;
  /** sso-role: the Identity Center integration it maps to. */
  integration?: { name: string; startUrl: string; region: string };
  /** The files whose hand-written sections move into Airlock's keeping. */
  files: ('credentials' | 'config')[];
}

export interface ImportApplyResult {
  imported: ImportPlanLine[];
  skipped: ImportPlanLine[];
}

export interface ImportUndoResult {
  /** Profiles whose sections were given back. */
  restored: string[];
  removedSessions: number;
  removedIntegrations: string[];
}

/** Which profiles to import; none named: every one the plan does not skip. */
export const importSelectionSchema = z.object({
  profiles: z.array(profileNameSchema).max(10_000).optional(),
});
export type ImportSelection = z.infer<typeof importSelectionSchema>;

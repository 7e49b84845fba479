// Pure: which session each profile of the AWS files becomes on import, or why it is skipped, and
// where its hand-written sections stand so an undo can put them back byte for byte.
import type * as z from 'zod';
import type { AwsFileKind, ProfileSnapshot } from '../aws-files/aws-files';
import { parseIniDocument, type IniDocument } from '../aws-files/ini-document';
import { sectionEntries } from '../aws-files/section-entries';
import { textHash } from '../aws-files/profile-edits';
import { listProfileSnapshots, profileSections } from '../aws-files/profile-sections';
import type { StoreData } from '../store/session-store';
import { describeZodError } from '../airlock-error';
import type { ImportDraft, ImportPlanLine } from '../../shared/import';
import {
  iamRoleConfigSchema,
  iamUserConfigSchema,
  longTermKeysSchema,
  ssoRoleConfigSchema,
  webIdentityConfigSchema,
  type LongTermKeys,
} from '../../shared/sessions';
import { integrationConfigSchema } from '../../shared/identity-center';

/** One hand-written section of a profile: its text, and its place among the file's sections. */
export interface KeptSection {
  file: AwsFileKind;
  raw: string;
  /** Where it starts in the file, and the sha256 of the text before it: where an undo puts it. */
  offset: number;
  prefixHash: string;
}

/** A plan line with what only the apply step may see: the keys and the sections' text. */
export interface PlannedImport {
  line: ImportPlanLine;
  keys?: LongTermKeys;
  sections: KeptSection[];
}

export interface ImportFiles {
  credentials: string | undefined;
  config: string | undefined;
}

interface ProfileSide {
  snapshot: ProfileSnapshot;
  sections: KeptSection[];
}

function sides(text: string | undefined, file: AwsFileKind): Map<string, ProfileSide> {
  const found = new Map<string, ProfileSide>();
  if (text === undefined) return found;
  const doc = parseIniDocument(text);
  for (const snapshot of listProfileSnapshots(doc, file)) {
    const sections = profileSections(doc, file, snapshot.name).map((section) => ({
      file,
      raw: snapshot.raw,
      offset: section.start,
      prefixHash: textHash(text.slice(0, section.start)),
    }));
    found.set(snapshot.name, { snapshot, sections });
  }
  return found;
}

/** `[sso-session NAME]` sections of the config file: their start URL and region. */
function ssoSessions(text: string | undefined): Map<string, Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  if (text === undefined) return found;
  const doc: IniDocument = parseIniDocument(text);
  for (const section of doc.sections) {
    const match = /^sso-session\s+(\S+)$/.exec(section.name);
    if (!match) continue;
    const values: Record<string, string> = {};
    for (const entry of sectionEntries(doc, section)) values[entry.key] = entry.value;
    found.set(match[1]!, values);
  }
  return found;
}

/** A session name from a profile name: the characters sessions allow, unique in the store. */
function sessionName(profile: string, taken: Set<string>): string {
  const base =
    profile
      .replace(/[^\w.@+=-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 56) || 'imported';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function parsed<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; reason: string } {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, reason: describeZodError(result.error) };
}

const duration = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/**
 * The plan for these profiles (all of both files when `only` is absent), in file order, parents
 * before the roles that use them. Nothing here reads or writes a file.
 */
export function planImport(
  files: ImportFiles,
  data: StoreData,
  only?: readonly string[],
): PlannedImport[] {
  const credentials = sides(files.credentials, 'credentials');
  const config = sides(files.config, 'config');
  const sso = ssoSessions(files.config);
  const imported = new Set((data.imports ?? []).map((i) => i.profile));
  // An imported profile's sections are in the keychain, not the files: it still gets its line.
  const names = [...new Set([...credentials.keys(), ...config.keys(), ...imported])];
  const chosen = only ? names.filter((n) => only.includes(n)) : names;
  const taken = new Set(Object.values(data.sessions).map((s) => s.config.name.toLowerCase()));
  const sessionOf = new Map(Object.values(data.sessions).map((s) => [s.config.profile, s]));
  const plans = new Map<string, PlannedImport>();

  const planOne = (profile: string): PlannedImport => {
    const c = credentials.get(profile);
    const f = config.get(profile);
    const values = { ...f?.snapshot.values, ...c?.snapshot.values };
    const sections = [...(c?.sections ?? []), ...(f?.sections ?? [])];
    const files = [...(c ? ['credentials' as const] : []), ...(f ? ['config' as const] : [])];
    const skip = (reason: string): PlannedImport => ({
      line: { profile, kind: 'skip', reason, files: [] },
      sections: [],
    });
    if (imported.has(profile))
      return skip('already imported; `airlock import --undo` gives it back');
    const owner = c?.snapshot.owner ?? f?.snapshot.owner;
    if (owner !== undefined) return skip(`already Airlock's (written by session ${owner})`);
    const existing = sessionOf.get(profile);
    if (existing) return skip(`session ${existing.config.name} already uses this profile`);
    if ((c?.sections.length ?? 0) > 1 || (f?.sections.length ?? 0) > 1) {
      return skip('defined in more than one section; merge them into one, then import');
    }
    if (values.credential_process !== undefined) {
      return skip('credential_process: another tool issues its credentials; Airlock leaves it');
    }
    const region = values.region;
    const common = { name: '', profile, ...(region !== undefined ? { region } : {}) };

    if (values.sso_session !== undefined || values.sso_start_url !== undefined) {
      const sessionName_ = values.sso_session;
      const source = sessionName_ !== undefined ? (sso.get(sessionName_) ?? {}) : values;
      const integration = parsed(integrationConfigSchema, {
        name: sessionName_ ?? profile.replace(/[^\w.-]/g, '-'),
        startUrl: source.sso_start_url,
        region: source.sso_region,
      });
      if (!integration.ok) return skip(`Identity Center settings: ${integration.reason}`);
      const { name, startUrl, region: ssoRegion } = integration.value;
      const uses = `${data.integrations?.[name] !== undefined ? 'uses the existing' : 'adds'} Identity Center integration ${name}`;
      const line = {
        profile,
        kind: 'sso-role' as const,
        integration: { name, startUrl, region: ssoRegion },
      };
      if (values.sso_account_id === undefined && values.sso_role_name === undefined) {
        // A login-only profile names no role: the integration is all there is to import.
        return {
          line: {
            ...line,
            reason: `${uses}; \`airlock sso sync ${name}\` makes its sso-role sessions; the profile stays as written`,
            files: [],
          },
          sections: [],
        };
      }
      const draft = parsed(ssoRoleConfigSchema, {
        ...common,
        name: 'x',
        kind: 'sso-role',
        integration: name,
        accountId: values.sso_account_id,
        // The portal's account name arrives with the first `airlock sso sync`, which keeps this session.
        accountName: values.sso_account_id,
        roleName: values.sso_role_name,
      });
      if (!draft.ok) return skip(`Identity Center role: ${draft.reason}`);
      const same = Object.values(data.sessions).find(
        (s) =>
          s.config.kind === 'sso-role' &&
          s.config.integration === name &&
          s.config.accountId === draft.value.accountId &&
          s.config.roleName === draft.value.roleName,
      );
      if (same) return skip(`session ${same.config.name} already is this Identity Center role`);
      return {
        line: {
          ...line,
          session: draft.value,
          reason: `${uses}; log in with \`airlock sso login ${name}\` to start it`,
          files,
        },
        sections,
      };
    }

    if (values.role_arn !== undefined) {
      if (values.web_identity_token_file !== undefined) {
        const draft = parsed(webIdentityConfigSchema, {
          ...common,
          name: 'x',
          kind: 'web-identity',
          roleArn: values.role_arn,
          tokenFile: values.web_identity_token_file,
          roleSessionName: values.role_session_name,
          durationSeconds: duration(values.duration_seconds),
        });
        if (!draft.ok) return skip(`web_identity_token_file profile: ${draft.reason}`);
        return planned(profile, 'web-identity', draft.value, sections, files);
      }
      if (values.credential_source !== undefined) {
        return skip(
          `credential_source ${values.credential_source}: an Airlock iam-role needs a parent session, and Airlock has no ${values.credential_source} source`,
        );
      }
      const parent = values.source_profile;
      if (parent === undefined) return skip('role_arn without source_profile or credential_source');
      if (parent === profile) return skip('source_profile names the profile itself');
      const draft = parsed(iamRoleConfigSchema.omit({ parentId: true }), {
        ...common,
        name: 'x',
        kind: 'iam-role',
        roleArn: values.role_arn,
        mfaSerial: values.mfa_serial,
        externalId: values.external_id,
        durationSeconds: duration(values.duration_seconds),
        roleSessionName: values.role_session_name,
      });
      if (!draft.ok) return skip(`role profile: ${draft.reason}`);
      const parentSession = sessionOf.get(parent);
      if (!parentSession) {
        const parentPlan = chosen.includes(parent) ? plans.get(parent) : undefined;
        if (
          parentPlan === undefined ||
          parentPlan.line.kind === 'skip' ||
          parentPlan.line.kind === 'sso-role'
        ) {
          return skip(
            `its source_profile ${parent} is not imported with it and no Airlock session uses it; import ${parent} too`,
          );
        }
      }
      const plan = planned(profile, 'iam-role', draft.value, sections, files);
      plan.line.parentProfile = parent;
      return plan;
    }

    if (values.aws_access_key_id !== undefined || values.aws_secret_access_key !== undefined) {
      if (values.aws_session_token !== undefined) {
        return skip('temporary keys (aws_session_token): they expire, so there is nothing to keep');
      }
      const keys = parsed(longTermKeysSchema, {
        accessKeyId: values.aws_access_key_id,
        secretAccessKey: values.aws_secret_access_key,
      });
      if (!keys.ok) return skip(`static keys: ${keys.reason}`);
      const draft = parsed(iamUserConfigSchema, {
        ...common,
        name: 'x',
        kind: 'iam-user',
        mfaSerial: values.mfa_serial,
        durationSeconds: duration(values.duration_seconds),
      });
      if (!draft.ok) return skip(`static keys profile: ${draft.reason}`);
      const plan = planned(profile, 'iam-user', draft.value, sections, files);
      plan.line.reason = 'the keys move to the keychain';
      plan.keys = keys.value;
      return plan;
    }
    return skip(
      'no keys, role_arn, web_identity_token_file or Identity Center settings: nothing Airlock can start',
    );
  };

  // Parents first: a role's line depends on its source profile's.
  const visiting = new Set<string>();
  const visit = (profile: string): void => {
    if (plans.has(profile) || visiting.has(profile)) return;
    visiting.add(profile);
    const parent = config.get(profile)?.snapshot.values.source_profile;
    if (parent !== undefined && chosen.includes(parent)) visit(parent);
    plans.set(profile, planOne(profile));
  };
  for (const profile of chosen) visit(profile);
  // Names are given in that order too, so a re-plan names the same profile the same way.
  const ordered = [...plans.values()];
  for (const plan of ordered) {
    if (plan.line.session)
      plan.line.session = { ...plan.line.session, name: sessionName(plan.line.profile, taken) };
  }
  return ordered;
}

function planned(
  profile: string,
  kind: 'iam-user' | 'iam-role' | 'web-identity',
  session: ImportDraft,
  sections: KeptSection[],
  files: ('credentials' | 'config')[],
): PlannedImport {
  return { line: { profile, kind, session, files }, sections };
}

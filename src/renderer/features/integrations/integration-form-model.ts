// Pure: the add/edit integration form's draft, checked with the contract's schemas, field by field.
import {
  DEFAULT_SSO_SCOPES,
  editEndsSignIn,
  integrationConfigSchema,
  integrationEditSchema,
  type IntegrationConfig,
  type IntegrationEdit,
  type IntegrationView,
} from '../../../shared/identity-center';
import { scopeList } from './integration-text';

export const FORM_FIELDS = [
  { key: 'name', label: 'Name', hint: 'Names its sessions, e.g. corp' },
  { key: 'startUrl', label: 'Start URL', hint: 'https://my-org.awsapps.com/start' },
  { key: 'region', label: 'Region', hint: 'Where Identity Center runs, e.g. eu-west-1' },
  {
    key: 'scopes',
    label: 'Scopes',
    hint: 'Separated by spaces; sso:account:access gives a refresh token',
  },
  {
    key: 'sessionTemplate',
    label: 'Session template',
    hint: 'Names of synced sessions; empty: {accountName}-{roleName}. Also {accountId}, {integration}',
  },
  {
    key: 'profileTemplate',
    label: 'Profile template',
    hint: 'Profiles of synced sessions, same fields; empty: {accountName}-{roleName}',
  },
] as const;
export type FormField = (typeof FORM_FIELDS)[number]['key'];
export type IntegrationDraft = Record<FormField, string>;
export type FieldErrors = Partial<Record<FormField, string>>;

export function emptyDraft(): IntegrationDraft {
  return {
    name: '',
    startUrl: '',
    region: '',
    scopes: DEFAULT_SSO_SCOPES.join(' '),
    sessionTemplate: '',
    profileTemplate: '',
  };
}

export function draftOf(view: IntegrationView): IntegrationDraft {
  return {
    name: view.name,
    startUrl: view.startUrl,
    region: view.region,
    scopes: view.scopes.join(' '),
    sessionTemplate: view.syncTemplates?.name ?? '',
    profileTemplate: view.syncTemplates?.profile ?? '',
  };
}

function templatesOf(draft: IntegrationDraft) {
  const name = draft.sessionTemplate.trim();
  const profile = draft.profileTemplate.trim();
  return { ...(name ? { name } : {}), ...(profile ? { profile } : {}) };
}

/** Which form field a schema issue is about. */
function fieldOf(path: readonly PropertyKey[]): FormField | undefined {
  if (path[0] === 'syncTemplates')
    return path[1] === 'profile' ? 'profileTemplate' : 'sessionTemplate';
  const key = path[0];
  return FORM_FIELDS.some((f) => f.key === key) ? (key as FormField) : undefined;
}

function errorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field) errors[field] ??= issue.message;
  }
  return errors;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export function checkNew(
  draft: IntegrationDraft,
  taken: readonly string[],
): Checked<IntegrationConfig> {
  const templates = templatesOf(draft);
  const parsed = integrationConfigSchema.safeParse({
    name: draft.name.trim(),
    startUrl: draft.startUrl.trim(),
    region: draft.region.trim(),
    scopes: scopeList(draft.scopes),
    ...(Object.keys(templates).length ? { syncTemplates: templates } : {}),
  });
  const errors = parsed.success ? {} : errorsOf(parsed.error.issues);
  if (taken.includes(draft.name.trim())) errors.name = 'is already an integration';
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

export function checkEdit(draft: IntegrationDraft): Checked<IntegrationEdit> {
  const parsed = integrationEditSchema.safeParse({
    startUrl: draft.startUrl.trim(),
    region: draft.region.trim(),
    scopes: scopeList(draft.scopes),
    syncTemplates: templatesOf(draft),
  });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: errorsOf(parsed.error.issues) };
}

/** Saving this draft would end the current sign-in (a new start URL or region). */
export function draftEndsSignIn(view: IntegrationView, draft: IntegrationDraft): boolean {
  return editEndsSignIn(view, {
    ...view,
    startUrl: draft.startUrl.trim(),
    region: draft.region.trim(),
  });
}

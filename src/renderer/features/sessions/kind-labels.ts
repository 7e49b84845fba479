// Human names of the session kinds; kept apart from the form model so the list loads without zod.
import type { SessionKind } from '../../../shared/sessions';

export const KIND_LABELS: Record<SessionKind, string> = {
  'iam-user': 'IAM user',
  'iam-role': 'IAM role (chained)',
  saml: 'SAML federation',
  'web-identity': 'Web identity',
  'federated-user': 'Federated user',
  'sso-role': 'IAM Identity Center role',
};

// Session views for the list's unit tests (pure models only).
import type { SessionStatus, SessionView } from '../../../shared/sessions';

interface Extra {
  status?: SessionStatus;
  tags?: string[];
  pinned?: boolean;
  region?: string;
}

function common(name: string, extra: Extra) {
  return {
    id: name,
    name,
    profile: name,
    ...(extra.region ? { region: extra.region } : {}),
    ...(extra.tags || extra.pinned
      ? {
          marks: {
            ...(extra.tags ? { tags: extra.tags } : {}),
            ...(extra.pinned ? { pinned: true } : {}),
          },
        }
      : {}),
    state: { status: extra.status ?? 'inactive' },
    profiles: [],
  };
}

export function userView(name: string, extra: Extra = {}): SessionView {
  return { kind: 'iam-user', ...common(name, extra) };
}

export function roleView(name: string, account: string, extra: Extra = {}): SessionView {
  return {
    kind: 'iam-role',
    parentId: 'root',
    roleArn: `arn:aws:iam::${account}:role/Admin`,
    ...common(name, extra),
  };
}

export function ssoView(
  name: string,
  integration: string,
  accountName: string,
  accountId: string,
  extra: Extra = {},
): SessionView {
  return {
    kind: 'sso-role',
    integration,
    accountId,
    accountName,
    roleName: 'Admin',
    ...common(name, extra),
  };
}

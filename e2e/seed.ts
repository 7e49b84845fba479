// Seeds many sessions straight into the store in one write, for the scale spec and the bench.
import type { Core } from '../src/main/create-core';
import type { StoredSession } from '../src/main/store/session-store';

const TEAMS = ['platform', 'payments', 'search', 'data', 'mobile', 'identity', 'billing', 'edge'];
const ENVS = ['dev', 'staging', 'prod'];
const ROLES = ['Admin', 'ReadOnly', 'Deploy', 'Billing'];

/** The name and role ARN of seeded session i (1-based; 0 is the parent). */
export function seededSession(i: number): { name: string; roleArn: string; account: string } {
  const team = TEAMS[i % TEAMS.length] ?? 'team';
  const env = ENVS[i % ENVS.length] ?? 'dev';
  const role = ROLES[i % ROLES.length] ?? 'Admin';
  const account = String(100000000000 + (i % 37) * 7919).padStart(12, '0');
  return {
    name: `${team}-${env}-${role.toLowerCase()}-${i}`,
    roleArn: `arn:aws:iam::${account}:role/${role}`,
    account,
  };
}

/** One iam-user parent plus `count - 1` roles chained from it, across teams, envs and accounts. */
export async function seedSessions(core: Core, count: number): Promise<void> {
  const createdAt = new Date().toISOString();
  await core.store.update((data) => {
    data.sessions['root'] = {
      id: 'root',
      config: { kind: 'iam-user', name: 'root-user', profile: 'root-user' },
      state: { status: 'inactive' },
      profiles: [],
      createdAt,
    };
    for (let i = 1; i < count; i++) {
      const { name, roleArn } = seededSession(i);
      const session: StoredSession = {
        id: `s-${i}`,
        config: {
          kind: 'iam-role',
          name,
          profile: name,
          parentId: 'root',
          roleArn,
        },
        state: { status: 'inactive' },
        profiles: [],
        createdAt,
      };
      data.sessions[session.id] = session;
    }
  });
}

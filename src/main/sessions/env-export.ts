// A session's credentials as shell lines (`export AWS_…=…`): built in main only, for `airlock env`
// and the app's copy to the clipboard. Only this session's temporary credentials and its region.
import type { AwsCredentials } from '../sts/sts-gateway';

export const ENV_FORMATS = ['sh', 'fish', 'powershell', 'json'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

export function credentialEnv(creds: AwsCredentials, region: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
    ...(creds.expiration ? { AWS_CREDENTIAL_EXPIRATION: creds.expiration } : {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}

function quoteSh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

export function renderEnv(vars: Record<string, string>, format: EnvFormat): string {
  const entries = Object.entries(vars);
  switch (format) {
    case 'sh':
      return entries.map(([k, v]) => `export ${k}=${quoteSh(v)}`).join('\n');
    case 'fish':
      return entries.map(([k, v]) => `set -gx ${k} ${quoteSh(v)};`).join('\n');
    case 'powershell':
      return entries.map(([k, v]) => `$Env:${k} = '${v.replace(/'/g, "''")}'`).join('\n');
    case 'json':
      return JSON.stringify(vars, null, 2);
  }
}

export function isEnvFormat(value: string): value is EnvFormat {
  return (ENV_FORMATS as readonly string[]).includes(value);
}

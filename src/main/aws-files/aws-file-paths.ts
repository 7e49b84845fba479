// Where the AWS shared credentials and config files live, resolved as the AWS CLI and SDKs resolve them.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AwsFilePaths } from './aws-files';

/** Expands a leading `~` (alone or before a separator); `~user` is left as written. */
function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}

/**
 * Honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (an empty value counts as unset, as in
 * the JS SDK), else `<home>/.aws/credentials` and `<home>/.aws/config`. Paths come back absolute.
 */
export function resolveAwsFilePaths(
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): AwsFilePaths {
  const pick = (variable: string, fallback: string): string => {
    const value = env[variable];
    return resolve(value ? expandHome(value, home) : join(home, '.aws', fallback));
  };
  return {
    credentialsFile: pick('AWS_SHARED_CREDENTIALS_FILE', 'credentials'),
    configFile: pick('AWS_CONFIG_FILE', 'config'),
  };
}

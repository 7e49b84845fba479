// Reads the shared AWS files once for the STS client's settings; sts-shared-settings.ts resolves them.
import { readFile } from 'node:fs/promises';
import { resolveAwsFilePaths, type AwsFilePaths } from '../aws-files/aws-files';
import { resolveStsSharedSettings, type StsSharedSettings } from './sts-shared-settings';

export type { StsSharedSettings };

/** A file that cannot be read counts as absent, as the SDK's own loader treats it. */
const textOf = (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').catch(() => undefined);

export async function readStsSharedSettings(
  source: { env: Record<string, string | undefined>; paths: AwsFilePaths } = {
    env: process.env,
    paths: resolveAwsFilePaths(process.env),
  },
): Promise<StsSharedSettings> {
  const [config, credentials] = await Promise.all([
    textOf(source.paths.configFile),
    textOf(source.paths.credentialsFile),
  ]);
  return resolveStsSharedSettings(source.env, {
    ...(config === undefined ? {} : { config }),
    ...(credentials === undefined ? {} : { credentials }),
  });
}

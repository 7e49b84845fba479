// Reads the AWS files the way the SDK does (@smithy/shared-ini-file-loader) and with our engine, for reliability checks.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { AwsFiles, type ProfileSnapshot } from '../src/main/aws-files/aws-files';

export interface ParsedAwsFiles {
  /** Profile → keys, as the SDK sees the credentials file. */
  sdkCredentials: Record<string, Record<string, string | undefined>>;
  sdkConfig: Record<string, Record<string, string | undefined>>;
  /** The same files through the engine (owner markers included). */
  credentials: ProfileSnapshot[];
  config: ProfileSnapshot[];
}

/** Parses both files both ways; throws if either parser refuses them. */
export async function parseAwsFiles(
  credentialsFile: string,
  configFile: string,
): Promise<ParsedAwsFiles> {
  const sdk = await loadSharedConfigFiles({
    filepath: credentialsFile,
    configFilepath: configFile,
    ignoreCache: true,
  });
  const files = new AwsFiles({ credentialsFile, configFile });
  return {
    sdkCredentials: sdk.credentialsFile,
    sdkConfig: sdk.configFile,
    credentials: await files.listProfiles('credentials'),
    config: await files.listProfiles('config'),
  };
}

export interface IssuedSet {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * A profile written by Airlock is whole: it carries the marker, and its three keys are present and
 * belong together (one issued set). Returns a reason when it is not.
 */
export function profileProblem(
  snapshot: ProfileSnapshot | undefined,
  sdkView: Record<string, string | undefined> | undefined,
  issued: (accessKeyId: string) => IssuedSet | undefined,
): string | undefined {
  if (!snapshot) return sdkView ? 'the SDK sees a section the engine does not' : undefined;
  if (!snapshot.owner) return 'section has no Airlock marker';
  const id = snapshot.values.aws_access_key_id;
  const secret = snapshot.values.aws_secret_access_key;
  const token = snapshot.values.aws_session_token;
  if (!id || !secret || !token)
    return `incomplete section: ${Object.keys(snapshot.values).join(',')}`;
  if (
    sdkView?.aws_access_key_id !== id ||
    sdkView.aws_secret_access_key !== secret ||
    sdkView.aws_session_token !== token
  )
    return 'the SDK reads different values than the engine';
  const set = issued(id);
  if (!set) return `access key ${id} was never issued`;
  if (set.secretAccessKey !== secret || set.sessionToken !== token)
    return `keys of ${id} are mixed with another issued set`;
  return undefined;
}

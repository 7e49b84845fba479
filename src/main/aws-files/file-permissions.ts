// Warns when others can write the AWS files (or their folder): they could add a credential_process that runs as the user.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AwsFilePaths } from './aws-files';

/** What a warning needs of a stat: the permission bits and the owner. */
export interface OwnerAndMode {
  mode: number;
  uid: number;
}

export interface PathStat {
  path: string;
  kind: 'file' | 'folder';
  /** undefined when the path does not exist (nothing to warn about). */
  stat: OwnerAndMode | undefined;
}

const GROUP_OR_WORLD_WRITABLE = 0o022;

/** Pure: one warning per path that another user can write, or that another user owns. */
export function permissionWarnings(paths: PathStat[], euid: number | undefined): string[] {
  const warnings: string[] = [];
  for (const { path, kind, stat: info } of paths) {
    if (info === undefined) continue;
    const what = kind === 'folder' ? 'The folder' : 'The AWS file';
    if ((info.mode & GROUP_OR_WORLD_WRITABLE) !== 0) {
      warnings.push(
        `${what} ${path} is writable by other users, who could add a credential_process that runs as you. Fix it with: chmod go-w "${path}"`,
      );
    } else if (euid !== undefined && info.uid !== euid) {
      warnings.push(
        `${what} ${path} belongs to user id ${info.uid}, not to you (${euid}); its owner could add a credential_process that runs as you. Make it yours with: chown ${euid} "${path}"`,
      );
    }
  }
  return warnings;
}

// Four stats, done synchronously: a cold credential_process then never loads fs/promises (and
// the stream and readline modules it pulls in) just for them.
function statOrUndefined(path: string): OwnerAndMode | undefined {
  try {
    const info = statSync(path);
    return { mode: info.mode, uid: info.uid };
  } catch {
    // Missing or unreadable: a write reports the latter with its own message.
    return undefined;
  }
}

/** Stats the credentials and config files and their folders (usually ~/.aws) for permissionWarnings. */
export function awsFilePermissionWarnings(
  paths: AwsFilePaths,
  euid: number | undefined = process.geteuid?.(),
): Promise<string[]> {
  // Windows has no mode bits or uids worth reading: stat reports made-up values there.
  if (process.platform === 'win32') return Promise.resolve([]);
  const files = [paths.credentialsFile, paths.configFile];
  const folders = [...new Set(files.map((file) => dirname(file)))];
  const entries: PathStat[] = [
    ...folders.map((path) => ({ path, kind: 'folder' as const, stat: statOrUndefined(path) })),
    ...files.map((path) => ({ path, kind: 'file' as const, stat: statOrUndefined(path) })),
  ];
  return Promise.resolve(permissionWarnings(entries, euid));
}

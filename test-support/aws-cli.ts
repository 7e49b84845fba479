// Runs the real AWS CLI against the STS peer with an isolated HOME, to check what we write works.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface AwsCliOptions {
  endpoint: string;
  /** The CLI's HOME; its .aws/credentials and .aws/config are used unless env overrides them. */
  home: string;
  /** Extra variables, applied last (AWS_* ones included: only these reach the CLI). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runAwsCli(args: string[], options: AwsCliOptions): Promise<AwsCliResult> {
  const env: NodeJS.ProcessEnv = {};
  // The developer's own AWS settings must never leak into a test run.
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    HOME: options.home,
    AWS_SHARED_CREDENTIALS_FILE: join(options.home, '.aws', 'credentials'),
    AWS_CONFIG_FILE: join(options.home, '.aws', 'config'),
    // The metadata service probe only slows a failing run down.
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.env,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.env.AIRLOCK_AWS_CLI ?? 'aws',
      [...args, '--endpoint-url', options.endpoint],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run the AWS CLI: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

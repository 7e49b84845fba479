// Builds the `airlock` CLI into a private folder under dist/ (so parallel test files never share a half-written bundle) and runs it.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildCli } from '../scripts/build-cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestCli {
  /** `node <bundle>`: what AIRLOCK_CLI_COMMAND should be. */
  command: string;
  run(args: string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<CliRun>;
  dispose(): void;
}

/** Builds with scripts/build-cli.ts; keytar stays external and resolves from the repo's node_modules. */
export async function buildTestCli(
  name: string,
  baseEnv: Record<string, string>,
): Promise<TestCli> {
  const outdir = resolve('dist', `test-cli-${name}-${process.pid}`);
  const bundle = (await buildCli(outdir)).esmEntry;
  return {
    command: `${process.execPath} ${bundle}`,
    run(args, options = {}) {
      const env: NodeJS.ProcessEnv = {};
      // The developer's own AWS settings never reach the CLI under test.
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
      Object.assign(env, baseEnv, options.env);
      return new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, [bundle, ...args], {
          env,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(options.stdin ?? '');
      });
    },
    dispose() {
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

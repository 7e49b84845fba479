// The person at the browser for `airlock sso login … --no-browser` runs of the built CLI: the test
// reads the address the CLI prints on stderr and acts on it against the Identity Center peer.
import { spawn } from 'node:child_process';
import type { IdentityCenterPeer } from './identity-center-peer/index';
import type { CliRun, TestCli } from './test-cli';

/**
 * Runs the CLI and acts on what it prints on stderr until `act` says it is done (true). Resolves
 * with the run once the CLI exits; rejects (and kills the CLI) when `act` throws.
 */
export function runCliWithBrowser(
  cli: TestCli,
  env: Record<string, string>,
  args: string[],
  act: (stderr: string) => Promise<boolean>,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [node, bundle] = cli.command.split(' ') as [string, string];
    const childEnv: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) childEnv[k] = v;
    Object.assign(childEnv, env);
    const child = spawn(node, [bundle, ...args], {
      env: childEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let acted = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (acted) return;
      void act(stderr).then(
        (done) => (acted ||= done),
        (error: unknown) => {
          child.kill();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end('');
  });
}

/** The authorize address a PKCE login printed on stderr, once it has. */
export function authorizeUrlIn(stderr: string): string | undefined {
  return /(https?:\/\/\S+\/authorize\?\S+)/.exec(stderr)?.[1];
}

/**
 * The browser follows the authorize URL and the person clicks Allow (or Deny); the redirect then
 * lands on the CLI's loopback listener. Returns the status the listener answered.
 */
export async function answerInBrowser(
  identityCenter: IdentityCenterPeer,
  authorizeUrl: string,
  options: { deny?: boolean; rewriteRedirect?: (location: URL) => void } = {},
): Promise<number> {
  const location = new URL(
    await identityCenter.authorize(authorizeUrl, options.deny ? { deny: true } : {}),
  );
  options.rewriteRedirect?.(location);
  return (await fetch(location)).status;
}

// Built-CLI Identity Center tests: the peers, a core and the CLI they run on (the rig), and the
// person at the browser for `airlock sso login … --no-browser` runs: the test reads the address the
// CLI prints on stderr and acts on it against the Identity Center peer.
import { spawn } from 'node:child_process';
import type { IdentityCenterPeer } from './identity-center-peer/index';
import { startStsPeer, type StsPeer } from './sts-peer/index';
import { makeTestCore, type TestCore } from './test-core';
import { buildTestCli, type CliRun, type TestCli } from './test-cli';

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

/** The STS and Identity Center peers, a test core on them and the built CLI with their env. */
export interface SsoCliRig {
  peer: StsPeer;
  t: TestCore;
  cli: TestCli;
  env: Record<string, string>;
}

/** Starts the rig a built-CLI Identity Center test needs (call in beforeAll; stop it in afterAll). */
export async function startSsoCliRig(name: string): Promise<SsoCliRig> {
  const peer = await startStsPeer();
  const t = await makeTestCore({ endpoint: peer.endpoint });
  const env = { ...t.env, ...peer.identityCenter.env };
  return { peer, t, cli: await buildTestCli(name, env), env };
}

export async function stopSsoCliRig(rig: Partial<SsoCliRig>): Promise<void> {
  rig.cli?.dispose();
  await rig.t?.close();
  await rig.peer?.stop();
}

/** Runs the CLI and gives its stdout; any other exit than 0 throws with its stderr. */
export async function cliOk(cli: TestCli, args: string[]): Promise<string> {
  const r = await cli.run(args);
  if (r.code !== 0) throw new Error(`airlock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

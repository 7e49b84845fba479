// Starts and stops the moto-based STS peer (moto_peer.py) and hands tests its endpoint and seed.
import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  identityCenterPeer,
  type IdentityCenterPeer,
  type IdentityCenterReady,
} from '../identity-center-peer/index';
import {
  WEB_IDENTITY_AUDIENCE,
  WEB_IDENTITY_ISSUER,
  WEB_IDENTITY_SIGNING_KEY,
} from '../web-identity-token';

export interface PeerSeed {
  /** An IAM user with a long-term access key and an inline policy allowing sts:*. */
  user: { name: string; arn: string; accessKeyId: string; secretAccessKey: string };
  /** A virtual MFA device enabled for the user; codes come from `totp(secretBase32)`. */
  mfa: { serial: string; secretBase32: string };
  /**
   * Role ARNs. admin/readonly/mfaRequired trust the account (mfaRequired only with MFA);
   * chain2 trusts admin's sessions, chain3 trusts chain2's; saml/samlAlt trust the SAML provider;
   * webIdentity trusts the OIDC provider.
   */
  roles: {
    admin: string;
    readonly: string;
    chain2: string;
    chain3: string;
    mfaRequired: string;
    saml: string;
    samlAlt: string;
    webIdentity: string;
  };
  samlProviderArn: string;
  /** Tokens from `makeWebIdentityToken` (test-support/web-identity-token.ts) are accepted. */
  oidcProviderArn: string;
}

export interface StsPeer {
  endpoint: string;
  accountId: string;
  seed: PeerSeed;
  /** IAM Identity Center (SSO OIDC + portal) in the same process; its role credentials are this peer's. */
  identityCenter: IdentityCenterPeer;
  /** Shifts the peer's clock (request-time window, Date header, expirations). 0 resets it. */
  setClockSkew(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartStsPeerOptions {
  /** 0 or absent: the OS picks a free port (no race: the peer reports the port it bound). */
  port?: number;
  clockSkewSeconds?: number;
  /** Default 30 s: a cold moto import takes a few seconds on a busy 2-core machine. */
  startTimeoutMs?: number;
}

interface ReadyLine {
  port: number;
  accountId: string;
  seed: PeerSeed;
  identityCenter: IdentityCenterReady;
}

const LAUNCHER = fileURLToPath(new URL('./moto_peer.py', import.meta.url));
const STDERR_KEEP_CHARS = 16_000;
const livePeers = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the whole process group, since the launcher was spawned detached.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous; SIGKILL needs no cooperation from python.
  process.once('exit', () => {
    for (const child of livePeers) killGroup(child, 'SIGKILL');
  });
}

function unrefStream(stream: unknown): void {
  if (stream instanceof Socket) stream.unref();
}

export async function startStsPeer(options: StartStsPeerOptions = {}): Promise<StsPeer> {
  const python = process.env.AIRLOCK_PYTHON ?? 'python3';
  const args = [
    LAUNCHER,
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--clock-skew-seconds',
    String(options.clockSkewSeconds ?? 0),
    '--oidc-issuer',
    WEB_IDENTITY_ISSUER,
    '--oidc-audience',
    WEB_IDENTITY_AUDIENCE,
    '--oidc-key',
    WEB_IDENTITY_SIGNING_KEY,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  // The peer is an AWS endpoint, not an AWS client: keep the caller's AWS settings out of it.
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];
  const child = spawn(python, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env });
  livePeers.add(child);
  installExitHook();

  let stderr = '';
  // Drain both pipes for the peer's whole life, or python blocks once a pipe buffer fills.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
  });
  child.stdout?.setEncoding('utf8');

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      livePeers.delete(child);
      reject(new Error(`STS peer failed to start: ${reason}\n--- python stderr ---\n${stderr}`));
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${options.startTimeoutMs ?? 30_000} ms`),
      options.startTimeoutMs ?? 30_000,
    );
    const onError = (error: Error): void => fail(`could not run ${python}: ${error.message}`);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`python exited (code ${code}, signal ${signal})`);
    child.once('error', onError);
    // 'close', not 'exit': it comes after stderr is drained, so the failure shows python's last words.
    child.once('close', onExit);
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.removeListener('close', onExit);
      child.removeListener('error', onError);
      try {
        resolve(JSON.parse(stdout.slice(0, newline)) as ReadyLine);
      } catch (error) {
        fail(`unreadable ready line (${String(error)}): ${stdout.slice(0, 200)}`);
      }
    });
  });

  const endpoint = `http://127.0.0.1:${ready.port}`;
  await waitForPort(ready.port, 10_000);
  // Let a test process exit even if someone forgets stop(); the exit hook still kills python.
  child.unref();
  unrefStream(child.stdin);
  unrefStream(child.stdout);
  unrefStream(child.stderr);

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    accountId: ready.accountId,
    seed: ready.seed,
    identityCenter: identityCenterPeer(ready.identityCenter),
    async setClockSkew(seconds: number): Promise<void> {
      const response = await fetch(`${endpoint}/__peer/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ skewSeconds: seconds }),
      });
      if (!response.ok) throw new Error(`STS peer refused the clock change: ${response.status}`);
    },
    stop(): Promise<void> {
      stopped ??= (async () => {
        killGroup(child, 'SIGTERM');
        const killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
        await exited;
        clearTimeout(killTimer);
        livePeers.delete(child);
      })();
      return stopped;
    },
  };
}

/** Resolves once a TCP connection to the port succeeds. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`STS peer port ${port} never answered`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

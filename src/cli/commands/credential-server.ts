// `exec NAME --server -- CMD` and `serve NAME [--port P]`: the credential server on the CLI's core.
import type { Command } from 'commander';
import { toErrorView } from '../../main/airlock-error';
import {
  startCredentialServer,
  SERVED_MIN_VALIDITY_MS,
  type CredentialServer,
} from '../../main/credential-server/credential-server';
import type { StartOptions } from '../../main/sessions/credential-resolver';
import type { CliContext } from '../cli-context';
import { UsageError } from '../usage-error';

/** Variables that would win over the container provider in the SDKs' chains, or point elsewhere. */
const SHADOWING_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

/**
 * Gets the first credentials with the MFA flags (so a code given on the command line serves the
 * first answer, and a missing one fails before anything listens), then serves the session.
 */
async function serveSession(
  ctx: CliContext,
  name: string,
  options: StartOptions,
  port?: number,
): Promise<CredentialServer> {
  const c = await ctx.core();
  c.sessions.get(name);
  await c.sessions.credentials(name, SERVED_MIN_VALIDITY_MS, options);
  return startCredentialServer({
    sessionName: name,
    port,
    credentials: (minValidityMs) => c.sessions.credentials(name, minValidityMs),
    onError: (error) => ctx.io.stderr(`airlock: ${toErrorView(error).message}\n`),
  });
}

export async function execWithCredentialServer(
  ctx: CliContext,
  name: string,
  options: StartOptions,
  runChild: (env: NodeJS.ProcessEnv) => Promise<number>,
): Promise<number> {
  const server = await serveSession(ctx, name, options);
  const c = await ctx.core();
  const region = c.sessions.get(name).region ?? c.sessions.settings().defaultRegion;
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: region, AWS_DEFAULT_REGION: region };
  for (const key of SHADOWING_VARIABLES) delete env[key];
  try {
    return await runChild({ ...env, ...server.env });
  } finally {
    await server.close();
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a port number from 1 to 65535, not "${value}".`);
  }
  return port;
}

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .argument('<name>')
    .description("serve the session's credentials over the ECS container-credentials protocol")
    .option('--port <port>', 'listen on this port of 127.0.0.1 (default: a free one)', parsePort)
    .action(async (name: string, flags: { port?: number }) => {
      const server = await serveSession(ctx, name, {}, flags.port);
      for (const [key, value] of Object.entries(server.env)) {
        ctx.io.stdout(`export ${key}=${value}\n`);
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}

// Using a session's credentials: whoami, env, exec and credential-process.
import { spawn } from 'node:child_process';
import { Option, type Command } from 'commander';
import {
  mfaCodeOption,
  mfaCodeStdinOption,
  mfaOptionsFrom,
  type MfaFlags,
  outputOption,
  queryOption,
  type CliContext,
  type OutputFlags,
} from '../cli-context';
import { credentialProcessJson } from '../credential-process-output';
import { UsageError } from '../usage-error';
import { execWithCredentialServer } from './credential-server';
import { errnoCode } from '../../main/fs/errno';
import { ENV_FORMATS, credentialEnv, isEnvFormat, renderEnv } from '../../main/sessions/env-export';

/**
 * exec's own options may also come after NAME, before the `--` (passThroughOptions hands them over
 * as the command): `exec NAME --mfa-code CODE -- CMD` or `exec NAME --mfa-code-stdin -- CMD`.
 * Returns the MFA flags and the command proper.
 */
export function splitExecArgs(
  mfaCode: string | undefined,
  rest: string[],
  mfaCodeStdin = false,
  server = false,
): MfaFlags & { server?: true; command: string[] } {
  let args = rest;
  let code = mfaCode;
  let stdin = mfaCodeStdin;
  let serve = server;
  const take = (value: string | undefined) => {
    if (code !== undefined) throw new UsageError('Give --mfa-code once.');
    if (value === undefined) throw new UsageError("option '--mfa-code <code>' argument missing.");
    code = value;
  };
  for (;;) {
    if (args[0] === '--mfa-code') {
      take(args[1]);
      args = args.slice(2);
    } else if (args[0]?.startsWith('--mfa-code=')) {
      take(args[0].slice('--mfa-code='.length));
      args = args.slice(1);
    } else if (args[0] === '--mfa-code-stdin') {
      stdin = true;
      args = args.slice(1);
    } else if (args[0] === '--server') {
      serve = true;
      args = args.slice(1);
    } else break;
  }
  if (args[0] === '--') args = args.slice(1);
  return {
    mfaCode: code,
    ...(stdin ? { mfaCodeStdin: true } : {}),
    ...(serve ? { server: true as const } : {}),
    command: args,
  };
}

async function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, ctx: CliContext) {
  return new Promise<number>((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('error', (error) => {
      ctx.io.stderr(`airlock: cannot run ${cmd}: ${errnoCode(error) ?? error.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export function registerCredentialCommands(program: Command, ctx: CliContext): void {
  program
    .command('whoami')
    .argument('<name>')
    .description("GetCallerIdentity with the session's credentials")
    .addOption(mfaCodeOption())
    .addOption(mfaCodeStdinOption())
    .addOption(outputOption())
    .addOption(queryOption())
    .action(async (name: string, flags: OutputFlags & MfaFlags) => {
      const options = mfaOptionsFrom(flags);
      const c = await ctx.core();
      ctx.print(await c.sessions.whoami(name, options), flags);
    });

  program
    .command('env')
    .argument('<name>')
    .description('print export lines for the session credentials')
    .addOption(
      new Option('--format <shell>', 'sh, fish, powershell or json')
        .choices(ENV_FORMATS)
        .default('sh'),
    )
    .addOption(mfaCodeOption())
    .addOption(mfaCodeStdinOption())
    .action(async (name: string, flags: MfaFlags & { format: string }) => {
      const format = flags.format;
      if (!isEnvFormat(format)) {
        throw new UsageError(`--format must be sh, fish, powershell or json, not "${format}".`);
      }
      const options = mfaOptionsFrom(flags);
      const c = await ctx.core();
      const view = c.sessions.get(name);
      const creds = await c.sessions.credentials(name, undefined, options);
      const region = view.region ?? c.sessions.settings().defaultRegion;
      ctx.io.stdout(`${renderEnv(credentialEnv(creds, region), format)}\n`);
    });

  program
    .command('exec')
    .argument('<name>')
    .argument('<command...>')
    .description('run a command with the session credentials in its environment')
    .addOption(mfaCodeOption())
    .addOption(mfaCodeStdinOption())
    .option('--server', 'serve the credentials to CMD over the ECS container-credentials protocol')
    .passThroughOptions()
    .action(async (name: string, rest: string[], flags: MfaFlags & { server?: boolean }) => {
      const split = splitExecArgs(flags.mfaCode, rest, flags.mfaCodeStdin, flags.server);
      const options = mfaOptionsFrom(split);
      const [cmd, ...args] = split.command;
      if (!cmd) throw new UsageError('Name the command to run after --.');
      if (split.server) {
        ctx.exitCode = await execWithCredentialServer(ctx, name, options, (env) =>
          run(cmd, args, env, ctx),
        );
        return;
      }
      const c = await ctx.core();
      const view = c.sessions.get(name);
      const creds = await c.sessions.credentials(name, undefined, options);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...credentialEnv(creds, view.region ?? c.sessions.settings().defaultRegion),
      };
      delete env.AWS_PROFILE;
      ctx.exitCode = await run(cmd, args, env, ctx);
    });

  program
    .command('credential-process')
    .argument('<name>')
    .description('print Version 1 credential_process JSON (for the AWS config file)')
    .addOption(mfaCodeOption())
    .addOption(mfaCodeStdinOption())
    .action(async (name: string, flags: MfaFlags) => {
      const options = mfaOptionsFrom(flags);
      const c = await ctx.core();
      const creds = await c.sessions.credentials(name, undefined, options);
      ctx.io.stdout(credentialProcessJson(creds));
    });
}

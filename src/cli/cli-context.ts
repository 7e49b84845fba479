// What every command module gets: the io, a lazily built core, output rendering and the shared options.
import { Option } from 'commander';
import { createCore, type Core } from '../main/create-core';
import type { StartOptions } from '../main/sessions/credential-resolver';
import { TtyPrompter } from './tty-prompter';
import { OUTPUT_FORMATS, render, type OutputFormat } from './output';
import { UsageError } from './usage-error';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface OutputFlags {
  output?: string;
  query?: string;
}

export interface CliContext {
  readonly io: Io;
  /** The core, built on first use; `sweep` first removes what expired since the last command. */
  core(options?: { sweep?: boolean }): Promise<Core>;
  /** Renders a result on stdout (nothing at all for an empty rendering). */
  print(value: unknown, flags: OutputFlags, tableColumns?: string[]): void;
  /** The process exit code when the command succeeds (exec passes its child's on). */
  exitCode: number;
}

/** A context for one CLI run; dispose() releases the core if one was built. */
export function createContext(io: Io): CliContext & { dispose(): Promise<void> } {
  let built: Core | undefined;
  return {
    io,
    exitCode: 0,
    async core(options = {}) {
      built ??= await createCore({ prompter: new TtyPrompter() });
      for (const warning of built.store.warnings) io.stderr(`airlock: warning: ${warning}\n`);
      built.store.warnings.length = 0;
      if (options.sweep) await built.sessions.sweep();
      return built;
    },
    print(value, flags, tableColumns) {
      const format = (flags.output ?? 'json') as OutputFormat;
      const text = render(value, format, flags.query, tableColumns);
      if (text !== '') io.stdout(`${text}\n`);
    },
    async dispose() {
      await built?.dispose();
    },
  };
}

export const outputOption = () =>
  new Option('--output <format>', 'output format').choices(OUTPUT_FORMATS);

export const queryOption = () =>
  new Option('--query <jmespath>', 'JMESPath query applied to the result');

export const mfaCodeOption = () =>
  new Option('--mfa-code <code>', 'MFA code, instead of a prompt (also used by a parent session)');

/** Start options from --mfa-code, checked before anything else happens. */
export function mfaOptions(mfaCode: string | undefined): StartOptions {
  if (mfaCode === undefined) return {};
  if (!/^\d{6}$/.test(mfaCode)) throw new UsageError('--mfa-code is 6 digits.');
  return { mfaCode };
}

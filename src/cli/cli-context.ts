// What every command module gets: the io, a lazily built core, output rendering and the shared options.
import { readSync } from 'node:fs';
import { Option } from 'commander';
import { createCore, type Core } from '../main/create-core';
import type { StartOptions } from '../main/sessions/credential-resolver';
import { TtyPrompter } from './tty-prompter';
import { OUTPUT_FORMATS, render, type OutputFormat } from './output';
import { UsageError } from './usage-error';
import { errnoCode } from '../main/fs/errno';

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
  /** How the core asks the person (MFA, Identity Center logins); `sso login --no-browser` prints. */
  readonly prompter: TtyPrompter;
}

/** A context for one CLI run; dispose() releases the core if one was built. */
export function createContext(io: Io): CliContext & { dispose(): Promise<void> } {
  let built: Core | undefined;
  const prompter = new TtyPrompter();
  return {
    io,
    exitCode: 0,
    prompter,
    async core(options = {}) {
      built ??= await createCore({ prompter });
      for (const warning of [...built.store.warnings, ...built.warnings]) {
        io.stderr(`airlock: warning: ${warning}\n`);
      }
      built.store.warnings.length = 0;
      built.warnings.length = 0;
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

/** The code on stdin: a value on argv can be read by every local user (`ps`, /proc/PID/cmdline). */
export const mfaCodeStdinOption = () =>
  new Option('--mfa-code-stdin', 'read the MFA code from the first line of stdin (hidden from ps)');

/** Start options from --mfa-code, checked before anything else happens. */
export function mfaOptions(mfaCode: string | undefined): StartOptions {
  if (mfaCode === undefined) return {};
  if (!/^\d{6}$/.test(mfaCode)) throw new UsageError('--mfa-code is 6 digits.');
  return { mfaCode };
}

export interface MfaFlags {
  mfaCode?: string;
  mfaCodeStdin?: boolean;
}

/** Start options from --mfa-code or --mfa-code-stdin (one of them), checked before anything else happens. */
export function mfaOptionsFrom(
  flags: MfaFlags,
  readLine: () => string = readStdinLine,
): StartOptions {
  if (!flags.mfaCodeStdin) return mfaOptions(flags.mfaCode);
  if (flags.mfaCode !== undefined) {
    throw new UsageError('Give --mfa-code or --mfa-code-stdin, not both.');
  }
  const code = readLine().trim();
  if (!/^\d{6}$/.test(code)) {
    throw new UsageError('--mfa-code-stdin reads a 6-digit code from the first line of stdin.');
  }
  return { mfaCode: code };
}

/** A code is 6 digits; a longer first line is not a code and is not read further. */
const MAX_CODE_LINE = 64;

/**
 * The first line of stdin, read a byte at a time so nothing after it is taken: `exec`'s command
 * inherits stdin and gets the rest.
 */
export function readStdinLine(fd = 0): string {
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  while (bytes.length < MAX_CODE_LINE) {
    let read: number;
    try {
      read = readSync(fd, one, 0, 1, null);
    } catch (error) {
      // A non-blocking stdin with nothing in it yet: wait a little, the writer is on its way.
      if (errnoCode(error) !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (read === 0 || one[0] === 0x0a) break;
    bytes.push(one[0]!);
  }
  return Buffer.from(bytes).toString('utf8');
}

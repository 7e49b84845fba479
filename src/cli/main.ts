// The `airlock` CLI run: parse, run one command on the shared core, and map every error to an exit code once.
import { CommanderError } from 'commander';
import { AirlockError, toErrorView } from '../main/airlock-error';
import { createContext, type Io } from './cli-context';
import { buildProgram } from './program';
import { toUsageError } from './usage-error';

const PROCESS_IO: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Help and version are successes; every other parse failure is a usage error. */
const COMMANDER_SUCCESS = ['commander.helpDisplayed', 'commander.version', 'commander.help'];

/** Exit codes: 0 ok, 1 runtime error, 2 usage error (exec passes its command's code on). */
function exitCodeFor(error: unknown, io: Io): number {
  if (error instanceof CommanderError) return COMMANDER_SUCCESS.includes(error.code) ? 0 : 2;
  const usage = toUsageError(error);
  if (usage) {
    io.stderr(`airlock: ${usage.message}\n`);
    return 2;
  }
  const view = toErrorView(error);
  io.stderr(`airlock: ${view.message}${error instanceof AirlockError ? ` [${view.code}]` : ''}\n`);
  return 1;
}

/** Runs the CLI; resolves with the exit code. Exported for in-process tests and benchmarks. */
export async function runCli(argv: string[], io: Io = PROCESS_IO): Promise<number> {
  const ctx = createContext(io);
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return exitCodeFor(error, io);
  } finally {
    await ctx.dispose();
  }
}

// Runs a session's mfa-process command (no shell, 30 s at most) and reads the one 6-digit code it prints.
import { execFile } from 'node:child_process';
import { AirlockError } from '../airlock-error';
import { errnoCode } from '../fs/errno';
import { parseCommandLine } from '../../shared/mfa-command-line';

export const MFA_PROCESS_TIMEOUT_MS = 30_000;

/** The first non-empty line must hold exactly one 6-digit number (ykman prints it alone). */
export function codeFromOutput(stdout: string): string | undefined {
  const line = stdout.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const codes = line.match(/(?<!\d)\d{6}(?!\d)/g) ?? [];
  return codes.length === 1 && !/\d{7}/.test(line) ? codes[0] : undefined;
}

/**
 * Never logs or repeats the output: it is the code. Errors name the session and the command, and
 * say what to do.
 */
export function runMfaProcess(
  command: string,
  sessionName: string,
  timeoutMs = MFA_PROCESS_TIMEOUT_MS,
): Promise<string> {
  const fail = (why: string, cause?: unknown) =>
    new AirlockError(
      'MFA_REQUIRED',
      `The mfa-process of session ${sessionName} (${command}) ${why}. Fix it with "airlock session edit ${sessionName} --mfa-process CMD", or pass --mfa-code.`,
      cause === undefined ? undefined : { cause },
    );
  const parsed = parseCommandLine(command);
  if (!parsed.ok) return Promise.reject(fail(parsed.reason));
  const [file, ...args] = parsed.argv;
  return new Promise((resolve, reject) => {
    execFile(
      file!,
      args,
      {
        shell: false,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024,
        windowsHide: true,
      },
      (error, stdout) => {
        if (error) {
          // execFile's error: `code` is an errno string when it could not run, else the exit code.
          if (error.killed) return reject(fail(`printed no code within ${timeoutMs / 1000} s`));
          const code = errnoCode(error);
          if (code) return reject(fail(`could not be run (${code})`));
          return reject(fail(`exited with code ${String(error.code ?? 'unknown')}`));
        }
        const code = codeFromOutput(String(stdout));
        if (!code) return reject(fail('did not print one 6-digit code'));
        resolve(code);
      },
    );
  });
}

// The MFA code an STS call is made with: the one given, the session's mfa-process, or the Prompter's, asked again after a rejection.
import { AirlockError } from '../airlock-error';
import type { MfaParams } from '../sts/sts-gateway';
import type { StoredSession } from '../store/session-store';
import { runMfaProcess } from './mfa-process-runner';
import type { Prompter } from './prompter';

const MFA_ATTEMPTS = 3;

export interface MfaCodeRequest {
  /** The session whose call needs the code (its mfa-process, its name in prompts and errors). */
  session: StoredSession;
  /** The MFA device's serial number or ARN. */
  serial: string;
  /** A code given up front (CLI --mfa-code); a rejected one is not asked again. */
  given: string | undefined;
  /** Who can be asked; none in a non-interactive run. */
  prompter: Prompter | undefined;
}

/** Runs fn with an MFA code: the given one, or asked from the Prompter and asked again on rejection. */
export async function withMfaCode<T>(
  request: MfaCodeRequest,
  fn: (mfa: MfaParams) => Promise<T>,
): Promise<T> {
  const { session: s, serial, given, prompter } = request;
  if (given) return fn({ serialNumber: serial, tokenCode: given });
  let lastError: AirlockError | undefined;
  const command = 'mfaProcess' in s.config ? s.config.mfaProcess : undefined;
  if (command) {
    // The command's code comes first; when it fails, a person (if any) is asked, with the reason.
    try {
      const code = await runMfaProcess(command, s.config.name);
      return await fn({ serialNumber: serial, tokenCode: code });
    } catch (error) {
      if (!(error instanceof AirlockError)) throw error;
      if (error.code === 'MFA_REJECTED') {
        lastError = new AirlockError(
          'MFA_REJECTED',
          `AWS rejected the MFA code printed by the mfa-process of session ${s.config.name} (${command}). Check that it prints the code of device ${serial}, or pass --mfa-code.`,
          { cause: error },
        );
      } else if (error.code === 'MFA_REQUIRED') lastError = error;
      else throw error;
      if (!prompter) throw lastError;
    }
  }
  if (!prompter) {
    throw new AirlockError(
      'MFA_REQUIRED',
      `Session ${s.config.name} needs an MFA code from device ${serial}. Run "airlock session start ${s.config.name}" in a terminal, or pass --mfa-code.`,
    );
  }
  const processError = lastError;
  for (let attempt = 0; attempt < MFA_ATTEMPTS; attempt++) {
    const code = await prompter
      .askMfaCode({
        sessionId: s.id,
        sessionName: s.config.name,
        deviceArn: serial,
        ...(lastError ? { error: lastError.toView() } : {}),
      })
      .catch((error: unknown) => {
        // With no one to ask, the command's failure is the news, not the missing terminal.
        const noOne = error instanceof AirlockError && error.code === 'MFA_REQUIRED';
        throw noOne && processError ? processError : error;
      });
    try {
      return await fn({ serialNumber: serial, tokenCode: code });
    } catch (error) {
      if (!(error instanceof AirlockError) || error.code !== 'MFA_REJECTED') throw error;
      lastError = error;
    }
  }
  throw lastError ?? new AirlockError('MFA_REJECTED', `MFA failed for session ${s.config.name}.`);
}

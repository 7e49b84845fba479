// The CLI's Prompter: asks on the terminal, and fails clearly when there is no terminal to ask on.
import { createInterface } from 'node:readline/promises';
import { openSync, createWriteStream } from 'node:fs';
import { AirlockError } from '../main/airlock-error';
import type {
  Prompter,
  MfaRequest,
  SamlLoginRequest,
  RoleChoiceRequest,
} from '../main/sessions/prompter';
import type { SamlRoleChoice } from '../shared/sessions';
import type { Writable } from 'node:stream';

/** Where to show a prompt: stderr when it is a terminal, else the controlling terminal (credential_process pipes stderr). */
function promptOutput(): Writable {
  if (process.stderr.isTTY) return process.stderr;
  try {
    return createWriteStream('', { fd: openSync('/dev/tty', 'w') });
  } catch {
    return process.stderr;
  }
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: promptOutput(), terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

export class TtyPrompter implements Prompter {
  constructor(private readonly interactive = Boolean(process.stdin.isTTY)) {}

  async askMfaCode(request: MfaRequest): Promise<string> {
    if (!this.interactive) {
      throw new AirlockError(
        'MFA_REQUIRED',
        `Session ${request.sessionName} needs an MFA code from device ${request.deviceArn}, and there is no terminal to ask on. Run "airlock session start ${request.sessionName}" in a terminal, or pass --mfa-code.`,
      );
    }
    if (request.error) process.stderr.write(`${request.error.message}\n`);
    for (;;) {
      const code = await ask(
        `MFA code for session ${request.sessionName} (${request.deviceArn}): `,
      );
      if (/^\d{6}$/.test(code)) return code;
      if (code === '') throw new AirlockError('PROMPT_CANCELLED', 'MFA prompt cancelled.');
      process.stderr.write('An MFA code is 6 digits. Try again, or press Enter to cancel.\n');
    }
  }

  async samlLogin(request: SamlLoginRequest): Promise<string> {
    throw new AirlockError(
      'MFA_REQUIRED',
      `Session ${request.sessionName} needs a SAML login at ${request.idpUrl}. Start it from the Airlock app, or pass --saml-assertion-file with a saved SAMLResponse.`,
    );
  }

  async chooseRole(request: RoleChoiceRequest): Promise<SamlRoleChoice> {
    if (!this.interactive) {
      throw new AirlockError(
        'PROMPT_CANCELLED',
        `Your IdP offers several roles for session ${request.sessionName}; set the one to use with "airlock session edit ${request.sessionName} --role-arn ARN".`,
      );
    }
    request.roles.forEach((r, i) => process.stderr.write(`  ${i + 1}) ${r.roleArn}\n`));
    const answer = Number(
      await ask(`Role for session ${request.sessionName} [1-${request.roles.length}]: `),
    );
    const role = request.roles[answer - 1];
    if (!role) throw new AirlockError('PROMPT_CANCELLED', 'Role choice cancelled.');
    return role;
  }
}

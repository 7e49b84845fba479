// The CLI's Prompter: asks on the terminal, and fails clearly when there is no terminal to ask on;
// for an Identity Center login it opens the system browser (the `open` package) or prints the address.
import { createInterface } from 'node:readline/promises';
import { openSync, createWriteStream } from 'node:fs';
import { AirlockError } from '../main/airlock-error';
import { assertOpenableUrl } from '../main/identity-center/browser-url';
import type {
  BrowserLoginRequest,
  DeviceCodeRequest,
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

export interface TtyBrowserOptions {
  /** 'print' (`--no-browser`): write the address on stderr and open nothing. Default 'open'. */
  browser?: 'open' | 'print';
  /** Opens a URL in the system browser; default the `open` package, loaded on first use. */
  openUrl?: (url: string) => Promise<unknown>;
  /** Where login instructions go; default stderr (or the terminal when stderr is piped). */
  output?: Writable;
}

const openWithSystemBrowser = async (url: string): Promise<unknown> => {
  const { default: open } = await import('open');
  return open(url);
};

export class TtyPrompter implements Prompter {
  /** `--no-browser` sets 'print'. */
  browser: 'open' | 'print';
  private readonly openUrl: (url: string) => Promise<unknown>;
  private readonly output: Writable | undefined;

  constructor(
    private readonly interactive = Boolean(process.stdin.isTTY),
    options: TtyBrowserOptions = {},
  ) {
    this.browser = options.browser ?? 'open';
    this.openUrl = options.openUrl ?? openWithSystemBrowser;
    this.output = options.output;
  }

  private say(text: string): void {
    (this.output ?? promptOutput()).write(text);
  }

  /** Opens the sign-in page, or prints it; resolves once done, since the core waits for the redirect. */
  async openBrowser(request: BrowserLoginRequest): Promise<void> {
    const url = assertOpenableUrl(request.url, request.integrationName).href;
    if (this.browser === 'print') {
      this.say(
        `To log in to Identity Center for ${request.integrationName}, open this address in a browser on this computer:\n  ${url}\n(On another computer, use --use-device-code instead.)\n`,
      );
      return;
    }
    this.say(
      `Opening the Identity Center sign-in page for ${request.integrationName} in your browser. If it does not open, visit:\n  ${url}\n`,
    );
    await this.openUrl(url).catch(() =>
      this.say('Airlock could not open a browser; open the address above yourself.\n'),
    );
  }

  /** Prints the code and where to enter it; with a browser, also opens the page with the code filled in. */
  async showDeviceCode(request: DeviceCodeRequest): Promise<void> {
    const page = assertOpenableUrl(request.verificationUri, request.integrationName).href;
    const complete = request.verificationUriComplete
      ? assertOpenableUrl(request.verificationUriComplete, request.integrationName).href
      : undefined;
    const until = new Date(request.expiresAt).toLocaleTimeString();
    this.say(
      `To log in to Identity Center for ${request.integrationName}, open\n  ${page}\nand enter the code\n  ${request.userCode}\n(it works until ${until}). Waiting for approval…\n`,
    );
    if (this.browser === 'open' && complete) await this.openUrl(complete).catch(() => undefined);
  }

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

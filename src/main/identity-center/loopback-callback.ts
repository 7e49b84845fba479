// The one-shot loopback listener that receives the authorization code (RFC 8252): 127.0.0.1, a random port, /oauth/callback.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AirlockError } from '../airlock-error';

export const CALLBACK_PATH = '/oauth/callback';
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface LoopbackCallback {
  /** `http://127.0.0.1:PORT/oauth/callback`: the redirect URI of both /authorize and CreateToken. */
  redirectUri: string;
  /** The code, once a callback with the expected state arrives; rejects on error=, a wrong state or the timeout. */
  code: Promise<string>;
  /** Stops listening (idempotent); a code not yet received then rejects as cancelled. */
  close(): void;
}

export interface LoopbackCallbackOptions {
  integrationName: string;
  state: string;
  timeoutMs?: number;
}

function page(response: ServerResponse, status: number, title: string, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'",
    connection: 'close',
  });
  response.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1><p>${text}</p></body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function listenForCallback(
  options: LoopbackCallbackOptions,
): Promise<LoopbackCallback> {
  const name = options.integrationName;
  let settle: { resolve(code: string): void; reject(error: AirlockError): void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // The caller may be busy opening the browser when a rejection lands; it still sees it on await.
  code.catch(() => undefined);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // Browsers also ask for /favicon.ico and the like: only the callback path counts.
    if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      page(response, 404, 'Not found', 'This address only receives the Identity Center sign-in.');
      return;
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (url.searchParams.get('state') !== options.state) {
      page(
        response,
        400,
        'Sign-in refused',
        'This sign-in was not started by Airlock. Close this tab and log in again from Airlock.',
      );
      finish(
        new AirlockError(
          'SSO_LOGIN_FAILED',
          `Identity Center login for ${name} was refused: the browser came back with a state Airlock did not send, so the answer may not be from your sign-in. Log in again.`,
        ),
      );
    } else if (error !== null) {
      const reason = escapeHtml(error);
      page(
        response,
        400,
        'Sign-in not completed',
        `Identity Center answered: ${reason}. Close this tab and return to Airlock.`,
      );
      finish(
        new AirlockError(
          'SSO_LOGIN_FAILED',
          error === 'access_denied'
            ? `Identity Center login for ${name} was denied in the browser.`
            : `Identity Center login for ${name} failed in the browser: ${error.slice(0, 100)}.`,
        ),
      );
    } else if (!received) {
      page(
        response,
        400,
        'Sign-in not completed',
        'The sign-in came back without a code. Close this tab and log in again from Airlock.',
      );
      finish(
        new AirlockError(
          'SSO_LOGIN_FAILED',
          `Identity Center login for ${name} came back without an authorization code. Log in again.`,
        ),
      );
    } else {
      page(
        response,
        200,
        'Signed in',
        'Airlock is signed in to IAM Identity Center. You can close this tab.',
      );
      finish(received);
    }
  });

  const timer = setTimeout(
    () =>
      finish(
        new AirlockError(
          'SSO_LOGIN_FAILED',
          `Identity Center login for ${name} timed out waiting for the browser. Log in again.`,
        ),
      ),
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  timer.unref();

  let finished = false;
  function finish(outcome: string | AirlockError): void {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    // One request is all it serves: stop accepting, and let the answer page finish sending.
    server.close();
    server.closeIdleConnections();
    if (typeof outcome === 'string') settle?.resolve(outcome);
    else settle?.reject(outcome);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    code,
    close: () =>
      finish(
        new AirlockError('PROMPT_CANCELLED', `Identity Center login for ${name} was cancelled.`),
      ),
  };
}
